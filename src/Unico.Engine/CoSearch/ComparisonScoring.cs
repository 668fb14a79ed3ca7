namespace Unico.Engine.CoSearch;

/// <summary>
/// Scores a comparison's finished runs honestly: one normalization (bounds spanning every run's
/// feasible points) and one reference point for all, hypervolume curves against mapping
/// evaluations and time, and the budget each contestant needs to reach HASCO's final
/// hypervolume (docs/method.md sections 6-7).
/// </summary>
public static class ComparisonScoring
{
    /// <summary>Scores finished runs (exposed for tests and for re-scoring saved results).</summary>
    public static ComparisonResult Score(ComparisonConfig config, IReadOnlyList<(ComparisonEntry Entry, ulong Seed, CoSearchResult Result)> results)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(results);
        var all = results.SelectMany(r => r.Result.Points).Where(p => p.Feasible).Select(p => p.Objectives).ToList();
        if (all.Count == 0) throw new InvalidOperationException("no run found a feasible design");
        var bounds = ObjectiveBounds.Spanning(all);

        var curves = results.Select(r => Curve(r.Result, bounds)).ToList();
        var hascoName = config.Entries.FirstOrDefault(e => e.Algorithm == CoSearchAlgorithm.Hasco)?.Name ?? config.Entries[0].Name;
        var target = Statistics.Median(results.Select((r, i) => (r, i)).Where(x => x.r.Entry.Name == hascoName).Select(x => curves[x.i][^1].Hypervolume));

        // Held-out hypervolumes, with bounds common to every run's tested designs.
        var heldOutVectors = results.Where(r => r.Result.Generalization is not null)
            .SelectMany(r => r.Result.Generalization!.Designs.Select(d => HeldOutVector(config.Base, r.Result, d))).ToList();
        var heldOutBounds = heldOutVectors.Count > 0 ? ObjectiveBounds.Spanning(heldOutVectors) : null;

        var scored = new List<ComparisonRun>();
        for (var i = 0; i < results.Count; i++)
        {
            var (entry, seed, result) = results[i];
            var curve = curves[i];
            var reached = FirstReaching(curve, target);
            var g = result.Generalization;
            double? heldOut = null, heldOutRobust = null;
            if (g is not null && heldOutBounds is not null)
            {
                var robust = result.RobustFront.ToHashSet();
                heldOut = heldOutBounds.Hypervolume(g.Designs.Select(d => HeldOutVector(config.Base, result, d)));
                heldOutRobust = heldOutBounds.Hypervolume(g.Designs.Where(d => robust.Contains(d.PointId)).Select(d => HeldOutVector(config.Base, result, d)));
            }
            scored.Add(new ComparisonRun(entry.Name, seed, curve, curve[^1].Hypervolume, reached?.MappingEvaluations, reached?.Seconds,
                g?.RankCorrelation is { } rc && double.IsFinite(rc) ? rc : null, heldOut, heldOutRobust, result.MappingEvaluations, result.Seconds,
                result.ProposingSeconds, g?.Designs ?? []));
        }

        double? MedianOrNull(IEnumerable<double?> values)
        {
            var list = values.ToList();
            // A seed that never reached the target counts as infinitely slow.
            var sorted = list.Select(v => v ?? double.PositiveInfinity).ToList();
            var median = Statistics.Median(sorted);
            return double.IsFinite(median) ? median : null;
        }
        double? MedianOfPresent(IEnumerable<double?> values)
        {
            var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return present.Count == 0 ? null : Statistics.Median(present);
        }
        var hascoEvaluations = MedianOrNull(scored.Where(r => r.Entry == hascoName).Select(r => (double?)r.EvaluationsToTarget));
        var hascoSeconds = MedianOrNull(scored.Where(r => r.Entry == hascoName).Select(r => r.SecondsToTarget));
        var summaries = config.Entries.Select(e =>
        {
            var mine = scored.Where(r => r.Entry == e.Name).ToList();
            var evaluations = MedianOrNull(mine.Select(r => (double?)r.EvaluationsToTarget));
            var seconds = MedianOrNull(mine.Select(r => r.SecondsToTarget));
            return new ComparisonSummary(e.Name,
                Statistics.Median(mine.Select(r => r.FinalHypervolume)),
                evaluations,
                seconds,
                evaluations is > 0 && hascoEvaluations is { } h ? h / evaluations.Value : null,
                MedianOfPresent(mine.Select(r => r.RankCorrelation)),
                MedianOfPresent(mine.Select(r => r.HeldOutHypervolume)),
                MedianOfPresent(mine.Select(r => r.HeldOutHypervolumeRobust)),
                Statistics.Median(mine.Select(r => r.Seconds)),
                seconds is > 0 && hascoSeconds is { } hs ? hs / seconds.Value : null,
                Statistics.Median(mine.Select(r => r.Seconds > 0 ? r.ProposingSeconds / r.Seconds : 0)));
        }).ToList();
        return new ComparisonResult(config, target, scored, summaries, bounds);
    }

    /// <summary>The first point of a hypervolume curve at or above <paramref name="target"/> (a relative 1e-12 below counts), or null.</summary>
    public static HypervolumePoint? FirstReaching(IReadOnlyList<HypervolumePoint> curve, double target)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve.FirstOrDefault(p => p.Hypervolume >= target * (1 - 1e-12));
    }

    // The run's hypervolume after each evaluated point, with the comparison's bounds.
    private static List<HypervolumePoint> Curve(CoSearchResult result, ObjectiveBounds bounds)
    {
        var points = result.Points.Take(result.History.Count)
            .Select((p, i) => new ScoredPoint(p.Objectives, p.Feasible, result.History[i].MappingEvaluations, result.History[i].Seconds)).ToList();
        return [.. CommonScale.Curve(points, bounds)];
    }

    private static double[] HeldOutVector(CoSearchConfig config, CoSearchResult result, HeldOutOutcome d) =>
        [.. config.Objectives.Select(o => o switch
        {
            CoSearchObjective.Latency => Math.Log(d.HeldOutLatencyCycles),
            CoSearchObjective.Energy => Math.Log(d.HeldOutEnergyPj),
            _ => Math.Log(result.Points.First(p => p.Id == d.PointId).AreaMm2),
        })];
}
