using Microsoft.Extensions.Configuration.Json;

namespace Unico.Web;

/// <summary>
/// Finds the operator's top-level <c>appsettings.json</c> (the repository root's, or the working
/// directory's in a container) and adds it to the configuration right after the project's own
/// appsettings files, so environment variables and the command line still override it.
/// Order searched: <c>UNICO_SETTINGS</c> (a file path), the current directory, then the content
/// root's parent directories (two levels: <c>src/Unico.Web</c> -> the repository root).
/// </summary>
public static class OperatorSettings
{
    /// <summary>Adds the file when found; returns its directory (the base of relative paths), else the content root.</summary>
    public static string Add(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var contentRoot = Path.GetFullPath(builder.Environment.ContentRootPath);
        var own = Path.Combine(contentRoot, "appsettings.json");
        var file = Find(contentRoot);
        if (file is null) return contentRoot;
        var directory = Path.GetDirectoryName(file)!;
        if (!string.Equals(file, own, StringComparison.Ordinal))
        {
            var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
            var index = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
            var source = new JsonConfigurationSource { Path = file, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(index + 1, source);
        }
        return directory;
    }

    private static string? Find(string contentRoot)
    {
        if (Environment.GetEnvironmentVariable("UNICO_SETTINGS") is { Length: > 0 } explicitFile)
            return File.Exists(explicitFile) ? Path.GetFullPath(explicitFile) : throw new FileNotFoundException("UNICO_SETTINGS names a missing file", explicitFile);
        var candidates = new List<string> { Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json") };
        var dir = new DirectoryInfo(contentRoot);
        for (var i = 0; i < 2 && dir.Parent is not null; i++)
        {
            dir = dir.Parent;
            candidates.Add(Path.Combine(dir.FullName, "appsettings.json"));
        }
        return candidates.Select(Path.GetFullPath).FirstOrDefault(f => File.Exists(f) && HasUnicoSection(f) && !IsProjectFile(f, contentRoot));
    }

    private static bool HasUnicoSection(string file) => File.ReadAllText(file).Contains("\"Unico\"", StringComparison.Ordinal);

    private static bool IsProjectFile(string file, string contentRoot) =>
        string.Equals(Path.GetDirectoryName(file), contentRoot, StringComparison.Ordinal);
}
