using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>
/// How one storage level tiles the problem: a temporal loop per dimension (factor and order),
/// the spatial loops that spread its tile over the fan-out below it, and which tensors it keeps.
/// </summary>
/// <param name="TemporalFactors">Temporal loop bound per problem dimension (1 = no loop).</param>
/// <param name="TemporalOrder">Dimensions from innermost to outermost loop; lists every dimension.</param>
/// <param name="SpatialFactors">Spatial loop bound per dimension across this level's fan-out.</param>
/// <param name="SpatialOrder">Dimensions of the spatial loops, innermost first; lists every dimension.</param>
/// <param name="SpatialSplit">The first <c>SpatialSplit</c> dimensions of <paramref name="SpatialOrder"/> go to X, the rest to Y.</param>
/// <param name="Keep">Per data space, true when this level holds (keeps) it; false bypasses it.</param>
public sealed record LevelMapping(
    ImmutableArray<int> TemporalFactors,
    ImmutableArray<int> TemporalOrder,
    ImmutableArray<int> SpatialFactors,
    ImmutableArray<int> SpatialOrder,
    int SpatialSplit,
    ImmutableArray<bool> Keep)
{
    /// <summary>Product of the spatial factors that go to X.</summary>
    public long SpatialX => SpatialProduct(x: true);

    /// <summary>Product of the spatial factors that go to Y.</summary>
    public long SpatialY => SpatialProduct(x: false);

    private long SpatialProduct(bool x)
    {
        long p = 1;
        for (var i = 0; i < SpatialOrder.Length; i++)
        {
            if ((i < SpatialSplit) == x) p *= SpatialFactors[SpatialOrder[i]];
        }
        return p;
    }
}

/// <summary>A complete mapping of one problem onto one architecture: one entry per storage level, outermost first.</summary>
/// <param name="Levels">Per storage level (same order as <see cref="Architecture.Levels"/>).</param>
public sealed record MappingSpec(ImmutableArray<LevelMapping> Levels);
