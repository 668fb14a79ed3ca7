using BenchmarkDotNet.Attributes;
using Unico.Engine.Hardware;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Benchmarks;

/// <summary>
/// What the co-search pays per hardware point around the cost model: building every distinct
/// layer's mapping search of a two-network training workload (BERT-base + ResNet-50, 26 distinct
/// layers) on the output-stationary-vector matrix space's default point, alone and followed by a
/// first rung of 56 evaluations per layer. UNICO measures about 500 such points per run, so their
/// allocations, not only their time, decide how often the garbage collector stops the run.
/// Run: <c>dotnet run -c Release --project benchmarks/Unico.Benchmarks -- --filter *HardwarePoint*</c>.
/// </summary>
[MemoryDiagnoser]
public class HardwarePointBenchmarks
{
    private Workload _workload = null!;
    private BuiltHardware _hardware = null!;
    private readonly MapperOptions _mapper = new();

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRepoRoot();
        var space = DesignSpace.Load(Path.Combine(root, "examples", "matrix", "output-stationary-vector.json"));
        _hardware = space.Build(space.Default);
        _workload = Workload.Combine([WorkloadCatalog.Resolve("BERT-base"), WorkloadCatalog.Resolve("ResNet-50")], "training");
    }

    [Benchmark]
    public int BuildLayerSearches() => NewSearch().Layers.Count;

    [Benchmark]
    public long BuildAndRunFirstRung()
    {
        var search = NewSearch();
        foreach (var layer in search.Layers) layer.Search.Run(56);
        return search.TotalEvaluations;
    }

    private WorkloadMappingSearch NewSearch() =>
        new(_workload, _hardware.Architecture, _hardware.ConstraintsFor, _hardware.ContainerLevels, _mapper);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the Unico repository");
    }
}
