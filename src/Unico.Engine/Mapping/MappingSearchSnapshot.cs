using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>
/// What a mapping search has found after some number of evaluations: its counters, the trace of
/// its best cost and the best mapping itself. A search on another machine returns one, and the
/// copy of the search that receives it (<see cref="MappingSearch.Restore"/>) measures, ranks and
/// reports exactly as the search that ran. It does not carry the walk's position, so a restored
/// search cannot continue: the next budget is run where the search itself lives (or replayed).
/// </summary>
/// <param name="Evaluations">Mappings evaluated.</param>
/// <param name="ValidEvaluations">Of those, the valid ones.</param>
/// <param name="Invalidity">Why the best mapping is invalid (<see cref="InvalidityKind.None"/> once one is valid).</param>
/// <param name="BestCycles">Cycles of the best mapping.</param>
/// <param name="BestEnergyPj">Energy of the best mapping, pJ.</param>
/// <param name="Trace">The best cost's improvements, in order.</param>
/// <param name="Best">The best mapping's state, or null before any valid one.</param>
public sealed record MappingSearchSnapshot(
    long Evaluations, long ValidEvaluations, InvalidityKind Invalidity, long BestCycles, double BestEnergyPj,
    ImmutableArray<TracePoint> Trace, MapStateSnapshot? Best);

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
