using Unico.Engine.CostModel;
using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>
/// The simba-like default is something the cost model can run: a hand-written weight-stationary
/// mapping that obeys the built constraints is valid, keeps all 1024 MACs busy and costs energy
/// in every level.
/// </summary>
public sealed class SimbaMappingTests
{
    // conv2d dimension indices (ProblemShapes.Conv2dDimensions) and data spaces (Weights, Inputs, Outputs).
    private const int C = 0, M = 1, R = 2, S = 3, P = 5, Q = 6;

    private static (Problem Problem, BuiltHardware Hardware, MappingBuffer Mapping) Build()
    {
        var space = BuiltInSpaces.Get("simba-like");
        var hw = space.Build(space.Default);
        var problem = new Problem(ProblemShapes.Conv2d(), [64, 64, 3, 3, 1, 14, 14]);
        var levels = hw.Architecture.Levels;
        var m = new MappingBuffer(levels.Length, 7, 3);
        int L(string name) => hw.Architecture.LevelIndex(name);
        void T(string level, int dim, int factor) => m.Temporal[L(level) * 7 + dim] = factor;
        void Sp(string level, int dim, int factor) => m.Spatial[L(level) * 7 + dim] = factor;
        void Keep(string level, params string[] tensors)
        {
            string[] all = ["Weights", "Inputs", "Outputs"];
            for (var s = 0; s < 3; s++) m.Keep[L(level) * 3 + s] = tensors.Contains(all[s]);
        }
        T("DRAM", C, 2);
        T("GlobalBuffer", M, 2);
        Sp("inter_PE_column_spatial", M, 4);
        Sp("inter_PE_spatial", C, 4);
        m.SpatialSplit[L("inter_PE_spatial")] = 0;
        T("PEWeightBuffer", Q, 14);
        T("PEAccuBuffer", R, 3);
        T("PEAccuBuffer", S, 3);
        Sp("PEAccuBuffer", C, 8);
        Sp("PEAccuBuffer", M, 8);
        m.SpatialSplit[L("PEAccuBuffer")] = 1; // spatial order starts C, M: C along X (vector), M along Y (lanes)
        T("PEWeightRegs", P, 14);
        Keep("PEInputBuffer", "Inputs");
        Keep("PEWeightBuffer", "Weights");
        Keep("PEAccuBuffer", "Outputs");
        Keep("PEWeightRegs", "Weights");
        return (problem, hw, m);
    }

    [Fact]
    public void A_weight_stationary_mapping_obeying_the_constraints_keeps_every_mac_busy()
    {
        var (problem, hw, m) = Build();
        AssertObeys(hw, m);
        var result = new CostModelEvaluator(problem, hw.Architecture).EvaluateDetailed(m.ToMapping());
        Assert.True(result.IsValid, result.InvalidReason);
        Assert.Equal(2 * 2 * 14 * 3 * 3 * 14, result.Cycles);
        Assert.Equal(1.0, result.Utilization, 6);
        Assert.All(result.Levels.Where(l => l.Name != "LMAC"), l => Assert.True(l.EnergyPj > 0, l.Name));
        // Each weight register is filled once per distinct weight it holds and read once per MAC.
        var regs = result.Levels.Single(l => l.Name == "PEWeightRegs").Tensors.Single();
        Assert.Equal(1, regs.Tile);
        Assert.Equal(14 * regs.Fills, regs.Reads);
    }

    private static void AssertObeys(BuiltHardware hw, MappingBuffer m)
    {
        var dims = ProblemShapes.Conv2dDimensions;
        string[] spaces = ["Weights", "Inputs", "Outputs"];
        for (var l = 0; l < hw.Architecture.Levels.Length; l++)
        {
            var c = hw.Constraints[hw.Architecture.Levels[l].Name];
            foreach (var (dim, factor) in c.TemporalFactors) Assert.Equal(factor, m.Temporal[l * 7 + dims.IndexOf(dim)]);
            foreach (var (dim, factor) in c.SpatialFactors) Assert.Equal(factor, m.Spatial[l * 7 + dims.IndexOf(dim)]);
            for (var s = 0; s < 3; s++)
            {
                if (c.Keep.Contains(spaces[s])) Assert.True(m.Keep[l * 3 + s]);
                if (c.Bypass.Contains(spaces[s])) Assert.False(m.Keep[l * 3 + s]);
            }
        }
    }
}
