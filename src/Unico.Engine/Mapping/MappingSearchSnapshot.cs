using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>
/// A mapping search's whole state after some number of evaluations: its counters, the trace of
/// its best cost, the best mapping, and where its walk stands (random stream, current mapping,
/// annealing counters). A copy of the search (same map-space and options) that restores it
/// (<see cref="MappingSearch.Restore"/>) reports as the search did and continues exactly as the
/// search would have, so a search can move between processes between two budgets.
/// </summary>
/// <param name="Evaluations">Mappings evaluated.</param>
/// <param name="ValidEvaluations">Of those, the valid ones.</param>
/// <param name="Invalidity">Why the best mapping is invalid (<see cref="InvalidityKind.None"/> once one is valid).</param>
/// <param name="BestCycles">Cycles of the best mapping.</param>
/// <param name="BestEnergyPj">Energy of the best mapping, pJ.</param>
/// <param name="Trace">The best cost's improvements, in order.</param>
/// <param name="Best">The best mapping's state, or null before any valid one.</param>
/// <param name="Random">The search's random stream.</param>
/// <param name="Walk">The strategy's own state.</param>
public sealed record MappingSearchSnapshot(
    long Evaluations, long ValidEvaluations, InvalidityKind Invalidity, long BestCycles, double BestEnergyPj,
    ImmutableArray<TracePoint> Trace, MapStateSnapshot? Best, PrngState Random, SearchWalk Walk);

/// <summary>Where a search's walk stands (annealing; a random search keeps none of it).</summary>
/// <param name="Started">True once the first mapping was evaluated.</param>
/// <param name="Current">The mapping the walk is at, or null.</param>
/// <param name="CurrentCost">Its search cost.</param>
/// <param name="SinceReheat">Evaluations since the last reheat.</param>
/// <param name="LastImprovement">Evaluation count of the last new best (or reheat).</param>
/// <param name="StartedAt">Evaluation count when the walk started (after a warm start's evaluations).</param>
public sealed record SearchWalk(bool Started, MapStateSnapshot? Current, double CurrentCost, long SinceReheat, long LastImprovement, long StartedAt = 0)
{
    /// <summary>The walk of a search that keeps no state of its own.</summary>
    public static SearchWalk None { get; } = new(false, null, double.PositiveInfinity, 0, 0);
}

/// <summary>A map-space point in the arrays of <see cref="MappingBuffer"/> plus the mapper's prime placement.</summary>
/// <param name="Temporal">Temporal factors.</param>
/// <param name="Spatial">Spatial factors.</param>
/// <param name="TemporalOrder">Temporal loop orders.</param>
/// <param name="SpatialOrder">Spatial loop orders.</param>
/// <param name="SpatialSplit">X/Y splits.</param>
/// <param name="Keep">Keep choices.</param>
/// <param name="PrimeSlot">Where each movable prime sits.</param>
/// <param name="AxisBit">Free spatial axes.</param>
public sealed record MapStateSnapshot(
    ImmutableArray<int> Temporal, ImmutableArray<int> Spatial, ImmutableArray<int> TemporalOrder, ImmutableArray<int> SpatialOrder,
    ImmutableArray<int> SpatialSplit, ImmutableArray<bool> Keep, ImmutableArray<int> PrimeSlot, ImmutableArray<byte> AxisBit);
