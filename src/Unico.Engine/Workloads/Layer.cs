using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Workloads;

/// <summary>
/// One layer of a workload: a named problem (shape with strides and dilations bound, and sizes),
/// how many times the network runs it, and its kind. Immutable; equal when name, kind, repeat and
/// <see cref="Key"/> are equal.
/// </summary>
public sealed record Layer
{
    /// <summary>
    /// Creates a layer. For every kind but <see cref="LayerKind.Custom"/> the problem must have that
    /// kind's built-in shape (<see cref="LayerKinds.Shape"/>), with any strides and dilations.
    /// </summary>
    /// <param name="name">Layer name, unique within its workload.</param>
    /// <param name="kind">Layer kind.</param>
    /// <param name="problem">The problem; its bounds must all be positive.</param>
    /// <param name="repeat">How many times the workload runs this layer (at least 1).</param>
    public Layer(string name, LayerKind kind, Problem problem, int repeat = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown layer kind");
        problem.Validate();
        if ((Int128)problem.Operations * repeat > MaxTotalMacs)
            throw new UnicoInputException($"{problem.Operations:N0} MACs run {repeat:N0} times exceed the {MaxTotalMacs:N0} a workload may have", field: "repeat");
        Name = name;
        Kind = kind;
        Problem = problem;
        Repeat = repeat;
        Key = LayerKey.Of(problem);
        if (kind.IsConvolution()) (Stride, Dilation) = ConvGeometry(problem);
        else (Stride, Dilation) = (Spatial2D.One, Spatial2D.One);
        if (kind != LayerKind.Custom)
        {
            if (!problem.Shape.Dimensions.SequenceEqual(kind.Dimensions()))
                throw new ArgumentException($"layer '{name}': a {kind.Label()} problem has dimensions {string.Join(", ", kind.Dimensions())}, not {string.Join(", ", problem.Shape.Dimensions)}", nameof(problem));
            var expected = LayerKey.Of(new Problem(kind.Shape(Stride, Dilation), problem.Bounds));
            if (!expected.Equals(Key))
                throw new ArgumentException($"layer '{name}': the problem's shape '{problem.Shape.Name}' is not the {kind.Label()} shape", nameof(problem));
        }
    }

    /// <summary>Layer name, unique within its workload.</summary>
    public string Name { get; }

    /// <summary>Layer kind.</summary>
    public LayerKind Kind { get; }

    /// <summary>The problem (one run of the layer).</summary>
    public Problem Problem { get; }

    /// <summary>How many times the workload runs this layer.</summary>
    public int Repeat { get; }

    /// <summary>Structural identity of <see cref="Problem"/>; layers with equal keys are searched once.</summary>
    public LayerKey Key { get; }

    /// <summary>Convolution stride (width, height); (1, 1) for GEMMs and custom layers.</summary>
    public Spatial2D Stride { get; }

    /// <summary>Convolution dilation (width, height); (1, 1) for GEMMs and custom layers.</summary>
    public Spatial2D Dilation { get; }

    /// <summary>The problem's dimension names, in problem order.</summary>
    public ImmutableArray<string> Dimensions => Problem.Shape.Dimensions;

    /// <summary>
    /// The most multiply-accumulates a workload may have in all (2^56, about 7.2 x 10^16): the sum
    /// over layers and repeats stays exact in 64-bit integers.
    /// </summary>
    public const long MaxTotalMacs = 1L << 56;

    /// <summary>Multiply-accumulates of one run: the product of the bounds.</summary>
    public long Macs => Problem.Operations;

    /// <summary>Multiply-accumulates of all runs: <see cref="Macs"/> x <see cref="Repeat"/>.</summary>
    public long TotalMacs => Macs * Repeat;

    /// <summary>The size of a dimension by name; throws <see cref="ArgumentException"/> if there is none.</summary>
    public int Bound(string dimension)
    {
        var i = Problem.Shape.DimensionIndex(dimension);
        if (i < 0) throw new ArgumentException($"layer '{Name}' has no dimension '{dimension}' (it has {string.Join(", ", Dimensions)})", nameof(dimension));
        return Problem.Bounds[i];
    }

    /// <summary>This layer with another repeat count.</summary>
    public Layer WithRepeat(int repeat) => new(Name, Kind, Problem, repeat);

    /// <summary>This layer with another name.</summary>
    public Layer WithName(string name) => new(name, Kind, Problem, Repeat);

