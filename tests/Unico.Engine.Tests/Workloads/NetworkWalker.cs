using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>A feature map: channels x height x width.</summary>
internal readonly record struct Activation(int Channels, int Height, int Width)
{
    public static Activation Square(int channels, int size) => new(channels, size, size);

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

/// <summary>
/// Walks a network as the test describes it (input size, padding, pooling, shortcuts) and checks
/// every layer of the workload against it: input channels match the producer, output sizes follow
/// out = (in + 2*pad - dilation*(R-1) - 1) / stride + 1, batch is 1, and every layer is visited once.
/// </summary>
internal sealed class NetworkWalker(Workload workload)
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public static int Out(int input, int pad, int kernel, int stride, int dilation) =>
        (input + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;

    public Activation Conv(string name, Activation input, int pad)
    {
        var layer = Visit(name);
        Assert.True(layer.Kind.IsConvolution(), $"{name} is {layer.Kind.Label()}, expected a convolution");
        Assert.True(layer.Bound("N") == 1, $"{name}: batch N = {layer.Bound("N")}");
        var p = Out(input.Width, pad, layer.Bound("R"), layer.Stride.W, layer.Dilation.W);
        var q = Out(input.Height, pad, layer.Bound("S"), layer.Stride.H, layer.Dilation.H);
        Assert.True(layer.Bound("P") == p && layer.Bound("Q") == q,
            $"{name}: output {layer.Bound("P")}x{layer.Bound("Q")}, but input {input} with pad {pad}, kernel {layer.Bound("R")}x{layer.Bound("S")}, stride {layer.Stride} gives {p}x{q}");
        int inChannels, outChannels;
        switch (layer.Kind)
        {
            case LayerKind.Conv:
                inChannels = layer.Bound("C");
                outChannels = layer.Bound("M");
                break;
            case LayerKind.Depthwise:
                inChannels = outChannels = layer.Bound("C");
                break;
            default:
                inChannels = layer.Bound("G") * layer.Bound("C");
                outChannels = layer.Bound("G") * layer.Bound("M");
                break;
        }
        Assert.True(inChannels == input.Channels, $"{name}: reads {inChannels} channels, its input has {input.Channels}");
        return new Activation(outChannels, q, p);
    }

    public Activation Fc(string name, Activation input)
    {
        var layer = Visit(name);
        Assert.Equal(LayerKind.FullyConnected, layer.Kind);
        Assert.True(layer.Bound("M") == 1, $"{name}: batch M = {layer.Bound("M")}");
        var flat = input.Channels * input.Height * input.Width;
        Assert.True(layer.Bound("K") == flat, $"{name}: K = {layer.Bound("K")} inputs, but {input} flattens to {flat}");
        return Activation.Square(layer.Bound("N"), 1);
    }

    /// <summary>Max or average pooling: the same size formula, channels unchanged.</summary>
    public static Activation Pool(Activation a, int kernel, int stride, int pad = 0) =>
        new(a.Channels, Out(a.Height, pad, kernel, stride, 1), Out(a.Width, pad, kernel, stride, 1));

    public static Activation GlobalPool(Activation a) => Activation.Square(a.Channels, 1);

    public bool Has(string name) => workload.Find(name) is not null;

    public void AssertEveryLayerVisited()
    {
        var missed = workload.Layers.Select(l => l.Name).Where(n => !_visited.Contains(n)).ToList();
        Assert.True(missed.Count == 0, $"layers not in the network walk: {string.Join(", ", missed)}");
    }

    private Layer Visit(string name)
    {
        var layer = workload.Find(name);
        Assert.True(layer is not null, $"{workload.Name} has no layer '{name}'");
        Assert.True(_visited.Add(name), $"{name} is visited twice");
        Assert.Equal(1, layer.Repeat);
        return layer;
    }
}
