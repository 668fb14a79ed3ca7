namespace Unico.Engine.CoSearch;

/// <summary>
/// The multi-fidelity surrogate's correction (<see cref="SurrogateFidelity.Corrected"/>): a point
/// stopped after a rung of budget b keeps objectives that more search could only lower. Every
/// high-fidelity point measured after its earlier rungs too, so the run knows, per rung budget, how
/// far such values sat above the final ones; the median of those gaps, per objective, is added to a
/// low-fidelity point's values before the surrogate sees them, instead of dropping the point or
/// taking its values at face value.
/// </summary>
public static class FidelityCorrection
{
    /// <summary>Pairs (a point's value at a rung and its final value) needed before a rung's gap is trusted.</summary>
    public const int MinimumPairs = 3;

    /// <summary>
    /// Median gap (final minus at-rung value, per objective; at most 0 for costs the search lowers)
    /// for each rung budget with at least <see cref="MinimumPairs"/> high-fidelity points measured there.
    /// </summary>
    public static IReadOnlyDictionary<long, double[]> Gaps(IEnumerable<PointOutcome> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var pairs = new SortedDictionary<long, List<double[]>>();
        foreach (var p in points)
        {
            if (!p.HighFidelity || !p.Feasible || p.Rungs is null) continue;
            // The last rung's values are the final ones.
            for (var i = 0; i < p.Rungs.Count - 1; i++)
            {
                var rung = p.Rungs[i];
                if (!pairs.TryGetValue(rung.PerLayerBudget, out var list)) pairs[rung.PerLayerBudget] = list = [];
                list.Add([.. p.Objectives.Select((v, j) => v - rung.Objectives[j])]);
            }
        }
        var gaps = new Dictionary<long, double[]>();
        foreach (var (budget, list) in pairs)
        {
            if (list.Count < MinimumPairs) continue;
            gaps[budget] = [.. Enumerable.Range(0, list[0].Length).Select(j => Math.Min(0, Statistics.Median(list.Select(g => g[j]))))];
        }
        return gaps;
    }

    /// <summary>
    /// The values the surrogate is fitted on for a low-fidelity point: <paramref name="observed"/>
    /// plus the gap of the point's last rung (the first objectives only: any extra entry, such as
    /// a robustness objective, is kept). Unchanged when that rung has no trusted gap.
    /// </summary>
    public static double[] Correct(PointOutcome point, double[] observed, IReadOnlyDictionary<long, double[]> gaps)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(gaps);
        if (point.HighFidelity || !point.Feasible || point.Rungs is not { Count: > 0 } rungs || !gaps.TryGetValue(rungs[^1].PerLayerBudget, out var gap))
            return observed;
        var corrected = (double[])observed.Clone();
        for (var j = 0; j < gap.Length && j < corrected.Length; j++) corrected[j] += gap[j];
        return corrected;
    }
}
