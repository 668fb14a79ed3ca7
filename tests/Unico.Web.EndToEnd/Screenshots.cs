namespace Unico.Web.EndToEnd;

/// <summary>Where screenshots go: docs/screenshots of the repository.</summary>
public static class Screenshots
{
    /// <summary>The repository root (found from the test's directory).</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>Path of a screenshot file.</summary>
    public static string PathOf(string name)
    {
        var dir = Path.Combine(Root, "docs", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
