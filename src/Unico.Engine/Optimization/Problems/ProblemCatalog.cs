namespace Unico.Engine.Optimization;

/// <summary>Benchmark problems by command-line name.</summary>
public static class ProblemCatalog
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["branincurrin", "zdt1", "zdt2", "zdt3", "dtlz2-2", "dtlz2-3"];

    /// <summary>Creates the problem of that name (case-insensitive), or returns null.</summary>
    public static BenchmarkProblem? TryCreate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "branincurrin" or "branin-currin" => new BraninCurrin(),
            "zdt1" => new Zdt(ZdtVariant.Zdt1),
            "zdt2" => new Zdt(ZdtVariant.Zdt2),
            "zdt3" => new Zdt(ZdtVariant.Zdt3),
            "dtlz2-2" or "dtlz2" => new Dtlz2(2),
            "dtlz2-3" => new Dtlz2(3),
            _ => null,
        };
    }
}
