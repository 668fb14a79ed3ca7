using BenchmarkDotNet.Attributes;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;

namespace Unico.Benchmarks;

/// <summary>
/// One cost-model evaluation on one thread: the README's example case
/// (examples/timeloop/row_stationary-resnet18_conv4, Timeloop's mapper's best mapping), and the
/// eyeriss-like space's default point with the Eyeriss reference mapping (the case earlier figures
/// in docs/benchmarks.md were measured on).
/// Run: <c>dotnet run -c Release --project benchmarks/Unico.Benchmarks -- --filter *CostModel*</c>.
/// </summary>
[MemoryDiagnoser]
public class CostModelBenchmarks
{
    private CostModelEvaluator _example = null!;
    private MappingBuffer _exampleMapping = null!;
    private CostModelEvaluator _eyeriss = null!;
    private MappingBuffer _eyerissMapping = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRepoRoot();
        var dir = Path.Combine(root, "examples", "timeloop", "row_stationary-resnet18_conv4");
        var spec = TimeloopSpec.Load(
            Path.Combine(dir, "arch.yaml"), Path.Combine(dir, "problem.yaml"), Path.Combine(dir, "map.yaml"), Path.Combine(dir, "ERT.yaml"));
        (_example, _exampleMapping) = Prepare(spec.Problem, spec.Architecture.Architecture, spec.Mapping);

        var data = Path.Combine(root, "examples", "timeloop", "eyeriss-like");
        var space = BuiltInSpaces.Get("eyeriss-like");
        var hardware = space.Build(space.Default);
        var problem = TimeloopProblemReader.Read(Path.Combine(data, "problem.yaml"));
        var mapping = TimeloopMappingReader.Read(Path.Combine(data, "map.yaml"), problem, hardware.ToTimeloop());
        (_eyeriss, _eyerissMapping) = Prepare(problem, hardware.Architecture, mapping);
    }

    [Benchmark]
    public double EvaluateExampleMapping() => _example.Evaluate(_exampleMapping).EnergyPj;

    [Benchmark]
    public double EvaluateEyerissMapping() => _eyeriss.Evaluate(_eyerissMapping).EnergyPj;

    private static (CostModelEvaluator, MappingBuffer) Prepare(Problem problem, Architecture architecture, MappingSpec mapping) =>
        (new CostModelEvaluator(problem, architecture), MappingBuffer.From(mapping, problem.Shape.Dimensions.Length, problem.Shape.DataSpaces.Length));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the Unico repository");
    }
}
