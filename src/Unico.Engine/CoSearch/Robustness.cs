using Unico.Engine.Mapping;

namespace Unico.Engine.CoSearch;

/// <summary>
/// The robustness measures of docs/method.md section 5 and the degradation they are meant to
/// predict. The mapping sensitivity: with c(l, b) the best mapping cost of layer l after b
/// evaluations, <c>S = geomean over layers of c(l, b0) / c(l, B) - 1</c> (at least 0) and
/// <c>R = 1 / (1 + S)</c>, in (0, 1]; R is 0 when some layer had no valid mapping after b0
/// evaluations. The other measures score a set of designs against each other; every score is
/// higher for a more robust design.
/// </summary>
public static class Robustness
{
    /// <summary>
    /// How much further from the best of a set of designs each one falls on other networks than on
    /// the training ones: (other_d - min other) - (training_d - min training), with each side a log
    /// EDP (log latency + log energy). Positive: the design loses ground away from training.
    /// </summary>
    /// <param name="training">Each design's log EDP on the training networks.</param>
    /// <param name="other">Each design's log EDP on the other networks, in the same order.</param>
    public static double[] Degradation(IReadOnlyList<double> training, IReadOnlyList<double> other)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(other);
        if (training.Count != other.Count) throw new ArgumentException("the two lists differ in size");
        if (training.Count == 0) return [];
        var bestTraining = training.Min();
        var bestOther = other.Min();
        return [.. training.Select((t, i) => (other[i] - bestOther) - (t - bestTraining))];
    }

    /// <summary>
    /// The scale-free, rank-based sensitivity: for every layer the designs are ranked by their
    /// early-cost ratio c(l, b0) / c(l, final) (smallest first, ties sharing their average rank);
    /// a design scores the mean over layers of 1 - (rank - 1) / (n - 1), so 1 when it was the least
    /// sensitive on every layer and 0 when the most. A single design scores 1. Each layer counts the
    /// same, however large its ratios.
    /// </summary>
    /// <param name="ratios">Per design, its early-cost ratio per layer (same layer order for every design).</param>
    public static double[] RankScores(IReadOnlyList<IReadOnlyList<double>> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        var n = ratios.Count;
        if (n == 0) return [];
        var layers = ratios[0].Count;
        if (ratios.Any(r => r.Count != layers)) throw new ArgumentException("every design needs a ratio for every layer", nameof(ratios));
        var scores = new double[n];
        if (n == 1 || layers == 0)
        {
            Array.Fill(scores, 1.0);
            return scores;
        }
        for (var l = 0; l < layers; l++)
        {
            var ranks = Statistics.Ranks([.. ratios.Select(r => r[l])]);
            for (var d = 0; d < n; d++) scores[d] += (1 - (ranks[d] - 1) / (n - 1)) / layers;
        }
        return scores;
    }

    /// <summary>
    /// Cross-validated degradation: each fold (a training network, or a group of layers) in turn
    /// plays the held-out networks and the other folds the training ones; a design's score is minus
    /// its largest <see cref="Degradation"/> over the folds, so it predicts degradation from the
    /// training data alone. The largest, not the mean: with two folds a design's two degradations
    /// are opposite (what it loses on one network it gains on the other), so their mean is always 0.
    /// </summary>
    /// <param name="latency">Per design, its latency on each fold (cycles, repeats counted).</param>
    /// <param name="energy">Per design, its energy on each fold.</param>
    public static double[] CrossValidatedScores(IReadOnlyList<IReadOnlyList<double>> latency, IReadOnlyList<IReadOnlyList<double>> energy)
    {
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(energy);
        var n = latency.Count;
        if (n == 0) return [];
        var folds = latency[0].Count;
        if (folds < 2) throw new ArgumentException("cross-validation needs at least two folds", nameof(latency));
        var worst = new double[n];
        Array.Fill(worst, double.NegativeInfinity);
        for (var f = 0; f < folds; f++)
        {
            var heldOut = new double[n];
            var rest = new double[n];
            for (var d = 0; d < n; d++)
            {
                heldOut[d] = Math.Log(latency[d][f]) + Math.Log(energy[d][f]);
                double l = 0, e = 0;
                for (var g = 0; g < folds; g++)
                {
                    if (g == f) continue;
                    l += latency[d][g];
                    e += energy[d][g];
                }
                rest[d] = Math.Log(l) + Math.Log(e);
            }
            var degradation = Degradation(rest, heldOut);
            for (var d = 0; d < n; d++) worst[d] = Math.Max(worst[d], degradation[d]);
        }
        return [.. worst.Select(w => -w)];
    }

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
