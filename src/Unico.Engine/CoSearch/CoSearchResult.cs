namespace Unico.Engine.CoSearch;

/// <summary>One distinct layer of a hardware point: its best mapping's cost.</summary>
/// <param name="Layers">Names of the workload layers that share this problem.</param>
/// <param name="Repeat">How many times the workload runs it.</param>
/// <param name="Cycles">Cycles of one run with the best mapping found (0 when none was found).</param>
/// <param name="EnergyPj">Energy of one run, pJ.</param>
/// <param name="Evaluations">Mappings evaluated for it.</param>
/// <param name="Mapping">The best mapping as Timeloop YAML, or null.</param>
/// <param name="EarlyCostRatio">Its best cost after b0 evaluations over its final best cost (at least 1), when both exist.</param>
public sealed record LayerOutcome(IReadOnlyList<string> Layers, int Repeat, long Cycles, double EnergyPj, long Evaluations, string? Mapping,
    double? EarlyCostRatio = null);

/// <summary>A point's objectives after one rung of successive halving.</summary>
/// <param name="PerLayerBudget">The rung's per-layer budget.</param>
/// <param name="Objectives">Its objective vector then (log latency, log energy, log area, ...).</param>
public sealed record RungObjectives(long PerLayerBudget, double[] Objectives);

/// <summary>A hardware point as a co-search leaves it.</summary>
/// <param name="Id">Id within the run (order of proposal).</param>
/// <param name="Batch">Batch that proposed it (0 = initial design).</param>
/// <param name="Parameters">Hardware parameters, as text.</param>
/// <param name="Vector">Coordinates in the hardware search space.</param>
/// <param name="LatencyCycles">Cycles over the workload.</param>
/// <param name="EnergyPj">Energy over the workload.</param>
/// <param name="AreaMm2">Area.</param>
/// <param name="Objectives">The objective vector the hardware search observed (log latency, log energy, log area, ...).</param>
/// <param name="HighFidelity">True when its mapping searches reached the full budget or plateaued.</param>
/// <param name="PerLayerBudget">Mapping evaluations per distinct layer spent on it.</param>
/// <param name="Feasible">False when it breaks a cap, cannot be built, or a layer has no valid mapping.</param>
/// <param name="InfeasibleReason">Why, when infeasible.</param>
/// <param name="Robustness">R (high-fidelity points), or null.</param>
/// <param name="Sensitivity">S = 1/R - 1, or null.</param>
/// <param name="Evaluations">Mapping evaluations spent on it.</param>
/// <param name="Layers">Per distinct layer.</param>
/// <param name="Rungs">Its objectives after each rung it ran (complete measurements only).</param>
public sealed record PointOutcome(
    int Id, int Batch, IReadOnlyDictionary<string, string> Parameters, double[] Vector,
    double LatencyCycles, double EnergyPj, double AreaMm2, double[] Objectives,
    bool HighFidelity, long PerLayerBudget, bool Feasible, string? InfeasibleReason,
    double? Robustness, double? Sensitivity, long Evaluations, IReadOnlyList<LayerOutcome> Layers,
    IReadOnlyList<RungObjectives>? Rungs = null);

/// <summary>Hypervolume of the run's front after some mapping evaluations.</summary>
/// <param name="MappingEvaluations">Evaluations spent.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Hypervolume">Hypervolume of the feasible points so far, normalized space, reference 1.1.</param>
/// <param name="Points">Points evaluated so far.</param>
public sealed record HypervolumePoint(long MappingEvaluations, double Seconds, double Hypervolume, int Points);

