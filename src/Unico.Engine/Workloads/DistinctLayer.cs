using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Workloads;

/// <summary>
/// One distinct problem of a workload: the layers that share its <see cref="LayerKey"/>, merged.
/// A mapping search runs once per distinct layer; its cost counts <see cref="Repeat"/> times.
/// </summary>
/// <param name="Key">The shared structural key.</param>
/// <param name="Kind">The kind of the first layer with this key.</param>
/// <param name="Problem">The problem of the first layer with this key.</param>
/// <param name="Repeat">Sum of the repeat counts of the layers sharing it.</param>
/// <param name="LayerNames">The names of those layers, in workload order.</param>
public sealed record DistinctLayer(LayerKey Key, LayerKind Kind, Problem Problem, int Repeat, ImmutableArray<string> LayerNames)
{
    /// <summary>Multiply-accumulates of one run.</summary>
    public long Macs => Problem.Operations;

    /// <summary>Multiply-accumulates of all runs: <see cref="Macs"/> x <see cref="Repeat"/>.</summary>
    public long TotalMacs => Macs * Repeat;

    /// <inheritdoc/>
    public bool Equals(DistinctLayer? other) =>
        other is not null && Key.Equals(other.Key) && Kind == other.Kind && Repeat == other.Repeat && LayerNames.SequenceEqual(other.LayerNames);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Key, Kind, Repeat, LayerNames.Length);
}
