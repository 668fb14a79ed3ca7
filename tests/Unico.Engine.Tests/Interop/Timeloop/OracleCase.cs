using System.Text.Json;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>
/// One case of the timeloop-oracle data set (Data/timeloop-oracle/cases.jsonl): the files
/// Timeloop read and the stats it printed.
/// </summary>
internal sealed record OracleCase(string Name, string Arch, string Layer, string Kind, string ArchPath, string ErtPath, string ArtPath, string ProblemPath, string MappingPath, string StatsPath)
{
    private static readonly Lazy<IReadOnlyList<OracleCase>> Cases = new(Load);

    /// <summary>Every case, in file order.</summary>
    public static IReadOnlyList<OracleCase> All => Cases.Value;

    /// <summary>The case named <c>arch__layer[__variant]</c>.</summary>
    public static OracleCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>The mapper cases of one architecture (Timeloop's best of 300 valid random mappings).</summary>
    public static IEnumerable<OracleCase> Mapper(string arch) => All.Where(c => c.Arch == arch && c.Kind == "mapper");

    /// <summary>Case names, for [MemberData].</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }

    /// <summary>The architecture file of <paramref name="arch"/>, with its ERT and ART.</summary>
    public static (string Arch, string Ert, string Art) ArchFiles(string arch)
    {
        var dir = Path.Combine(TestPaths.Oracle, "arch");
        return (Path.Combine(dir, $"{arch}.yaml"), Path.Combine(dir, $"{arch}.ERT.yaml"), Path.Combine(dir, $"{arch}.ART.yaml"));
    }

    /// <summary>The problem file of <paramref name="layer"/>.</summary>
    public static string ProblemFile(string layer) => Path.Combine(TestPaths.Oracle, "problems", $"{layer}.yaml");

    /// <summary>Reads the case's files as <c>unico model</c> does.</summary>
    public TimeloopSpec Spec() => TimeloopSpec.Load(ArchPath, ProblemPath, MappingPath, ErtPath, ArtPath);

    /// <summary>What Timeloop printed for the case.</summary>
    public TimeloopStatsFile Expected() => TimeloopStatsFile.Parse(StatsPath);

    private static List<OracleCase> Load()
    {
        var root = TestPaths.Oracle;
        var cases = new List<OracleCase>();
        foreach (var line in File.ReadLines(Path.Combine(root, "cases.jsonl")))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            var inputs = e.GetProperty("inputs");
            string P(string key) => Path.Combine(root, inputs.GetProperty(key).GetString()!);
            var arch = e.GetProperty("arch").GetString()!;
            var layer = e.GetProperty("layer").GetString()!;
            var kind = e.GetProperty("kind").GetString()!;
            var name = kind == "variant" ? $"{arch}__{layer}__{e.GetProperty("variant").GetString()}" : $"{arch}__{layer}";
            cases.Add(new OracleCase(name, arch, layer, kind, P("arch"), P("ert"), P("art"), P("problem"), P("mapping"),
                Path.Combine(root, e.GetProperty("stats").GetString()!)));
        }
        return cases;
    }
}
