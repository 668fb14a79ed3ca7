using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Tests.Interop.Timeloop;

namespace Unico.Engine.Tests.CostModel;

/// <summary>
/// Every case of the timeloop-oracle set (Data/timeloop-oracle), run from its own files and
/// compared with the numbers Timeloop printed: cycles, computes and every read, fill and update
/// exactly, energies within 1%, utilization within 0.5 points.
/// </summary>
public sealed class TimeloopOracleTests
{
    public static TheoryData<string> Cases() => OracleCase.Names();

    internal static (TimeloopSpec Spec, TimeloopStatsFile Expected) Load(string name)
    {
        var c = OracleCase.Get(name);
        return (c.Spec(), c.Expected());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cycles_and_computes_match_Timeloop_exactly(string name)
    {
        var (spec, expected) = Load(name);
        var result = spec.Evaluate();
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(expected.Computes, result.Computes);
        Assert.Equal(expected.Cycles, result.Cycles);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_fills_and_updates_of_every_level_and_tensor_match_Timeloop(string name)
    {
        var (spec, expected) = Load(name);
        var result = spec.Evaluate();
        Assert.True(result.IsValid, result.InvalidReason);
        var checkedTensors = 0;
        foreach (var level in expected.Levels.Where(l => l.Tensors.Count > 0))
        {
            var ours = result.Levels.SingleOrDefault(l => l.Name == level.Name);
            Assert.True(ours is not null, $"{name}: level {level.Name} missing from the evaluation");
            foreach (var (tensor, exp) in level.Tensors)
            {
                var t = ours!.Tensors.SingleOrDefault(x => x.DataSpace == tensor);
                Assert.True(t is not null, $"{name}: {level.Name} does not keep {tensor}");
                Assert.True(exp.Reads == t!.Reads, $"{name} {level.Name} {tensor} reads: Timeloop {exp.Reads}, Unico {t.Reads}");
                Assert.True(exp.Fills == t.Fills, $"{name} {level.Name} {tensor} fills: Timeloop {exp.Fills}, Unico {t.Fills}");
                Assert.True(exp.Updates == t.Updates, $"{name} {level.Name} {tensor} updates: Timeloop {exp.Updates}, Unico {t.Updates}");
                Assert.True(exp.UtilizedCapacity == t.Tile, $"{name} {level.Name} {tensor} tile: expected {exp.UtilizedCapacity}, got {t.Tile}");
                Assert.True(exp.UtilizedInstances == t.UtilizedInstances, $"{name} {level.Name} {tensor} utilized instances: expected {exp.UtilizedInstances}, got {t.UtilizedInstances}");
                checkedTensors++;
            }
            Assert.Equal(level.Tensors.Count, ours!.Tensors.Length);
        }
        Assert.True(checkedTensors > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Total_energy_each_level_energy_and_utilization_match_Timeloop(string name)
    {
        var (spec, expected) = Load(name);
        var result = spec.Evaluate();
        Assert.True(result.IsValid, result.InvalidReason);
        Within(expected.TotalEnergyPj, result.EnergyPj, 0.01, $"{name} total energy");
        foreach (var (level, energy) in expected.LevelEnergyPj)
        {
            var ours = result.Levels.Single(l => l.Name == level);
            Within(energy, ours.EnergyPj, 0.01, $"{name} {level} energy");
        }
        Assert.InRange(result.Utilization * 100, expected.UtilizationPercent - 0.5, expected.UtilizationPercent + 0.5);
    }

    private static void Within(double expected, double actual, double relative, string what)
    {
        var tolerance = relative * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected} (±{relative:P1}), got {actual}");
    }
}
