using Unico.Engine.CostModel;

namespace Unico.Engine.Tests.CostModel;

public sealed class MulticastTests
{
    private static readonly StorageEnergy Unit = new(1, 1, 1, 0);

    // DRAM -> buffer -> 12 PEs (one fan-out along X) -> 12 MACs.
    private static Architecture Twelve() => new("twelve",
    [
        new StorageLevel("DRAM", 1, 1, 1, null, 1, 8, 1, null, null, null, Unit, 0),
        new StorageLevel("Buffer", 1, 12, 1, 1_000_000, 1, 8, 1, null, null, null, Unit, 0),
        new StorageLevel("PE", 12, 1, 1, 1000, 1, 8, 1, null, null, null, Unit, 0),
    ], new ComputeUnit("MAC", 12, 1, 0));

    [Fact]
    public void Spatial_loops_that_move_the_same_input_axis_share_equal_tiles()
    {
        // Conv with S3 x Q4 spread over 12 PEs: each PE needs one input word at row h = s + q.
        // Only 6 rows are distinct, so the buffer reads 6 words, not 12; weights differ only by S
        // (3 distinct) and outputs only by Q (4 distinct, partial sums over S reduced on the way up).
        var problem = new Problem(ProblemShapes.Conv2d(), [1, 1, 1, 3, 1, 1, 4]);
        var evaluator = new CostModelEvaluator(problem, Twelve());
        var mapping = evaluator.CreateMappingBuffer();
        const int s = 3, q = 6, buffer = 1;
        mapping.Spatial[buffer * 7 + s] = 3;
        mapping.Spatial[buffer * 7 + q] = 4;
        var result = evaluator.EvaluateDetailed(mapping);
        Assert.True(result.IsValid, result.InvalidReason);
        var level = result.Levels.Single(l => l.Name == "Buffer");
        Assert.Equal(6, level.Tensors.Single(t => t.DataSpace == "Inputs").Reads);
        Assert.Equal(3, level.Tensors.Single(t => t.DataSpace == "Weights").Reads);
        Assert.Equal(4, level.Tensors.Single(t => t.DataSpace == "Outputs").Updates);
        Assert.Equal(1, result.Cycles);
    }
}
