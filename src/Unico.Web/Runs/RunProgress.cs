using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>How far a run is: the largest fraction of whichever budget limits it.</summary>
public static class RunProgress
{
    /// <summary>
    /// Progress in [0, 1]: mapping evaluations spent / budget, seconds / budget, or batches
    /// completed / (iterations + 1), whichever is furthest (the run stops at the first limit).
    /// </summary>
    public static double Of(CoSearchBudget budget, long evaluations, double seconds, int batchesCompleted)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var p = 0.0;
        if (budget.MappingEvaluations is > 0 and var e) p = Math.Max(p, (double)evaluations / e);
        if (budget.Seconds is > 0 and var s) p = Math.Max(p, seconds / s);
        if (budget.Iterations is { } i) p = Math.Max(p, (double)batchesCompleted / (i + 1));
        return Math.Clamp(p, 0, 1);
    }
}