/// <summary>A final design tested on held-out networks.</summary>
/// <param name="PointId">The design.</param>
/// <param name="Robustness">Its R on the training networks.</param>
/// <param name="TrainingLatencyCycles">Training latency.</param>
/// <param name="TrainingEnergyPj">Training energy.</param>
/// <param name="HeldOutLatencyCycles">Held-out latency (full mapping search).</param>
/// <param name="HeldOutEnergyPj">Held-out energy.</param>
/// <param name="Degradation">How much further from the best design it falls on held-out networks than on
/// training ones: (log EDP held-out - best log EDP held-out) - (log EDP training - best log EDP training).</param>
/// <param name="Scores">Every robustness measure's score of the design (higher: more robust), where defined.</param>
public sealed record HeldOutOutcome(int PointId, double? Robustness, double TrainingLatencyCycles, double TrainingEnergyPj,
    double HeldOutLatencyCycles, double HeldOutEnergyPj, double Degradation, IReadOnlyDictionary<RobustnessMeasure, double>? Scores = null);

/// <summary>The generalization protocol of docs/method.md section 5.</summary>
/// <param name="Workloads">Held-out workloads.</param>
/// <param name="Designs">The training front, tested on them.</param>
/// <param name="RankCorrelation">Spearman correlation between robustness and degradation (negative: robust designs degrade less); null with fewer than 3 designs.</param>
/// <param name="HeldOutHypervolume">Held-out hypervolume of the whole training front.</param>
/// <param name="HeldOutHypervolumeRobust">Held-out hypervolume of the robust front.</param>
/// <param name="Correlations">Spearman(score, degradation) of every robustness measure (the run's own measure is <paramref name="RankCorrelation"/>).</param>
public sealed record GeneralizationReport(IReadOnlyList<string> Workloads, IReadOnlyList<HeldOutOutcome> Designs,
    double? RankCorrelation, double HeldOutHypervolume, double HeldOutHypervolumeRobust,
    IReadOnlyDictionary<RobustnessMeasure, double>? Correlations = null);

/// <summary>How a co-search ended (written by <see cref="EnumNames"/>: <c>succeeded</c>, <c>cancelled</c>, <c>failed</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumNameConverter<RunOutcome>))]
public enum RunOutcome
{
    /// <summary>The budget was spent (or the time budget ran out): the result is complete.</summary>
    Succeeded,

    /// <summary>Stopped by its caller; the result holds the completed batches.</summary>
    Cancelled,

    /// <summary>Stopped by an error (<see cref="CoSearchResult.Error"/> says which).</summary>
    Failed,
}

/// <summary>Everything a co-search produced.</summary>
/// <param name="Config">The run config.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Points">Every hardware point, in proposal order.</param>
/// <param name="Front">Ids of the Pareto front of feasible points.</param>
/// <param name="RobustFront">The front after the robustness filter (equal to <paramref name="Front"/> unless filtering).</param>
/// <param name="History">Hypervolume after each evaluated point.</param>
/// <param name="MappingEvaluations">Mapping evaluations spent.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Bounds">Normalization bounds of the hypervolume (transformed objective space).</param>
/// <param name="Generalization">Held-out results, when the config names held-out workloads.</param>
/// <param name="Error">Why the run failed, if it did.</param>
/// <param name="ProposingSeconds">Of <paramref name="Seconds"/>, the wall time the hardware optimizer spent proposing points.</param>
/// <param name="RobustnessEvaluations">Mapping evaluations the robustness measures spent on the final front (the perturbation measure), beyond <paramref name="MappingEvaluations"/>.</param>
public sealed record CoSearchResult(
    CoSearchConfig Config, RunOutcome Status, IReadOnlyList<PointOutcome> Points, IReadOnlyList<int> Front, IReadOnlyList<int> RobustFront,
    IReadOnlyList<HypervolumePoint> History, long MappingEvaluations, double Seconds, ObjectiveBounds? Bounds,
    GeneralizationReport? Generalization, string? Error = null, double ProposingSeconds = 0, long RobustnessEvaluations = 0)
{
    /// <summary>The final hypervolume (0 before any feasible point).</summary>
    public double FinalHypervolume => History.Count == 0 ? 0 : History[^1].Hypervolume;
}
