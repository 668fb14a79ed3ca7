using System.Text.Json.Serialization;
using Unico.Engine.Hardware;

namespace Unico.Engine.CoSearch;

/// <summary>
/// Progress of a co-search, as a stream of typed events: the CLI prints them, the web app stores
/// them and pushes them to open pages. Every event carries its sequence number, the wall time since
/// the run started and the mapping evaluations spent so far. The events are the run's record: a
/// point's proposal and evaluation carry everything known of it (its typed design point, search
/// vector, each layer's best mapping), so no reader needs the run's checkpoint, which is the
/// engine's own for resuming. Fields added later are optional: events stored before them still read.
/// </summary>
/// <param name="Sequence">0-based position in the run's event stream.</param>
/// <param name="ElapsedSeconds">Seconds since the run (or its first attempt) started.</param>
/// <param name="MappingEvaluations">Mapping evaluations spent so far by the whole run.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "run_started")]
[JsonDerivedType(typeof(HardwarePointProposed), "point_proposed")]
[JsonDerivedType(typeof(RungStarted), "rung_started")]
[JsonDerivedType(typeof(RungFinished), "rung_finished")]
[JsonDerivedType(typeof(HardwarePointEvaluated), "point_evaluated")]
[JsonDerivedType(typeof(RobustnessComputed), "robustness_computed")]
[JsonDerivedType(typeof(FrontChanged), "front_changed")]
[JsonDerivedType(typeof(RunFinished), "run_finished")]
[JsonDerivedType(typeof(RunFailed), "run_failed")]
[JsonDerivedType(typeof(RunCancelled), "run_cancelled")]
public abstract record CoSearchEvent(long Sequence, double ElapsedSeconds, long MappingEvaluations);

/// <summary>The run started (or resumed from a checkpoint).</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="Algorithm">The hardware search algorithm (in JSON by its <see cref="EnumNames"/> name: unico, hasco, random, nsga2).</param>
/// <param name="Objectives">The run's objectives, in its order (latency, energy, area).</param>
/// <param name="Resumed">True when continuing from a checkpoint.</param>
public sealed record RunStarted(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    CoSearchAlgorithm Algorithm, IReadOnlyList<CoSearchObjective> Objectives, bool Resumed) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>The hardware search proposed a point.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="PointId">Id of the point within the run.</param>
/// <param name="Batch">Batch (iteration) number; 0 is the initial design.</param>
/// <param name="Parameters">The design point: every parameter's value, typed (in JSON, as in a design point
/// file: integers as numbers, choices as strings; events stored before values were typed have strings only).</param>
/// <param name="Vector">The point's coordinates in the hardware search space (empty in events stored before it was carried).</param>
public sealed record HardwarePointProposed(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int PointId, int Batch, IReadOnlyDictionary<string, ParameterValue> Parameters, IReadOnlyList<double>? Vector = null)
    : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations)
{
    /// <summary>The point's coordinates in the hardware search space (empty when the event did not carry them).</summary>
    public IReadOnlyList<double> Vector { get; init; } = Vector ?? [];
}

/// <summary>A successive-halving rung began.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="Batch">Batch number.</param>
/// <param name="Rung">Rung number within the batch.</param>
/// <param name="PerLayerBudget">Mapping evaluations per distinct layer each point reaches in this rung.</param>
/// <param name="PointIds">The points in the rung.</param>
public sealed record RungStarted(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int Batch, int Rung, long PerLayerBudget, IReadOnlyList<int> PointIds) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>A successive-halving rung ended.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="Batch">Batch number.</param>
/// <param name="Rung">Rung number.</param>
/// <param name="PerLayerBudget">Budget per layer reached in the rung.</param>
/// <param name="Survivors">Points that continue with more budget.</param>
/// <param name="Eliminated">Points dropped (they keep their low-fidelity objectives).</param>
/// <param name="Promoted">Points whose searches had all plateaued: done without spending more.</param>
public sealed record RungFinished(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int Batch, int Rung, long PerLayerBudget, IReadOnlyList<int> Survivors, IReadOnlyList<int> Eliminated, IReadOnlyList<int> Promoted)
    : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>A hardware point's objectives are final for this run (high or low fidelity).</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="PointId">The point.</param>
/// <param name="Objectives">Objective values (minimized), in the run's objective order.</param>
/// <param name="LatencyCycles">Total cycles over the workload.</param>
/// <param name="EnergyPj">Total energy over the workload.</param>
/// <param name="AreaMm2">Area.</param>
/// <param name="HighFidelity">True when the point's mapping searches reached the full budget or plateaued.</param>
/// <param name="PerLayerBudget">Evaluations per distinct layer spent on the point.</param>
/// <param name="Feasible">False when a cap (area, power) is exceeded or a layer has no valid mapping.</param>
/// <param name="InfeasibleReason">Why the point is infeasible (null when feasible).</param>
/// <param name="PointEvaluations">Mapping evaluations spent on this point (its share of <see cref="CoSearchEvent.MappingEvaluations"/>).</param>
/// <param name="Layers">Per distinct layer of the training workload: its best mapping (Timeloop YAML) and that mapping's cost, as in
/// <see cref="PointOutcome.Layers"/>. Robustness comes apart, in <see cref="RobustnessComputed"/>.</param>
public sealed record HardwarePointEvaluated(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int PointId, IReadOnlyList<double> Objectives, double LatencyCycles, double EnergyPj, double AreaMm2,
    bool HighFidelity, long PerLayerBudget, bool Feasible, string? InfeasibleReason = null, long PointEvaluations = 0,
    IReadOnlyList<LayerOutcome>? Layers = null) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations)
{
    /// <summary>Per distinct layer, the best mapping and its cost (empty when the event did not carry them, or nothing was mapped).</summary>
    public IReadOnlyList<LayerOutcome> Layers { get; init; } = Layers ?? [];
}

/// <summary>A point's robustness was computed (docs/method.md section 5).</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="PointId">The point.</param>
/// <param name="Robustness">R in [0, 1].</param>
/// <param name="Sensitivity">S = 1/R - 1.</param>
public sealed record RobustnessComputed(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int PointId, double Robustness, double Sensitivity) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>The Pareto front of high-fidelity points changed.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations so far.</param>
/// <param name="FrontPointIds">Points on the front.</param>
/// <param name="Hypervolume">Hypervolume of the front in the run's normalized objective space.</param>
public sealed record FrontChanged(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    IReadOnlyList<int> FrontPointIds, double Hypervolume) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>The run completed its budget.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations spent.</param>
/// <param name="Points">Hardware points evaluated.</param>
/// <param name="Hypervolume">Final hypervolume.</param>
public sealed record RunFinished(long Sequence, double ElapsedSeconds, long MappingEvaluations,
    int Points, double Hypervolume) : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>The run failed.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations spent.</param>
/// <param name="Reason">What went wrong.</param>
public sealed record RunFailed(long Sequence, double ElapsedSeconds, long MappingEvaluations, string Reason)
    : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);

/// <summary>The run was cancelled; its results so far are consistent and saved.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="ElapsedSeconds">Seconds since start.</param>
/// <param name="MappingEvaluations">Evaluations spent.</param>
public sealed record RunCancelled(long Sequence, double ElapsedSeconds, long MappingEvaluations)
    : CoSearchEvent(Sequence, ElapsedSeconds, MappingEvaluations);
