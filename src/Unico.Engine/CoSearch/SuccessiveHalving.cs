using Unico.Engine.Optimization;

namespace Unico.Engine.CoSearch;

/// <summary>The rungs of a batch: per-layer budgets from b0 up to (and ending with) B, and eta.</summary>
/// <param name="Budgets">Per-layer budget of each rung, increasing, the last one B.</param>
/// <param name="Eta">Survivors are ceil(n / eta) of a rung.</param>
/// <param name="Derived">True when derived from the run's budget (plateaus then judged over each rung's own evaluations).</param>
public sealed record HalvingPlan(IReadOnlyList<long> Budgets, int Eta, bool Derived)
{
    /// <summary>b0, the first rung's per-layer budget.</summary>
    public long InitialBudget => Budgets[0];

    /// <summary>B, the last rung's.</summary>
    public long FullBudget => Budgets[^1];
}

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

    /// <summary>eta of a derived schedule.</summary>
    public const int DerivedEta = 3;

    /// <summary>The smallest first rung a derived schedule uses: below it most layers have not found a valid mapping yet.</summary>
    public const long MinimumInitialBudget = 20;

    /// <summary>
    /// How many batches' first rungs a derived schedule makes the budget pay for: b0 is chosen so
    /// that q points x L layers x b0 is about this fraction of the run's budget (see <see cref="Derive"/>).
    /// </summary>
    public const double FirstRungShare = 1.0 / 170;

    /// <summary>Batches a derived schedule assumes when the budget is not in mapping evaluations.</summary>
    public const int AssumedFullPoints = 40;

    /// <summary>
    /// The schedule of docs/method.md section 4 derived from the budget, the distinct layers and q:
    /// eta = 3; the rungs end at B and start at b0 = B / eta^k, where k halvings are at least
    /// enough to bring q points down to one (k >= ceil(log_eta q)) and at most two more; within that
    /// range k is the one whose first rung of a batch (q x L x b0 evaluations) is closest (in log) to
    /// <see cref="FirstRungShare"/> of the budget. So a budget worth N full-budget points (N = budget / (L x B))
    /// gets b0 near N x B / (170 q): a tight budget screens cheaply and keeps many batches, a generous one
    /// screens more carefully; b0 never goes below <see cref="MinimumInitialBudget"/>.
    /// </summary>
    /// <param name="mappingEvaluations">The run's budget in mapping evaluations, or null (then <see cref="AssumedFullPoints"/> full points are assumed).</param>
    /// <param name="distinctLayers">L: distinct layers of the training workloads.</param>
    /// <param name="batchSize">q.</param>
    /// <param name="fullBudget">B.</param>
    public static HalvingPlan Derive(long? mappingEvaluations, int distinctLayers, int batchSize, long fullBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(distinctLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fullBudget);
        const int eta = DerivedEta;
        var fullPoints = mappingEvaluations is { } e ? e / ((double)distinctLayers * fullBudget) : AssumedFullPoints;
        var wanted = fullPoints * fullBudget * FirstRungShare / batchSize;
        var least = (int)Math.Ceiling(Math.Log(batchSize) / Math.Log(eta) - 1e-9);
        var best = least;
        for (var k = least; k <= least + 2; k++)
        {
            if (Math.Abs(Math.Log(fullBudget / Math.Pow(eta, k) / wanted)) < Math.Abs(Math.Log(fullBudget / Math.Pow(eta, best) / wanted))) best = k;
        }
        while (best > 0 && fullBudget / Math.Pow(eta, best) < MinimumInitialBudget) best--;
        var budgets = new List<long>();
        for (var i = best; i >= 0; i--) budgets.Add(Math.Max(1, (long)Math.Round(fullBudget / Math.Pow(eta, i))));
        return new HalvingPlan(budgets, eta, Derived: true);
    }

    /// <summary>A fixed schedule: <see cref="Budgets"/> from the settings' b0 and eta.</summary>
    public static HalvingPlan Fixed(long initialBudget, int eta, long fullBudget) => new(Budgets(initialBudget, eta, fullBudget), eta, Derived: false);

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
