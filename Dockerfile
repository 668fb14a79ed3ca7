# Builds and runs the Unico web app (Blazor Server, Hangfire, SQLite).
#   docker build -t unico .
#   docker run -p 8080:8080 -v unico-data:/data unico        # then open http://localhost:8080
# Data (SQLite databases, run checkpoints and results) lives in the /data volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Unico.Engine/Unico.Engine.csproj src/Unico.Engine/
COPY src/Unico.Web/Unico.Web.csproj src/Unico.Web/
RUN dotnet restore src/Unico.Web/Unico.Web.csproj
COPY src/Unico.Engine/ src/Unico.Engine/
COPY src/Unico.Web/ src/Unico.Web/
RUN dotnet publish src/Unico.Web/Unico.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The operator settings of the repository root; the environment below overrides the paths and URL
# for the container (environment variables take precedence over the file).
COPY appsettings.json /etc/unico/appsettings.json
ENV UNICO_SETTINGS=/etc/unico/appsettings.json \
    ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://0.0.0.0:8080 \
    Unico__DataDirectory=/data \
    Unico__DatabasePath=/data/unico.db \
    Unico__HangfireDatabasePath=/data/hangfire.db
RUN mkdir -p /data && chown -R app:app /data
USER app
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "Unico.Web.dll"]
