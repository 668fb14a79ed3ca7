using Unico.Engine.CostModel;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.CostModel;

/// <summary>The simulation that checks the fast evaluator is itself checked against Timeloop's own outputs.</summary>
public sealed class NestSimulationTests
{
    public static TheoryData<string> Cases() => OracleCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_simulation_counts_what_Timeloop_counts_on_every_oracle_case(string name)
    {
        var c = OracleCase.Get(name);
        var spec = c.Spec();
        var expected = c.Expected();
        var arch = spec.Architecture.Architecture;
        var mapping = MappingBuffer.From(spec.Mapping, spec.Problem.Shape.Dimensions.Length, spec.Problem.Shape.DataSpaces.Length);
        var counts = NestSimulation.Run(spec.Problem, arch, mapping);
        var compared = 0;
        foreach (var level in expected.Levels.Where(l => l.Tensors.Count > 0))
        {
            var l = arch.LevelIndex(level.Name);
            Assert.True(l >= 0, $"{name}: no level {level.Name}");
            foreach (var (tensor, exp) in level.Tensors)
            {
                var got = counts[l, spec.Problem.Shape.DataSpaceIndex(tensor)];
                Assert.True(got is not null, $"{name}: {level.Name} {tensor} not kept");
                Near(exp.Reads, got!.Reads, $"{name} {level.Name} {tensor} reads");
                Near(exp.Fills, got.Fills, $"{name} {level.Name} {tensor} fills");
                Near(exp.Updates, got.Updates, $"{name} {level.Name} {tensor} updates");
                compared++;
            }
        }
        Assert.True(compared > 0);
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(expected == actual, $"{what}: Timeloop {expected}, simulation {actual}");
}
