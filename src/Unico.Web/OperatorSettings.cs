using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Unico.Web;

/// <summary>
/// Finds the operator's top-level <c>appsettings.json</c> (the repository root's, or the working
/// directory's in a container) and adds it to the configuration right after the project's own
/// appsettings files, so environment variables and the command line still override it.
/// Order searched: <c>UNICO_SETTINGS</c> (a file path), the current directory and the two above it
/// (<c>dotnet run --project src/Unico.Web</c> runs in <c>src/Unico.Web</c>: the repository root), then
/// the content root (the app's folder) and the two above it. A file counts if it has a <c>Unico</c> section.
/// </summary>
public static class OperatorSettings
{
    /// <summary>
    /// Adds the file when found; returns its directory (the base of relative paths), else the content root.
    /// Also puts the <c>ASPNETCORE_</c> environment variables after every settings file: ASP.NET Core
    /// reads them before the files, so a file's <c>Urls</c> would beat <c>ASPNETCORE_URLS</c>. The order
    /// is then: the command line (<c>--urls</c>) over environment variables (<c>ASPNETCORE_URLS</c>,
    /// <c>URLS</c>) over the settings files (<c>Urls</c>).
    /// </summary>
    public static string Add(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var contentRoot = Path.GetFullPath(builder.Environment.ContentRootPath);
        var own = Path.Combine(contentRoot, "appsettings.json");
        var file = Find(contentRoot);
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        if (file is not null && !string.Equals(file, own, StringComparison.Ordinal))
        {
            var source = new JsonConfigurationSource { Path = file, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(LastSettingsFile(sources) + 1, source);
        }
        sources.Insert(LastSettingsFile(sources) + 1, new EnvironmentVariablesConfigurationSource { Prefix = "ASPNETCORE_" });
        return file is null ? contentRoot : Path.GetDirectoryName(file)!;
    }

    private static int LastSettingsFile(IList<IConfigurationSource> sources) =>
        sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;

    private static string? Find(string contentRoot)
    {
        if (Environment.GetEnvironmentVariable("UNICO_SETTINGS") is { Length: > 0 } explicitFile)
            return File.Exists(explicitFile) ? Path.GetFullPath(explicitFile) : throw new FileNotFoundException("UNICO_SETTINGS names a missing file", explicitFile);
        var candidates = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), contentRoot })
        {
            // The directory itself and two above it: `dotnet run --project src/Unico.Web` runs in src/Unico.Web.
            for (var (dir, i) = (new DirectoryInfo(start), 0); dir is not null && i < 3; dir = dir.Parent, i++)
                candidates.Add(Path.Combine(dir.FullName, "appsettings.json"));
        }
        return candidates.Select(Path.GetFullPath).FirstOrDefault(f => File.Exists(f) && HasUnicoSection(f) && !IsProjectFile(f, contentRoot));
    }

    private static bool HasUnicoSection(string file) => File.ReadAllText(file).Contains("\"Unico\"", StringComparison.Ordinal);

    private static bool IsProjectFile(string file, string contentRoot) =>
        string.Equals(Path.GetDirectoryName(file), contentRoot, StringComparison.Ordinal);
}
