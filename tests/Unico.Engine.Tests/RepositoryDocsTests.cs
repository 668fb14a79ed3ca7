using System.Text.RegularExpressions;

namespace Unico.Engine.Tests;

/// <summary>
/// The repository is the whole product: its README and docs link only to files it holds, their
/// commands name files that exist in a clone, and nothing points outside the clone.
/// </summary>
public sealed partial class RepositoryDocsTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(TestPaths.RepoRoot, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_to_a_file_in_the_repository(string document)
    {
        var path = Path.Combine(TestPaths.RepoRoot, document);
        var dir = Path.GetDirectoryName(path)!;
        foreach (Match m in MarkdownLink().Matches(File.ReadAllText(path)))
        {
            var target = m.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var full = Path.GetFullPath(Path.Combine(dir, target));
            Assert.True(full.StartsWith(TestPaths.RepoRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{document}: link '{target}' leaves the repository");
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{document}: link '{target}' names no file");
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_file_a_command_names_exists_in_a_clone(string document)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, document));
        foreach (Match block in ShellBlock().Matches(text))
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in block.Groups[1].Value.Split('\n'))
            {
                var line = raw.Split(" #")[0].Trim();
                foreach (var statement in line.Split(';', StringSplitOptions.TrimEntries))
                {
                    var assignment = Assignment().Match(statement);
                    if (assignment.Success) variables[assignment.Groups[1].Value] = assignment.Groups[2].Value;
                }
                foreach (Match token in RepositoryPath().Matches(line))
                {
                    var value = token.Value;
                    foreach (var (name, replacement) in variables) value = value.Replace("$" + name, replacement, StringComparison.Ordinal);
                    if (value.Contains('$', StringComparison.Ordinal)) continue;
                    var full = Path.Combine(TestPaths.RepoRoot, value);
                    Assert.True(File.Exists(full) || Directory.Exists(full), $"{document}: the command '{line}' names '{value}', which a clone does not hold");
                }
            }
        }
    }

    [Fact]
    public void Nothing_in_the_repository_points_at_a_folder_beside_the_clone()
    {
        var outside = "../" + "shared"; // spelled in two parts so that this file does not match itself
        string[] roots = ["README.md", "test.sh", "src", "tests", "examples", "docs", "benchmarks", "Dockerfile", "appsettings.json"];
        foreach (var root in roots)
        {
            var full = Path.Combine(TestPaths.RepoRoot, root);
            var files = File.Exists(full) ? [full] : Directory.GetFiles(full, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Where(f => Path.GetExtension(f) is ".cs" or ".md" or ".json" or ".yaml" or ".sh" or ".razor" or ".js" or ".csproj" or ".props" or "");
            foreach (var file in files)
                Assert.False(File.ReadAllText(file).Contains(outside, StringComparison.Ordinal), $"{Path.GetRelativePath(TestPaths.RepoRoot, file)} points outside the clone");
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```(?:sh|bash)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")]
    private static partial Regex Assignment();

    // A token that names something in the repository: a top-level folder or a variable, then a path.
    [GeneratedRegex(@"(?<![\w/.-])(?:examples|docs|src|tests|benchmarks|\$[A-Za-z_]+)/[\w./-]+")]
    private static partial Regex RepositoryPath();
}