    /// <summary>
    /// A layer from dimension sizes by name. Convolutions may omit N (batch, default 1); fully
    /// connected layers may omit M (batch rows, default 1). Throws <see cref="ArgumentException"/>
    /// for a missing, unknown or non-positive dimension.
    /// </summary>
    public static Layer Create(string name, LayerKind kind, IReadOnlyDictionary<string, int> dims,
        Spatial2D? stride = null, Spatial2D? dilation = null, int repeat = 1)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (kind == LayerKind.Custom) throw new ArgumentException("a custom layer needs an explicit problem", nameof(kind));
        if (!kind.IsConvolution() && (stride is not null || dilation is not null))
            throw new ArgumentException($"layer '{name}': stride and dilation apply to convolutions only", nameof(stride));
        var names = kind.Dimensions();
        foreach (var key in dims.Keys)
        {
            if (!names.Contains(key)) throw new ArgumentException($"layer '{name}': unknown dimension '{key}' for {kind.Label()} (expected {string.Join(", ", names)})", nameof(dims));
        }
        var bounds = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (dims.TryGetValue(names[i], out var v)) bounds[i] = v;
            else if (DefaultsToOne(kind, names[i])) bounds[i] = 1;
            else throw new ArgumentException($"layer '{name}': missing dimension '{names[i]}'", nameof(dims));
            if (bounds[i] <= 0) throw new ArgumentException($"layer '{name}': dimension '{names[i]}' must be positive, got {bounds[i]}", nameof(dims));
        }
        var shape = kind.Shape(stride ?? Spatial2D.One, dilation ?? Spatial2D.One);
        return new Layer(name, kind, new Problem(shape, [.. bounds]), repeat);
    }

    /// <summary>True for a dimension a workload may omit: N of convolutions, M of fully connected layers.</summary>
    public static bool DefaultsToOne(LayerKind kind, string dimension) =>
        (kind.IsConvolution() && dimension == "N") || (kind == LayerKind.FullyConnected && dimension == "M");

    /// <summary>A 2D convolution: C inputs, M outputs, R x S filter, P x Q output (width x height).</summary>
    public static Layer Conv(string name, int c, int m, int r, int s, int p, int q, int stride = 1, int repeat = 1, int n = 1, int dilation = 1) =>
        new(name, LayerKind.Conv, new Problem(ProblemShapes.Conv2d(stride, stride, dilation, dilation), [c, m, r, s, n, p, q]), repeat);

    /// <summary>A depthwise convolution over C channels: R x S filter, P x Q output.</summary>
    public static Layer Depthwise(string name, int c, int r, int s, int p, int q, int stride = 1, int repeat = 1, int n = 1, int dilation = 1) =>
        new(name, LayerKind.Depthwise, new Problem(ProblemShapes.DepthwiseConv(stride, stride, dilation, dilation), [c, r, s, n, p, q]), repeat);

    /// <summary>A grouped convolution: G groups of C inputs and M outputs each, R x S filter, P x Q output.</summary>
    public static Layer Grouped(string name, int g, int c, int m, int r, int s, int p, int q, int stride = 1, int repeat = 1, int n = 1, int dilation = 1) =>
        new(name, LayerKind.Grouped, new Problem(ProblemShapes.GroupedConv(stride, stride, dilation, dilation), [g, c, m, r, s, n, p, q]), repeat);

    /// <summary>A fully connected layer as a GEMM: M = <paramref name="batch"/> rows, N = outputs, K = inputs.</summary>
    public static Layer FullyConnected(string name, int inputs, int outputs, int batch = 1, int repeat = 1) =>
        new(name, LayerKind.FullyConnected, new Problem(ProblemShapes.Gemm(), [batch, outputs, inputs]), repeat);

    /// <summary>A matrix multiply of two activations: [M x K] times [K x N].</summary>
    public static Layer Matmul(string name, int m, int n, int k, int repeat = 1) =>
        new(name, LayerKind.Matmul, new Problem(ProblemShapes.Gemm(), [m, n, k]), repeat);

    /// <summary>
    /// A layer for any problem: when the problem has a built-in shape (conv2d, depthwise, grouped or
    /// GEMM, with any strides and dilations, whatever the shape is called) it gets that kind and the
    /// built-in shape; otherwise it is <see cref="LayerKind.Custom"/>. A GEMM becomes <see cref="LayerKind.Matmul"/>.
    /// </summary>
    public static Layer FromProblem(string name, Problem problem, int repeat = 1)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var key = LayerKey.Of(problem);
        foreach (var kind in (ReadOnlySpan<LayerKind>)[LayerKind.Conv, LayerKind.Depthwise, LayerKind.Grouped, LayerKind.Matmul])
        {
            if (!problem.Shape.Dimensions.SequenceEqual(kind.Dimensions())) continue;
            var (stride, dilation) = kind.IsConvolution() ? ConvGeometry(problem) : (Spatial2D.One, Spatial2D.One);
            var canonical = new Problem(kind.Shape(stride, dilation), problem.Bounds);
            if (LayerKey.Of(canonical).Equals(key)) return new Layer(name, kind, canonical, repeat);
        }
        return new Layer(name, LayerKind.Custom, problem, repeat);
    }

    /// <inheritdoc/>
    public bool Equals(Layer? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Repeat == other.Repeat && Key.Equals(other.Key);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Kind, Repeat, Key);

    // Strides and dilations as the coefficients of P, Q, R, S in the Inputs projection.
    private static (Spatial2D Stride, Spatial2D Dilation) ConvGeometry(Problem problem)
    {
        var shape = problem.Shape;
        int Coefficient(DataSpace inputs, string dimension)
        {
            var d = shape.DimensionIndex(dimension);
            foreach (var axis in inputs.Axes)
            {
                foreach (var term in axis)
                {
                    if (term.Dimension == d) return term.Coefficient;
                }
            }
            return 1;
        }
        var i = shape.DataSpaceIndex("Inputs");
        if (i < 0) return (Spatial2D.One, Spatial2D.One);
        var inputs = shape.DataSpaces[i];
        return (new Spatial2D(Coefficient(inputs, "P"), Coefficient(inputs, "Q")), new Spatial2D(Coefficient(inputs, "R"), Coefficient(inputs, "S")));
    }
}
