using Unico.Engine.Optimization;

namespace Unico.Engine.CoSearch;

/// <summary>
/// Fixed per-run bounds that scale the objective vectors (log latency, log energy, log area,
/// robustness) to [0, 1] for hypervolume and ranking; the reference point is 1.1 on every axis
/// (docs/method.md section 7). Values outside the bounds stay valid (below 0 is better than anything
/// seen when the bounds were set).
/// </summary>
/// <param name="Lower">Lower bound per objective.</param>
/// <param name="Upper">Upper bound per objective.</param>
public sealed record ObjectiveBounds(double[] Lower, double[] Upper)
{
    /// <summary>The reference coordinate on every scaled axis.</summary>
    public const double Reference = 1.1;

    /// <summary>Bounds spanning a set of objective vectors (a degenerate axis gets width 1).</summary>
    public static ObjectiveBounds Spanning(IReadOnlyList<double[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) throw new ArgumentException("no vectors", nameof(vectors));
        var m = vectors[0].Length;
        var lower = new double[m];
        var upper = new double[m];
        for (var j = 0; j < m; j++)
        {
            lower[j] = vectors.Min(v => v[j]);
            upper[j] = vectors.Max(v => v[j]);
            if (upper[j] - lower[j] < 1e-9) upper[j] = lower[j] + 1;
        }
        return new ObjectiveBounds(lower, upper);
    }

    /// <summary>Scales a vector.</summary>
    public double[] Scale(IReadOnlyList<double> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var z = new double[objectives.Count];
        for (var j = 0; j < z.Length; j++) z[j] = (objectives[j] - Lower[j]) / (Upper[j] - Lower[j]);
        return z;
    }

    /// <summary>Hypervolume of a set of objective vectors after scaling, against the reference point.</summary>
    public double Hypervolume(IEnumerable<double[]> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var scaled = objectives.Select(Scale).Where(z => z.All(v => v < Reference)).ToList();
        if (scaled.Count == 0) return 0;
        var reference = Enumerable.Repeat(Reference, scaled[0].Length).ToArray();
        return Optimization.Hypervolume.Compute(scaled, reference);
    }
}
