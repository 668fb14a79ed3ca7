namespace Unico.Engine.Optimization;

/// <summary>The algorithms behind <see cref="OptimizerFactory"/>.</summary>
public enum OptimizerAlgorithm
{
    /// <summary>GP models + batch noisy expected hypervolume improvement (sequential greedy).</summary>
    QNehvi,

    /// <summary>GP models + random augmented Chebyshev scalarizations with noisy expected improvement.</summary>
    QParEgo,

    /// <summary>NSGA-II (elitist, non-dominated sorting and crowding, SBX and polynomial mutation).</summary>
    Nsga2,

    /// <summary>Scrambled Sobol sequence.</summary>
    Sobol,

    /// <summary>Uniform random search.</summary>
    Random,
}

/// <summary>Options shared by the optimizers; each uses the ones that concern it.</summary>
public sealed class OptimizerOptions
{
    /// <summary>Seed of every random choice.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Number of initial points drawn from a scrambled Sobol design before any model or
    /// evolution is used; null means 2 (d + 1).
    /// </summary>
    public int? InitialDesignSize { get; init; }

    /// <summary>Hypervolume reference point (upper bound, minimization); null infers one from the observed front.</summary>
    public IReadOnlyList<double>? ReferencePoint { get; init; }

    /// <summary>Fit the surrogate on high-fidelity observations only (when at least 2 exist).</summary>
    public bool ModelHighFidelityOnly { get; init; }

    /// <summary>
    /// When the surrogate is fitted on low-fidelity observations too (<see cref="ModelHighFidelityOnly"/>
    /// false), the values it is fitted on for each of them, e.g. the observed values moved toward
    /// their expected high-fidelity values; null: the observed values. Must be deterministic.
    /// </summary>
    public Func<Observation, double[]>? LowFidelityEstimate { get; init; }

    /// <summary>
    /// Most observations the surrogate is fitted on; beyond it a subset is chosen (half from the
    /// best non-dominated ranks, half spread evenly over the rest in observation order), so that a
    /// suggestion's cost stops growing with the observations. 0: every observation.
    /// </summary>
    public int MaxModelPoints { get; init; }

    /// <summary>
    /// Hyperparameters are searched again (L-BFGS) only once the observations have grown by this
    /// fraction since the last search; in between the models keep their hyperparameters and only
    /// condition on the new data. 0 (the default): search at every suggestion.
    /// </summary>
    public double RefitGrowth { get; init; }

    /// <summary>Posterior samples of the baseline (and quasi-random draws of the candidate).</summary>
    public int McSamples { get; init; } = 128;

    /// <summary>
    /// Integrate the candidate's own uncertainty analytically over the box decomposition (true),
    /// or by quasi-Monte-Carlo (false). Null picks analytic for 2 objectives, QMC above.
    /// </summary>
    public bool? AnalyticExpectation { get; init; }

    /// <summary>Upper bound on the pruned baseline size (most often Pareto-optimal points first).</summary>
    public int MaxBaseline { get; init; } = 64;

    /// <summary>Gaussian-process fitting settings.</summary>
    public GaussianProcessOptions GaussianProcess { get; init; } = GaussianProcessOptions.Default;

    /// <summary>Acquisition maximizer settings.</summary>
    public AcquisitionOptimizerOptions Acquisition { get; init; } = AcquisitionOptimizerOptions.Default;

    /// <summary>
    /// Feasibility known without evaluating a point (e.g. a design space's MAC and area caps):
    /// points for which it returns false are never suggested, by the initial design, the
    /// acquisition maximizer, evolution or random draws. Null: every point of the space is
    /// allowed. It must be deterministic and, with <see cref="MaxParallelism"/> above 1, safe to
    /// call from several threads at once.
    /// </summary>
    public Func<double[], bool>? Feasible { get; init; }

    /// <summary>
    /// Threads a suggestion may use: the surrogates of different objectives are fitted, and the
    /// acquisition's raw candidates scored and local searches run, at once. 1 (the default) keeps
    /// everything on the calling thread. Suggestions do not depend on it: results are combined in
    /// a fixed order.
    /// </summary>
    public int MaxParallelism { get; init; } = 1;

    /// <summary>NSGA-II population size (parents kept from all observations).</summary>
    public int PopulationSize { get; init; } = 20;
}
