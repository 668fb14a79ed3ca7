namespace Unico.Web.Runs;

/// <summary>
/// What the operator lets one run or input ask for (section <c>Unico:Limits</c>). The defaults
/// refuse what no run on one machine needs; a config or workload beyond a limit is refused with
/// 400 naming the field and the limit.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Unico:Limits";

    /// <summary>Largest <c>budget.mapping_evaluations</c>.</summary>
    public long MaxMappingEvaluations { get; set; } = 10_000_000_000;

    /// <summary>Largest <c>budget.seconds</c>; also the wall time after which any run is stopped (24 hours).</summary>
    public double MaxSeconds { get; set; } = 86_400;

    /// <summary>Largest <c>budget.iterations</c>.</summary>
    public int MaxIterations { get; set; } = 1_000_000;

    /// <summary>Largest <c>settings.full_budget</c> (mapping evaluations per distinct layer and point), and so of <c>b0</c>.</summary>
    public long MaxFullBudget { get; set; } = 10_000_000;

    /// <summary>Largest <c>settings.initial_points</c> and <c>settings.batch_size</c>.</summary>
    public int MaxBatchPoints { get; set; } = 1_000;

    /// <summary>Most layers of one workload (built-in networks have at most a few hundred).</summary>
    public int MaxLayersPerWorkload { get; set; } = 2_000;

    /// <summary>Largest size of one dimension of a layer (channels, pixels, tokens).</summary>
    public int MaxDimensionSize { get; set; } = 1_048_576;

    /// <summary>Runs one user may create per minute.</summary>
    public int RunsPerMinute { get; set; } = 30;
}
