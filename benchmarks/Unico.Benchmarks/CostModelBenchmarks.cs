using BenchmarkDotNet.Attributes;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Benchmarks;

/// <summary>
/// One cost-model evaluation of the eyeriss_like-default case (Timeloop's own mapping), on one
/// thread. Run: <c>dotnet run -c Release --project benchmarks/Unico.Benchmarks -- --filter *CostModel*</c>.
/// </summary>
[MemoryDiagnoser]
public class CostModelBenchmarks
{
    private CostModelEvaluator _evaluator = null!;
    private MappingBuffer _mapping = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(FindShared(), "reference", "timeloop", "eyeriss_like-default");
        var spec = TimeloopSpec.Load(
            Path.Combine(dir, "arch.yaml"), Path.Combine(dir, "problem.yaml"), Path.Combine(dir, "map.yaml"),
            Path.Combine(dir, "expected", "timeloop-mapper.ERT.yaml"));
        _evaluator = new CostModelEvaluator(spec.Problem, spec.Architecture.Architecture);
        _mapping = MappingBuffer.From(spec.Mapping, spec.Problem.Shape.Dimensions.Length, spec.Problem.Shape.DataSpaces.Length);
    }

    [Benchmark]
    public double EvaluateEyerissMapping() => _evaluator.Evaluate(_mapping).EnergyPj;

    private static string FindShared()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir is null
            ? throw new InvalidOperationException("run from inside the Unico repository")
            : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
    }
}
