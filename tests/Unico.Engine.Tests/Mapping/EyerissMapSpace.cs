using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.Mapping;

/// <summary>The eyeriss_like-default case as a map-space: its architecture, constraints and layer.</summary>
internal static class EyerissMapSpace
{
    private static readonly Lazy<(TimeloopArchitecture Arch, Engine.CostModel.Problem Problem)> Inputs = new(() =>
    {
        var dir = Path.Combine(TestPaths.TimeloopReference, "eyeriss_like-default");
        var arch = TimeloopArchitectureReader.Read(Path.Combine(dir, "arch.yaml"), Path.Combine(dir, "expected", "timeloop-mapper.ERT.yaml"));
        var problem = TimeloopProblemReader.Read(Path.Combine(dir, "problem.yaml"));
        return (arch, problem);
    });

    public static TimeloopArchitecture Architecture => Inputs.Value.Arch;

    public static Engine.CostModel.Problem Problem => Inputs.Value.Problem;

    public static MapSpace Create() => MapSpace.Create(Problem, Architecture.Architecture, Architecture.Constraints, Architecture.ContainerLevels);
}
