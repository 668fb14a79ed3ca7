using System.Collections.Immutable;

namespace Unico.Engine.Workloads;

/// <summary>
/// A named set of layers to run (typically one network at batch 1), with where its shapes come
/// from. Immutable; equal when name, description, source and the layers (in order) are equal.
/// </summary>
public sealed record Workload
{
    private ImmutableArray<DistinctLayer> _distinct;

    /// <summary>Creates a workload; throws <see cref="ArgumentException"/> for no layers or a repeated layer name.</summary>
    /// <param name="name">Workload name.</param>
    /// <param name="description">One line on what it is.</param>
    /// <param name="source">Citation of the layer shapes (paper, table, file).</param>
    /// <param name="layers">The layers, in network order; names unique (ordinal).</param>
    public Workload(string name, string description, string source, ImmutableArray<Layer> layers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(source);
        if (layers.IsDefaultOrEmpty) throw new ArgumentException($"workload '{name}' has no layers", nameof(layers));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer, nameof(layers));
            if (!names.Add(layer.Name)) throw new ArgumentException($"workload '{name}' has two layers named '{layer.Name}'", nameof(layers));
        }
        Int128 total = 0;
        foreach (var layer in layers) total += (Int128)layer.Macs * layer.Repeat;
        if (total > Layer.MaxTotalMacs)
            throw new UnicoInputException($"its layers add up to more than the {Layer.MaxTotalMacs:N0} MACs a workload may have", field: name);
        Name = name;
        Description = description;
        Source = source;
        Layers = layers;
    }

    /// <summary>Workload name.</summary>
    public string Name { get; }

    /// <summary>One line on what it is.</summary>
    public string Description { get; }

    /// <summary>Citation of the layer shapes.</summary>
    public string Source { get; }

    /// <summary>The layers, in network order.</summary>
    public ImmutableArray<Layer> Layers { get; }

    /// <summary>Number of layer entries (a layer with repeat 3 counts once).</summary>
    public int LayerCount => Layers.Length;

    /// <summary>Number of layer runs: the sum of the repeat counts.</summary>
    public long LayerRuns => Layers.Sum(l => (long)l.Repeat);

    /// <summary>Multiply-accumulates of the whole workload: sum over layers of MACs x repeat.</summary>
    public long TotalMacs => Layers.Sum(l => l.TotalMacs);

    /// <summary>
    /// Several workloads searched as one: a single workload as it is; several as one workload
    /// whose layer names carry their network (<c>ResNet-18/conv1</c>), named after them all.
    /// </summary>
    /// <param name="workloads">The networks, in order.</param>
    /// <param name="role">What they are for ("training", "held-out"), for the description.</param>
    public static Workload Combine(IReadOnlyList<Workload> workloads, string role)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        if (workloads.Count == 1) return workloads[0];
        var layers = workloads.SelectMany(w => w.Layers.Select(l => l.WithName($"{w.Name}/{l.Name}"))).ToImmutableArray();
        return new Workload(string.Join(" + ", workloads.Select(w => w.Name)), $"{role} networks searched together", "", layers);
    }

    /// <summary>The layer with this name (ordinal), or null.</summary>
    public Layer? Find(string layerName) => Layers.FirstOrDefault(l => string.Equals(l.Name, layerName, StringComparison.Ordinal));

    /// <summary>
    /// The distinct problems, in order of first appearance: layers with equal <see cref="Layer.Key"/>
    /// merged, their repeat counts summed and their names listed. Total MACs are preserved.
    /// </summary>
    public ImmutableArray<DistinctLayer> DistinctLayers()
    {
        if (!_distinct.IsDefault) return _distinct;
        var order = new List<LayerKey>();
        var groups = new Dictionary<LayerKey, (Layer First, int Repeat, ImmutableArray<string>.Builder Names)>();
        foreach (var layer in Layers)
        {
            if (groups.TryGetValue(layer.Key, out var g))
            {
                g.Names.Add(layer.Name);
                groups[layer.Key] = (g.First, checked(g.Repeat + layer.Repeat), g.Names);
            }
            else
            {
                var names = ImmutableArray.CreateBuilder<string>();
                names.Add(layer.Name);
                groups[layer.Key] = (layer, layer.Repeat, names);
                order.Add(layer.Key);
            }
        }
        _distinct = [.. order.Select(k =>
        {
            var g = groups[k];
            return new DistinctLayer(k, g.First.Kind, g.First.Problem, g.Repeat, g.Names.ToImmutable());
        })];
        return _distinct;
    }

    /// <inheritdoc/>
    public bool Equals(Workload? other) =>
        other is not null && Name == other.Name && Description == other.Description && Source == other.Source && Layers.SequenceEqual(other.Layers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Description, Source, Layers.Length);
}
