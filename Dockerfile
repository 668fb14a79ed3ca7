# Builds and runs the Unico web app (Blazor Server, Hangfire, SQLite).
#   docker build -t unico .
#   docker run -p 8080:8080 -v unico-data:/data \
#     -e Unico__Auth__Users__0__UserName=admin -e Unico__Auth__Users__0__Password='<a strong password>' -e Unico__Auth__Users__0__Admin=true \
#     unico                                                   # then open http://localhost:8080 and sign in
# The container listens on 0.0.0.0, so every request must sign in (an account, an API key or an
# OpenID Connect provider: docs/web.md, Access). Data (SQLite databases, run checkpoints and
# results, the data-protection keys that sign cookies) lives in the /data volume.

# Base images pinned to the SDK and runtime the project is built and tested with.
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Unico.Engine/Unico.Engine.csproj src/Unico.Engine/
COPY src/Unico.Web/Unico.Web.csproj src/Unico.Web/
RUN dotnet restore src/Unico.Web/Unico.Web.csproj
COPY src/Unico.Engine/ src/Unico.Engine/
COPY src/Unico.Web/ src/Unico.Web/
RUN dotnet publish src/Unico.Web/Unico.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The operator settings of the repository root; the environment below overrides the paths and the
# address for the container (environment variables take precedence over the file).
COPY appsettings.json /etc/unico/appsettings.json
ENV UNICO_SETTINGS=/etc/unico/appsettings.json \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Unico__DataDirectory=/data \
    Unico__DatabasePath=/data/unico.db \
    Unico__HangfireDatabasePath=/data/hangfire.db
RUN mkdir -p /data && chown -R app:app /data
USER app
VOLUME /data
EXPOSE 8080
# /healthz answers without sign-in: 200 while the database answers and the Hangfire server beats.
# The runtime image has no curl; bash's /dev/tcp sends the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Unico.Web.dll"]
