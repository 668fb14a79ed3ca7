namespace Unico.Web;

/// <summary>
/// Where the app finds its own files, whatever the working directory: the content root is the
/// app's folder (where <c>Unico.Web.dll</c>, <c>wwwroot</c> and its <c>appsettings.json</c> are)
/// unless the operator names one (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>). Started from
/// a build rather than a publish (its folder has no <c>wwwroot</c>), it serves the static files
/// from where the build's manifest says they are, in any environment.
/// </summary>
public static class HostPaths
{
    /// <summary>The builder options for <paramref name="args"/>.</summary>
    public static WebApplicationOptions Options(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 };
        return new WebApplicationOptions { Args = args, ContentRootPath = named ? null : AppContext.BaseDirectory };
    }

    /// <summary>Serves the static files of a build (not published) from the build's static web assets manifest.</summary>
    public static void ServeBuildOutputAssets(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = builder.Environment.ContentRootPath;
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json");
        if (!Directory.Exists(Path.Combine(root, "wwwroot")) && File.Exists(manifest)) builder.WebHost.UseStaticWebAssets();
    }
}
