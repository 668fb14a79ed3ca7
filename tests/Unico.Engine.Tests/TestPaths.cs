namespace Unico.Engine.Tests;

/// <summary>Locates the repository and the read-only shared reference data beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string TimeloopReference => Path.Combine(Shared, "reference", "timeloop");

    public static string TestData => Path.Combine(RepoRoot, "tests", "Unico.Engine.Tests", "TestData");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Unico.sln above the test binaries");
    }
}
