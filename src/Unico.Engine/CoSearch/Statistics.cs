namespace Unico.Engine.CoSearch;

/// <summary>Small statistics the co-search reports use.</summary>
public static class Statistics
{
    /// <summary>Spearman's rank correlation (ties get their average rank); NaN when either side is constant.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("the two samples differ in size");
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>The median (average of the two middle values for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Spearman's correlation of several groups taken together, each ranked within itself: every
    /// value becomes its within-group rank scaled to (0, 1), rank / (n + 1), and the pooled scaled
    /// ranks are correlated (Pearson). Groups of fewer than 3 pairs are left out (they carry no
    /// order); NaN when nothing is left or a side is constant. This is how the benchmark matrix
    /// pools runs whose scores live on different scales.
    /// </summary>
    public static double PooledSpearman(IReadOnlyList<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var x = new List<double>();
        var y = new List<double>();
        foreach (var (gx, gy) in groups)
        {
            if (gx.Count != gy.Count) throw new ArgumentException("a group's two samples differ in size");
            if (gx.Count < 3) continue;
            var rx = Ranks(gx);
            var ry = Ranks(gy);
            for (var i = 0; i < rx.Length; i++)
            {
                x.Add(rx[i] / (rx.Length + 1));
                y.Add(ry[i] / (ry.Length + 1));
            }
        }
        return x.Count < 3 ? double.NaN : Pearson([.. x], [.. y]);
    }

    /// <summary>
    /// A percentile bootstrap interval: <paramref name="statistic"/> of <paramref name="resamples"/>
    /// samples drawn with replacement from <paramref name="items"/> (same size), and the
    /// (1 - level) / 2 and (1 + level) / 2 quantiles of the finite results. Deterministic for a seed.
    /// </summary>
    /// <returns>(lower, upper), or (NaN, NaN) when no resample gave a finite value.</returns>
    public static (double Lower, double Upper) BootstrapInterval<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, double> statistic,
        ulong seed, int resamples = 2000, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(statistic);
        if (items.Count == 0) return (double.NaN, double.NaN);
        var rng = new Prng(seed);
        var values = new List<double>(resamples);
        var sample = new T[items.Count];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++) sample[i] = items[rng.NextInt(items.Count)];
            var v = statistic(sample);
            if (double.IsFinite(v)) values.Add(v);
        }
        if (values.Count == 0) return (double.NaN, double.NaN);
        values.Sort();
        return (Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2));
    }

    /// <summary>The p-quantile of sorted values, by linear interpolation between order statistics.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) return double.NaN;
        var h = Math.Clamp(p, 0, 1) * (sorted.Count - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The geometric mean of positive values; NaN when empty or any value is not positive.</summary>
    public static double GeometricMean(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (!(v > 0)) return double.NaN;
            sum += Math.Log(v);
            n++;
        }
        return n == 0 ? double.NaN : Math.Exp(sum / n);
    }

    /// <summary>1-based ranks, smallest first; ties get their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            var average = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
