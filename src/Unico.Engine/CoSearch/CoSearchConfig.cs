using Unico.Engine.Mapping;

namespace Unico.Engine.CoSearch;

/// <summary>The hardware search algorithm of a co-search run (in JSON by its <see cref="EnumNames"/> name).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumNameConverter<CoSearchAlgorithm>))]
public enum CoSearchAlgorithm
{
    /// <summary>MOBO batches with successive halving over mapping budgets, robustness (docs/method.md section 4).</summary>
    Unico,

    /// <summary>The same MOBO, batch 1, every hardware point gets the full mapping budget.</summary>
    Hasco,

    /// <summary>Random hardware points, full mapping budget.</summary>
    Random,

    /// <summary>NSGA-II over hardware, full mapping budget.</summary>
    Nsga2,
}

/// <summary>A hardware-level objective, all minimized (in JSON by its <see cref="EnumNames"/> name).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumNameConverter<CoSearchObjective>))]
public enum CoSearchObjective
{
    /// <summary>Cycles over the workload (sum of layers' best mappings x repeats).</summary>
    Latency,

    /// <summary>Energy over the workload.</summary>
    Energy,

    /// <summary>Chip area.</summary>
    Area,
}

/// <summary>How robustness (docs/method.md section 5) enters the search.</summary>
public enum RobustnessUse
{
    /// <summary>Computed and reported only.</summary>
    None,

    /// <summary>1 - R is an extra objective of the hardware search.</summary>
    Objective,

    /// <summary>Latency and energy are inflated by exp(penalty x (1 - R)).</summary>
    Penalty,

    /// <summary>The final front keeps only points with R at or above the threshold.</summary>
    Filter,
}

/// <summary>
/// A way of scoring how robust a design is (docs/method.md section 5); every score is higher for
/// a more robust design.
/// </summary>
public enum RobustnessMeasure
{
    /// <summary>R = 1 / (1 + S), S the geometric-mean ratio of each layer's cost after b0 evaluations to its final cost.</summary>
    Sensitivity,

    /// <summary>The same per-layer ratios, ranked among the run's high-fidelity points per layer and averaged (scale-free).</summary>
    Rank,

    /// <summary>Minus the largest degradation when one training network (or a fold of layers) is held out from the others.</summary>
    CrossValidated,

    /// <summary>Minus the degradation on the training layers with perturbed shapes.</summary>
    Perturbation,
}

/// <summary>Which observations the surrogate models are fitted on.</summary>
public enum SurrogateFidelity
{
    /// <summary>High-fidelity points only (once there are two).</summary>
    HighFidelityOnly,

    /// <summary>Every point, low-fidelity values as measured.</summary>
    All,

    /// <summary>
    /// Every point; a low-fidelity value is corrected by the median gap, learned from the run's
    /// points that went further, between objectives at that point's budget and at the full budget.
    /// </summary>
    Corrected,
}

/// <summary>How successive halving ranks the points of a rung.</summary>
public enum RungRanking
{
    /// <summary>Non-dominated sorting, ties broken by hypervolume contribution to the global front (UNICO's).</summary>
    Pareto,

    /// <summary>One scalar: the sum of normalized objectives (plain successive halving, an ablation).</summary>
    Scalar,
}

/// <summary>The acquisition function UNICO's and HASCO's Bayesian optimizer maximizes (docs/method.md section 4).</summary>
public enum CoSearchAcquisition
{
    /// <summary>qNEHVI: expected hypervolume improvement of the batch over the noisy front.</summary>
    Qnehvi,

    /// <summary>qNParEGO: expected improvement of random Chebyshev scalarizations.</summary>
    Qparego,
}

/// <summary>Where the successive-halving schedule (b0, eta, rungs) comes from.</summary>
public enum HalvingSchedule
{
    /// <summary>Derived from the budget, the distinct layers, q and B (<see cref="SuccessiveHalving.Derive"/>).</summary>
    Derived,

    /// <summary>The settings' b0 and eta.</summary>
    Fixed,
}

/// <summary>What adaptive promotion stops once its mapping searches have plateaued.</summary>
public enum PromotionScope
{
    /// <summary>Each layer's search on its own: a plateaued layer gets no more budget; a point whose layers all stopped is promoted.</summary>
    Layer,

    /// <summary>The whole point, only when every one of its layer searches has plateaued.</summary>
    Point,
}

/// <summary>How much the hardware optimizer may spend on one proposal.</summary>
public enum OptimizerCost
{
    /// <summary>
    /// Bounded as observations grow: surrogates fitted on at most <see cref="CoSearchRun.ModelPoints"/>
    /// chosen observations, warm-started fits with one L-BFGS run, and a fixed acquisition effort
    /// (raw candidates, restarts, local-search steps, posterior samples).
    /// </summary>
    Bounded,

    /// <summary>The optimizer's defaults (docs/optimization.md) on every observation.</summary>
    Full,
}

