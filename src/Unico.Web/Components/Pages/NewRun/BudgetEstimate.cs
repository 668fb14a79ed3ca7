using Unico.Engine.CoSearch;
using Unico.Web.Catalog;
using Unico.Web.Components.Common;

namespace Unico.Web.Components.Pages.NewRun;

/// <summary>
/// How long the new-run form's budget should take: the engine's <see cref="RunTimeEstimator.SecondsBefore"/>
/// at this server's measured rate, or an assumed one before any run finished here.
/// </summary>
/// <param name="Seconds">Estimated duration; null when the budget sets no bounded limit.</param>
/// <param name="Rate">Mapping evaluations per second it assumes.</param>
/// <param name="Measured">True when the rate was measured on this server's runs.</param>
public sealed record BudgetEstimate(double? Seconds, double Rate, bool Measured)
{
    /// <summary>Above this a run is worth a second thought (the form warns).</summary>
    public const double LongSeconds = 3600;

    /// <summary>
    /// A rate to assume before any run finished here: a first run of the form's default budget
    /// (600,000 evaluations, ResNet-18) took five and a half minutes on a two-core machine.
    /// </summary>
    public const double AssumedRate = 1_800;

    /// <summary>True when the estimate exceeds an hour.</summary>
    public bool IsLong => Seconds > LongSeconds;

    /// <summary>The estimate for <paramref name="config"/>, whose training workloads are looked up in <paramref name="workloads"/>.</summary>
    public static BudgetEstimate For(CoSearchConfig config, IReadOnlyList<WorkloadInfo> workloads, double? measuredRate)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(workloads);
        // Merged networks keep their layers apart, so their distinct layers add up.
        var layers = config.TrainingWorkloads.Sum(name => workloads.FirstOrDefault(w => w.Name == name)?.DistinctLayers ?? 0);
        var rate = measuredRate is > 0 and var r ? r : AssumedRate;
        return new BudgetEstimate(RunTimeEstimator.SecondsBefore(config, Math.Max(1, layers), rate), rate, measuredRate is > 0);
    }

    /// <summary>The sentence the form shows.</summary>
    public string Text
    {
        get
        {
            var basis = Measured
                ? $"at {Format.Count((long)Rate)} mapping evaluations/s, as this server's recent runs measured (optimizer time included)"
                : $"at an assumed {Format.Count((long)Rate)} mapping evaluations/s (no run has finished on this server yet)";
            if (Seconds is not { } s) return "No bounded limit: the run goes on until you cancel it.";
            return IsLong
                ? $"This budget should take about {Format.Duration(s)} {basis}. That is over an hour: lower the mapping evaluations or batches, or set a limit in seconds."
                : $"Estimated duration: about {Format.Duration(s)} {basis}.";
        }
    }
}
