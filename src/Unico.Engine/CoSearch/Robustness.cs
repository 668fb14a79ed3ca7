using Unico.Engine.Mapping;

namespace Unico.Engine.CoSearch;

/// <summary>
/// UNICO's robustness of a hardware point (docs/method.md section 5): how much its good results hinge
/// on rare mappings. With c(l, b) the best mapping cost of layer l after b evaluations,
/// <c>S = geomean over layers of c(l, b0) / c(l, B) - 1</c> (at least 0) and <c>R = 1 / (1 + S)</c>,
/// in (0, 1]; R is 0 when some layer had no valid mapping after b0 evaluations.
/// </summary>
public static class Robustness
{
    /// <summary>Mapping sensitivity S from each distinct layer's search trace.</summary>
    /// <param name="traces">One trace per distinct layer.</param>
    /// <param name="initialBudget">b0: evaluations per layer of the first rung.</param>
    /// <param name="fullBudget">B: evaluations per layer the point's searches reached.</param>
    public static double Sensitivity(IEnumerable<SearchTrace> traces, long initialBudget, long fullBudget)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(fullBudget, initialBudget);
        double logSum = 0;
        var layers = 0;
        foreach (var trace in traces)
        {
            var early = trace.BestAfter(initialBudget);
            var late = trace.BestAfter(fullBudget);
            if (double.IsPositiveInfinity(late)) throw new ArgumentException("a layer has no valid mapping at the full budget", nameof(traces));
            if (double.IsPositiveInfinity(early)) return double.PositiveInfinity;
            logSum += Math.Log(early / late);
            layers++;
        }
        if (layers == 0) throw new ArgumentException("no layers", nameof(traces));
        return Math.Max(0, Math.Exp(logSum / layers) - 1);
    }

    /// <summary>Robustness R = 1 / (1 + S), in [0, 1].</summary>
    public static double FromSensitivity(double sensitivity) =>
        double.IsPositiveInfinity(sensitivity) ? 0 : 1 / (1 + Math.Max(0, sensitivity));

    /// <summary>Robustness R of a hardware point from its layers' traces.</summary>
    public static double Compute(IEnumerable<SearchTrace> traces, long initialBudget, long fullBudget) =>
        FromSensitivity(Sensitivity(traces, initialBudget, fullBudget));
}
