using Unico.Engine.CostModel;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>Layers: factories, kinds, strides, MACs and the structural key.</summary>
public sealed class LayerTests
{
    [Fact]
    public void Conv_factory_binds_dimensions_in_problem_order_and_the_stride_into_the_input_projection()
    {
        var l = Layer.Conv("c", c: 3, m: 64, r: 7, s: 5, p: 112, q: 110, stride: 2);
        Assert.Equal(LayerKind.Conv, l.Kind);
        Assert.Equal([3, 64, 7, 5, 1, 112, 110], l.Problem.Bounds.ToArray());
        Assert.Equal(new Spatial2D(2, 2), l.Stride);
        Assert.Equal(Spatial2D.One, l.Dilation);
        var inputs = l.Problem.DataSpaceSize(l.Problem.Shape.DataSpaceIndex("Inputs"));
        Assert.Equal(3L * ((112 - 1) * 2 + 7) * ((110 - 1) * 2 + 5), inputs);
        Assert.Equal(3L * 64 * 7 * 5 * 112 * 110, l.Macs);
    }

    [Fact]
    public void Total_macs_multiply_by_the_repeat_count()
    {
        var l = Layer.Matmul("m", 128, 64, 32, repeat: 12);
        Assert.Equal(128L * 64 * 32, l.Macs);
        Assert.Equal(12 * l.Macs, l.TotalMacs);
    }

    [Fact]
    public void Fully_connected_is_a_gemm_with_batch_rows_outputs_and_inputs()
    {
        var l = Layer.FullyConnected("fc", inputs: 2048, outputs: 1000);
        Assert.Equal("gemm", l.Problem.Shape.Name);
        Assert.Equal((1, 1000, 2048), (l.Bound("M"), l.Bound("N"), l.Bound("K")));
    }

    [Fact]
    public void Create_takes_named_dimensions_defaults_the_batch_and_rejects_bad_ones()
    {
        var l = Layer.Create("g", LayerKind.Grouped, new Dictionary<string, int> { ["G"] = 2, ["C"] = 48, ["M"] = 128, ["R"] = 5, ["S"] = 5, ["P"] = 27, ["Q"] = 27 },
            stride: new Spatial2D(1, 2), dilation: new Spatial2D(2, 1), repeat: 3);
        Assert.Equal(1, l.Bound("N"));
        Assert.Equal(new Spatial2D(1, 2), l.Stride);
        Assert.Equal(new Spatial2D(2, 1), l.Dilation);
        Assert.Equal(3, l.Repeat);
        Assert.Throws<ArgumentException>(() => Layer.Create("x", LayerKind.Conv, new Dictionary<string, int> { ["C"] = 1 }));
        Assert.Throws<ArgumentException>(() => Layer.Create("x", LayerKind.Matmul, new Dictionary<string, int> { ["M"] = 1, ["N"] = 1, ["K"] = 1, ["Z"] = 1 }));
        Assert.Throws<ArgumentException>(() => Layer.Create("x", LayerKind.Matmul, new Dictionary<string, int> { ["M"] = 1, ["N"] = 0, ["K"] = 1 }));
        Assert.Throws<ArgumentException>(() => Layer.Create("x", LayerKind.Matmul, new Dictionary<string, int> { ["M"] = 1, ["N"] = 1, ["K"] = 1 }, stride: Spatial2D.Square(2)));
    }

    [Fact]
    public void A_layer_refuses_a_zero_repeat_an_empty_name_and_a_problem_of_another_kind()
    {
        var gemm = new Problem(ProblemShapes.Gemm(), [1, 2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Layer("x", LayerKind.Matmul, gemm, repeat: 0));
        Assert.Throws<ArgumentException>(() => new Layer(" ", LayerKind.Matmul, gemm));
        Assert.Throws<ArgumentException>(() => new Layer("x", LayerKind.Conv, gemm));
        Assert.Throws<UnicoInputException>(() => new Layer("x", LayerKind.Matmul, new Problem(ProblemShapes.Gemm(), [1, 0, 3])));
    }

    [Fact]
    public void Identical_shapes_share_a_key_whatever_the_name_kind_or_repeat()
    {
        var a = Layer.FullyConnected("a", 768, 768, batch: 128);
        var b = Layer.Matmul("b", 128, 768, 768, repeat: 5);
        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Stride_dilation_and_any_bound_change_the_key()
    {
        var baseline = Layer.Conv("x", 64, 64, 3, 3, 28, 28);
        Assert.NotEqual(baseline.Key, Layer.Conv("x", 64, 64, 3, 3, 28, 28, stride: 2).Key);
        Assert.NotEqual(baseline.Key, Layer.Conv("x", 64, 64, 3, 3, 28, 28, dilation: 2).Key);
        Assert.NotEqual(baseline.Key, Layer.Conv("x", 64, 64, 3, 3, 28, 14).Key);
        Assert.NotEqual(baseline.Key, Layer.Conv("x", 64, 64, 3, 3, 28, 28, n: 2).Key);
        Assert.Equal(baseline.Key, Layer.Conv("y", 64, 64, 3, 3, 28, 28).Key);
    }

    [Fact]
    public void A_non_square_stride_is_kept_per_axis()
    {
        var problem = new Problem(ProblemShapes.Conv2d(wStride: 1, hStride: 2, wDilation: 3, hDilation: 1), [8, 8, 3, 3, 1, 10, 10]);
        var l = new Layer("x", LayerKind.Conv, problem);
        Assert.Equal(new Spatial2D(1, 2), l.Stride);
        Assert.Equal(new Spatial2D(3, 1), l.Dilation);
        Assert.Equal("1x2", l.Stride.ToString());
    }

    [Fact]
    public void FromProblem_recognizes_built_in_shapes_under_any_name_and_keeps_others_custom()
    {
        var conv = ProblemShapes.Conv2d(2, 2, 1, 1) with { Name = "conv2D" };
        var l = Layer.FromProblem("x", new Problem(conv, [3, 32, 3, 3, 1, 112, 112]));
        Assert.Equal(LayerKind.Conv, l.Kind);
        Assert.Equal(Spatial2D.Square(2), l.Stride);
        Assert.Equal(Layer.Conv("x", 3, 32, 3, 3, 112, 112, stride: 2), l);

        Assert.Equal(LayerKind.Depthwise, Layer.FromProblem("d", new Problem(ProblemShapes.DepthwiseConv(), [8, 3, 3, 1, 4, 4])).Kind);
        Assert.Equal(LayerKind.Grouped, Layer.FromProblem("g", new Problem(ProblemShapes.GroupedConv(), [2, 8, 8, 3, 3, 1, 4, 4])).Kind);
        Assert.Equal(LayerKind.Matmul, Layer.FromProblem("m", new Problem(ProblemShapes.Gemm(), [2, 3, 4])).Kind);

        var gemm = ProblemShapes.Gemm();
        var transposed = gemm with { DataSpaces = [gemm.DataSpaces[0], gemm.DataSpaces[1] with { Axes = [gemm.DataSpaces[1].Axes[1], gemm.DataSpaces[1].Axes[0]] }, gemm.DataSpaces[2]] };
        Assert.Equal(LayerKind.Custom, Layer.FromProblem("t", new Problem(transposed, [2, 3, 4])).Kind);
    }
}
