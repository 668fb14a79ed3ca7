namespace Unico.Engine.Tests;

/// <summary>Locates the repository and the test data it holds.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>This project's test data (tests/Unico.Engine.Tests/Data).</summary>
    public static string Data => Path.Combine(RepoRoot, "tests", "Unico.Engine.Tests", "Data");

    /// <summary>Timeloop's own outputs on architectures written for this project (see its README).</summary>
    public static string Oracle => Path.Combine(Data, "timeloop-oracle");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Unico.sln above the test binaries");
    }
}