/// <summary>Algorithm settings of a co-search (each algorithm uses the ones that concern it).</summary>
/// <param name="InitialPoints">n_init: points of the space-filling initial design.</param>
/// <param name="BatchSize">q: points proposed per batch (forced to 1 for hasco).</param>
/// <param name="InitialBudget">b0: mapping evaluations per distinct layer in the first rung (fixed schedule).</param>
/// <param name="Eta">eta: survivors are 1/eta of a rung, their budget grows eta times (fixed schedule).</param>
/// <param name="FullBudget">B: the full mapping budget per distinct layer.</param>
/// <param name="AdaptivePromotion">Stop searches that have plateaued, without spending more (see <paramref name="Promotion"/>).</param>
/// <param name="PlateauWindow">k: evaluations over which a search must improve by more than epsilon to not be plateaued (fixed schedule; a derived schedule uses each rung's own evaluations).</param>
/// <param name="PlateauEpsilon">epsilon: relative improvement below which a search is plateaued.</param>
/// <param name="Ranking">How rungs are ranked.</param>
/// <param name="Robustness">How robustness is used.</param>
/// <param name="RobustnessQuantile">Filter: the robust front keeps the front's designs whose robustness is at or above this quantile of theirs.</param>
/// <param name="RobustnessPenalty">Penalty: lambda in exp(lambda x (1 - R)).</param>
/// <param name="Surrogate">Which observations the surrogate is fitted on.</param>
/// <param name="Acquisition">The acquisition function (unico and hasco).</param>
/// <param name="Schedule">Whether b0 and eta are derived or taken from the settings.</param>
/// <param name="Promotion">What adaptive promotion stops: single layer searches or whole points.</param>
/// <param name="FeasibilityFilter">Never propose a point the design space or the area cap forbids (known without evaluating it).</param>
/// <param name="OptimizerCost">Whether proposing a batch costs a bounded amount however many points were observed (<see cref="OptimizerCost.Bounded"/>) or the optimizer's full defaults on every observation.</param>
/// <param name="RobustnessMeasure">Which robustness measure filters the front and is reported first.</param>
/// <param name="WarmStart">Start each layer's mapping search from the best mappings of that layer on the nearest hardware points already measured (<see cref="CoSearchRun.WarmStartDonors"/> of them).</param>
public sealed record CoSearchSettings(
    int InitialPoints = 8,
    int BatchSize = 6,
    long InitialBudget = 150,
    int Eta = 3,
    long FullBudget = 4050,
    bool AdaptivePromotion = true,
    long PlateauWindow = 500,
    double PlateauEpsilon = 0.03,
    RungRanking Ranking = RungRanking.Pareto,
    RobustnessUse Robustness = RobustnessUse.Filter,
    double RobustnessQuantile = 0.5,
    double RobustnessPenalty = 1.0,
    SurrogateFidelity Surrogate = SurrogateFidelity.Corrected,
    CoSearchAcquisition Acquisition = CoSearchAcquisition.Qnehvi,
    HalvingSchedule Schedule = HalvingSchedule.Derived,
    PromotionScope Promotion = PromotionScope.Layer,
    bool FeasibilityFilter = true,
    OptimizerCost OptimizerCost = OptimizerCost.Bounded,
    RobustnessMeasure RobustnessMeasure = RobustnessMeasure.Perturbation,
    bool WarmStart = true);

/// <summary>When a run stops: whichever limit is reached first (at least one is set).</summary>
/// <param name="MappingEvaluations">Total mapping evaluations over all hardware points.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Iterations">Batches after the initial design.</param>
public sealed record CoSearchBudget(long? MappingEvaluations, double? Seconds = null, int? Iterations = null);

/// <summary>Hard limits a design must meet to count.</summary>
/// <param name="AreaMm2">Maximum area.</param>
/// <param name="PowerW">Maximum average power over the workload (energy / time at the clock).</param>
public sealed record CoSearchCaps(double? AreaMm2 = null, double? PowerW = null);

/// <summary>A co-search run, as `unico search --config` and the web app take it.</summary>
/// <param name="Name">Run name.</param>
/// <param name="TrainingWorkloads">Workloads searched on (built-in names or files).</param>
/// <param name="HeldOutWorkloads">Workloads the final designs are tested on.</param>
/// <param name="Space">Design space: a built-in name or a file.</param>
/// <param name="Objectives">Objectives, in order.</param>
/// <param name="Caps">Limits.</param>
/// <param name="Algorithm">Hardware search algorithm.</param>
/// <param name="Settings">Algorithm settings.</param>
/// <param name="Budget">When to stop.</param>
/// <param name="Mapper">Mapping search strategy and objective (its seed is derived per point and layer).</param>
/// <param name="Seed">Seed of everything.</param>
/// <param name="ClockGhz">Clock for turning cycles into seconds and energy into power.</param>
/// <param name="Threads">Worker threads; null uses every core.</param>
public sealed record CoSearchConfig(
    string Name,
    IReadOnlyList<string> TrainingWorkloads,
    IReadOnlyList<string> HeldOutWorkloads,
    string Space,
    IReadOnlyList<CoSearchObjective> Objectives,
    CoSearchCaps Caps,
    CoSearchAlgorithm Algorithm,
    CoSearchSettings Settings,
    CoSearchBudget Budget,
    MapperOptions Mapper,
    ulong Seed = 1,
    double ClockGhz = 1.0,
    int? Threads = null)
{
    /// <summary>
    /// Threads the run's mapping searches use: <see cref="Threads"/>, or one per core. Never
    /// unbounded: a parallel loop without a bound takes every thread-pool thread it is given and
    /// starves the rest of the process (the web's event writer stalled for half a minute).
    /// </summary>
    public int EffectiveThreads => Threads is > 0 and var t ? t : Environment.ProcessorCount;

    /// <summary>q as the algorithm uses it.</summary>
    public int EffectiveBatchSize => Algorithm == CoSearchAlgorithm.Hasco ? 1 : Settings.BatchSize;

    /// <summary>True when batches go through successive halving (unico); otherwise every point gets B.</summary>
    public bool UsesSuccessiveHalving => Algorithm == CoSearchAlgorithm.Unico;

    /// <summary>True when new points' mapping searches start from their neighbours' mappings (unico with <see cref="CoSearchSettings.WarmStart"/>).</summary>
    public bool UsesWarmStart => Algorithm == CoSearchAlgorithm.Unico && Settings.WarmStart;
}
