using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Workloads;

/// <summary>What kind of layer a <see cref="Layer"/> is; decides its problem shape.</summary>
public enum LayerKind
{
    /// <summary>2D convolution (<see cref="ProblemShapes.Conv2d"/>).</summary>
    Conv,

    /// <summary>Depthwise convolution, one filter per channel (<see cref="ProblemShapes.DepthwiseConv"/>).</summary>
    Depthwise,

    /// <summary>Grouped convolution (<see cref="ProblemShapes.GroupedConv"/>): C and M are per group.</summary>
    Grouped,

    /// <summary>Fully connected (linear) layer as a GEMM: M = batch rows (tokens), N = outputs, K = inputs.</summary>
    FullyConnected,

    /// <summary>Matrix multiply of two activations (e.g. attention's Q x K^T) as a GEMM with dimensions M, N, K.</summary>
    Matmul,

    /// <summary>Any other problem shape (e.g. imported from a Timeloop file); cannot be written as workload JSON.</summary>
    Custom,
}

/// <summary>Labels and dimension lists of the <see cref="LayerKind"/> values.</summary>
public static class LayerKinds
{
    private static readonly ImmutableArray<string> GemmDimensions = ProblemShapes.Gemm().Dimensions;
    private static readonly ImmutableArray<string> DepthwiseDimensions = ProblemShapes.DepthwiseConv().Dimensions;
    private static readonly ImmutableArray<string> GroupedDimensions = ProblemShapes.GroupedConv().Dimensions;

    /// <summary>
    /// The label used in workload files and listings: <c>conv2d</c>, <c>depthwise</c>, <c>grouped</c>,
    /// <c>fc</c>, <c>matmul</c>, <c>custom</c>.
    /// </summary>
    public static string Label(this LayerKind kind) => kind switch
    {
        LayerKind.Conv => "conv2d",
        LayerKind.Depthwise => "depthwise",
        LayerKind.Grouped => "grouped",
        LayerKind.FullyConnected => "fc",
        LayerKind.Matmul => "matmul",
        LayerKind.Custom => "custom",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown layer kind"),
    };

    /// <summary>
    /// Parses a workload-file <c>type</c>: a <see cref="Label"/> (except <c>custom</c>) or <c>gemm</c>
    /// (a synonym of <c>matmul</c>). Exact, lower-case match.
    /// </summary>
    public static bool TryParse(string label, out LayerKind kind)
    {
        (var ok, kind) = label switch
        {
            "conv2d" => (true, LayerKind.Conv),
            "depthwise" => (true, LayerKind.Depthwise),
            "grouped" => (true, LayerKind.Grouped),
            "fc" => (true, LayerKind.FullyConnected),
            "matmul" or "gemm" => (true, LayerKind.Matmul),
            _ => (false, LayerKind.Custom),
        };
        return ok;
    }

    /// <summary>The type labels a workload file accepts, for error messages.</summary>
    public static ImmutableArray<string> FileTypes { get; } = ["conv2d", "depthwise", "grouped", "fc", "matmul", "gemm"];

    /// <summary>True for the convolution kinds, which have strides and dilations.</summary>
    public static bool IsConvolution(this LayerKind kind) => kind is LayerKind.Conv or LayerKind.Depthwise or LayerKind.Grouped;

    /// <summary>True for the kinds whose problem is a GEMM (M, N, K).</summary>
    public static bool IsGemm(this LayerKind kind) => kind is LayerKind.FullyConnected or LayerKind.Matmul;

    /// <summary>The problem dimensions of a kind, in problem order; empty for <see cref="LayerKind.Custom"/>.</summary>
    public static ImmutableArray<string> Dimensions(this LayerKind kind) => kind switch
    {
        LayerKind.Conv => ProblemShapes.Conv2dDimensions,
        LayerKind.Depthwise => DepthwiseDimensions,
        LayerKind.Grouped => GroupedDimensions,
        LayerKind.FullyConnected or LayerKind.Matmul => GemmDimensions,
        _ => [],
    };

    /// <summary>
    /// The built-in problem shape of a kind with the given strides and dilations (ignored for GEMMs);
    /// throws for <see cref="LayerKind.Custom"/>.
    /// </summary>
    public static ProblemShape Shape(this LayerKind kind, Spatial2D stride, Spatial2D dilation) => kind switch
    {
        LayerKind.Conv => ProblemShapes.Conv2d(stride.W, stride.H, dilation.W, dilation.H),
        LayerKind.Depthwise => ProblemShapes.DepthwiseConv(stride.W, stride.H, dilation.W, dilation.H),
        LayerKind.Grouped => ProblemShapes.GroupedConv(stride.W, stride.H, dilation.W, dilation.H),
        LayerKind.FullyConnected or LayerKind.Matmul => ProblemShapes.Gemm(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a custom layer has no built-in shape"),
    };
}

/// <summary>A width/height pair, e.g. a convolution's stride or dilation.</summary>
/// <param name="W">Along the width (P, R).</param>
/// <param name="H">Along the height (Q, S).</param>
public readonly record struct Spatial2D(int W, int H)
{
    /// <summary>(1, 1): unit stride or no dilation.</summary>
    public static Spatial2D One { get; } = new(1, 1);

    /// <summary>The same value along width and height.</summary>
    public static Spatial2D Square(int value) => new(value, value);

    /// <summary>True when W equals H.</summary>
    public bool IsSquare => W == H;

    /// <summary><c>2</c> when square, else <c>WxH</c>.</summary>
    public override string ToString() => IsSquare ? W.ToString(System.Globalization.CultureInfo.InvariantCulture) : FormattableString.Invariant($"{W}x{H}");
}
