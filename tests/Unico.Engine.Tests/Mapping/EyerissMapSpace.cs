using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.Mapping;

/// <summary>
/// The eyeriss-like space's default point (Timeloop's Eyeriss-like reference architecture) with
/// the reference case's layer (examples/timeloop/eyeriss-like/problem.yaml), as a map-space.
/// </summary>
internal static class EyerissMapSpace
{
    private static readonly Lazy<(TimeloopArchitecture Arch, Engine.CostModel.Problem Problem)> Inputs = new(() =>
    {
        var space = BuiltInSpaces.Get("eyeriss-like");
        var arch = space.Build(space.Default).ToTimeloop();
        var problem = TimeloopProblemReader.Read(ProblemFile);
        return (arch, problem);
    });

    /// <summary>The reference layer: C3 M32 R3 S3 P112 Q112, stride 2.</summary>
    public static string ProblemFile => Path.Combine(TestPaths.RepoRoot, "examples", "timeloop", "eyeriss-like", "problem.yaml");

    /// <summary>The reference mapping's loop factors, as a Timeloop mapping file.</summary>
    public static string MappingFile => Path.Combine(TestPaths.RepoRoot, "examples", "timeloop", "eyeriss-like", "map.yaml");

    public static TimeloopArchitecture Architecture => Inputs.Value.Arch;

    public static Engine.CostModel.Problem Problem => Inputs.Value.Problem;

    public static MapSpace Create() => MapSpace.Create(Problem, Architecture.Architecture, Architecture.Constraints, Architecture.ContainerLevels);
}
