using Unico.Engine.CostModel;

namespace Unico.Engine.Tests.Mapping;

/// <summary>Mappings equal in every factor, order, split and keep choice.</summary>
internal sealed class MappingComparer : IEqualityComparer<MappingSpec?>
{
    public static readonly MappingComparer Instance = new();

    public bool Equals(MappingSpec? x, MappingSpec? y) =>
        x is not null && y is not null && x.Levels.Length == y.Levels.Length && x.Levels.Zip(y.Levels).All(p =>
            p.First.TemporalFactors.SequenceEqual(p.Second.TemporalFactors) && p.First.TemporalOrder.SequenceEqual(p.Second.TemporalOrder)
            && p.First.SpatialFactors.SequenceEqual(p.Second.SpatialFactors) && p.First.SpatialOrder.SequenceEqual(p.Second.SpatialOrder)
            && p.First.SpatialSplit == p.Second.SpatialSplit && p.First.Keep.SequenceEqual(p.Second.Keep));

    public int GetHashCode(MappingSpec? obj) => 0;
}
