using Unico.Engine.Optimization;

namespace Unico.Engine.CoSearch;

/// <summary>
/// Successive halving as UNICO customizes it (docs/method.md section 4, step 3): the rung budgets, how many
/// points survive a rung, and the multi-objective ranking that picks them.
/// </summary>
public static class SuccessiveHalving
{
    /// <summary>Per-layer budgets of the rungs: b0, b0 x eta, ... capped at (and ending with) B.</summary>
    public static IReadOnlyList<long> Budgets(long initialBudget, int eta, long fullBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(fullBudget, initialBudget);
        var budgets = new List<long>();
        for (var b = initialBudget; ; b = Math.Min(fullBudget, b * eta))
        {
            budgets.Add(b);
            if (b >= fullBudget) return budgets;
        }
    }

    /// <summary>How many of <paramref name="count"/> points continue: ceil(count / eta).</summary>
    public static int Survivors(int count, int eta) => (int)Math.Ceiling(count / (double)eta);

    /// <summary>
    /// Orders points best first. Pareto ranking: non-dominated fronts in order; within a front,
    /// larger hypervolume contribution to <paramref name="globalFront"/> first; then lower index.
    /// Scalar ranking: the sum of the scaled objectives. Vectors are scaled (reference 1.1).
    /// </summary>
    /// <param name="scaled">Each point's scaled objectives (use large values for points without a valid measurement).</param>
    /// <param name="globalFront">The run's current front, scaled.</param>
    /// <param name="ranking">Which ranking.</param>
    /// <returns>Indices into <paramref name="scaled"/>, best first.</returns>
    public static IReadOnlyList<int> Rank(IReadOnlyList<double[]> scaled, IReadOnlyList<double[]> globalFront, RungRanking ranking)
    {
        ArgumentNullException.ThrowIfNull(scaled);
        ArgumentNullException.ThrowIfNull(globalFront);
        if (scaled.Count == 0) return [];
        if (ranking == RungRanking.Scalar)
            return [.. Enumerable.Range(0, scaled.Count).OrderBy(i => scaled[i].Sum()).ThenBy(i => i)];

        var m = scaled[0].Length;
        var reference = Enumerable.Repeat(ObjectiveBounds.Reference, m).ToArray();
        var inside = globalFront.Where(z => z.All(v => v < ObjectiveBounds.Reference)).ToList();
        var baseVolume = inside.Count == 0 ? 0 : Hypervolume.Compute(inside, reference);
        double Contribution(double[] z) => z.All(v => v < ObjectiveBounds.Reference)
            ? Hypervolume.Compute([.. inside, z], reference) - baseVolume
            : 0;
        var order = new List<int>(scaled.Count);
        foreach (var front in ParetoFront.NonDominatedSort(scaled))
            order.AddRange(front.OrderByDescending(i => Contribution(scaled[i])).ThenBy(i => i));
        return order;
    }
}
