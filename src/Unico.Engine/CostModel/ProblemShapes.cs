using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>
/// Built-in problem shapes, written as Timeloop writes them: conv2d (with strides and dilations),
/// depthwise and grouped convolution, and GEMM for fully connected layers and transformer matmuls.
/// </summary>
public static class ProblemShapes
{
    /// <summary>Conv2d dimension order: C, M, R, S, N, P, Q (Timeloop's).</summary>
    public static readonly ImmutableArray<string> Conv2dDimensions = ["C", "M", "R", "S", "N", "P", "Q"];

    /// <summary>
    /// 2D convolution: Weights[C,M,R,S], Inputs[N,C,W,H] with W = Wstride*P + Wdilation*R and
    /// H = Hstride*Q + Hdilation*S, Outputs[N,M,Q,P] (read-write).
    /// </summary>
    public static ProblemShape Conv2d(int wStride = 1, int hStride = 1, int wDilation = 1, int hDilation = 1)
    {
        Positive(wStride, nameof(wStride)); Positive(hStride, nameof(hStride));
        Positive(wDilation, nameof(wDilation)); Positive(hDilation, nameof(hDilation));
        const int c = 0, m = 1, r = 2, s = 3, n = 4, p = 5, q = 6;
        return new ProblemShape("conv2d", Conv2dDimensions,
        [
            new DataSpace("Weights", [Axis(c), Axis(m), Axis(r), Axis(s)], false),
            new DataSpace("Inputs", [Axis(n), Axis(c), [new(r, wDilation), new(p, wStride)], [new(s, hDilation), new(q, hStride)]], false),
            new DataSpace("Outputs", [Axis(n), Axis(m), Axis(q), Axis(p)], true),
        ]);
    }

    /// <summary>
    /// Grouped convolution with dimensions G, C (per group), M (per group), R, S, N, P, Q:
    /// Weights[G,C,M,R,S], Inputs[N,G,C,W,H], Outputs[N,G,M,Q,P].
    /// </summary>
    public static ProblemShape GroupedConv(int wStride = 1, int hStride = 1, int wDilation = 1, int hDilation = 1)
    {
        Positive(wStride, nameof(wStride)); Positive(hStride, nameof(hStride));
        Positive(wDilation, nameof(wDilation)); Positive(hDilation, nameof(hDilation));
        const int g = 0, c = 1, m = 2, r = 3, s = 4, n = 5, p = 6, q = 7;
        return new ProblemShape("grouped_conv", ["G", "C", "M", "R", "S", "N", "P", "Q"],
        [
            new DataSpace("Weights", [Axis(g), Axis(c), Axis(m), Axis(r), Axis(s)], false),
            new DataSpace("Inputs", [Axis(n), Axis(g), Axis(c), [new(r, wDilation), new(p, wStride)], [new(s, hDilation), new(q, hStride)]], false),
            new DataSpace("Outputs", [Axis(n), Axis(g), Axis(m), Axis(q), Axis(p)], true),
        ]);
    }

    /// <summary>
    /// Depthwise convolution (one filter per channel) with dimensions C, R, S, N, P, Q:
    /// Weights[C,R,S], Inputs[N,C,W,H], Outputs[N,C,Q,P].
    /// </summary>
    public static ProblemShape DepthwiseConv(int wStride = 1, int hStride = 1, int wDilation = 1, int hDilation = 1)
    {
        Positive(wStride, nameof(wStride)); Positive(hStride, nameof(hStride));
        Positive(wDilation, nameof(wDilation)); Positive(hDilation, nameof(hDilation));
        const int c = 0, r = 1, s = 2, n = 3, p = 4, q = 5;
        return new ProblemShape("depthwise_conv", ["C", "R", "S", "N", "P", "Q"],
        [
            new DataSpace("Weights", [Axis(c), Axis(r), Axis(s)], false),
            new DataSpace("Inputs", [Axis(n), Axis(c), [new(r, wDilation), new(p, wStride)], [new(s, hDilation), new(q, hStride)]], false),
            new DataSpace("Outputs", [Axis(n), Axis(c), Axis(q), Axis(p)], true),
        ]);
    }

    /// <summary>
    /// Matrix multiply Z[M,N] += A[M,K] * B[K,N] with dimensions M, N, K; the tensors are named
    /// Inputs (A), Weights (B) and Outputs (Z) so that mappings and constraints written for
    /// convolutions carry over.
    /// </summary>
    public static ProblemShape Gemm()
    {
        const int m = 0, n = 1, k = 2;
        return new ProblemShape("gemm", ["M", "N", "K"],
        [
            new DataSpace("Weights", [Axis(k), Axis(n)], false),
            new DataSpace("Inputs", [Axis(m), Axis(k)], false),
            new DataSpace("Outputs", [Axis(m), Axis(n)], true),
        ]);
    }

    private static ImmutableArray<ProjectionTerm> Axis(int dimension) => [new(dimension, 1)];

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new UnicoInputException($"must be a positive integer, got {value}", field: name);
    }
}
