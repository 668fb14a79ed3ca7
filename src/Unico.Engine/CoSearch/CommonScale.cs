using Unico.Engine.Optimization;

namespace Unico.Engine.CoSearch;

/// <summary>One evaluated point of a run, in evaluation order, as a comparison scores it.</summary>
/// <param name="Objectives">Its objective vector (the run's transformed objectives: log latency, log energy, log area, ...).</param>
/// <param name="Feasible">Whether it counts for the front.</param>
/// <param name="MappingEvaluations">Mapping evaluations the run had spent when it was evaluated.</param>
/// <param name="Seconds">Wall time of the run then.</param>
public sealed record ScoredPoint(IReadOnlyList<double> Objectives, bool Feasible, long MappingEvaluations, double Seconds);

/// <summary>
/// Hypervolume of several runs on one scale (docs/method.md section 6): bounds spanning the feasible
/// points of every run, reference 1.1 on every scaled axis. Each run's own hypervolume uses bounds
/// fixed by its own first points and does not compare across runs; these do. Used by
/// <see cref="Comparison"/> and by anything that compares stored runs.
/// </summary>
public static class CommonScale
{
    /// <summary>Bounds spanning every feasible point of every run, or null when there is none.</summary>
    public static ObjectiveBounds? Bounds(IEnumerable<IEnumerable<ScoredPoint>> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.SelectMany(r => r).Where(p => p.Feasible && p.Objectives.Count > 0).Select(p => p.Objectives.ToArray()).ToList();
        if (all.Count == 0) return null;
        var dimensions = all[0].Length;
        if (all.Any(v => v.Length != dimensions)) throw new ArgumentException("the runs have objective vectors of different lengths", nameof(runs));
        return ObjectiveBounds.Spanning(all);
    }

    /// <summary>
    /// The run's hypervolume after each evaluated point, on the given bounds; with
    /// <paramref name="samples"/>, only about that many points of the curve (always the last).
    /// </summary>
    public static IReadOnlyList<HypervolumePoint> Curve(IReadOnlyList<ScoredPoint> points, ObjectiveBounds bounds, int? samples = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(bounds);
        var curve = new List<HypervolumePoint>();
        var front = new List<double[]>();
        var volume = 0.0;
        var changed = false;
        var step = samples is > 0 and var n ? Math.Max(1, points.Count / n) : 1;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (p.Feasible && p.Objectives.Count > 0)
            {
                front.Add([.. p.Objectives]);
                changed = true;
            }
            if ((i + 1) % step != 0 && i != points.Count - 1) continue;
            if (changed)
            {
                front = [.. ParetoFront.NonDominatedIndices(front).Select(k => front[k])];
                volume = bounds.Hypervolume(front);
                changed = false;
            }
            curve.Add(new HypervolumePoint(p.MappingEvaluations, p.Seconds, volume, i + 1));
        }
        if (curve.Count == 0) curve.Add(new HypervolumePoint(0, 0, 0, 0));
        return curve;
    }

    /// <summary>The final hypervolume of a run's points on the given bounds.</summary>
    public static double Final(IEnumerable<ScoredPoint> points, ObjectiveBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(bounds);
        return bounds.Hypervolume(points.Where(p => p.Feasible && p.Objectives.Count > 0).Select(p => p.Objectives.ToArray()));
    }

    /// <summary>Indices (into <paramref name="points"/>) of the feasible points on the run's Pareto front.</summary>
    public static IReadOnlyList<int> Front(IReadOnlyList<ScoredPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var candidates = Enumerable.Range(0, points.Count).Where(i => points[i].Feasible && points[i].Objectives.Count > 0).ToList();
        if (candidates.Count == 0) return [];
        var vectors = candidates.Select(i => points[i].Objectives.ToArray()).ToList();
        return [.. ParetoFront.NonDominatedIndices(vectors).Select(k => candidates[k])];
    }
}
