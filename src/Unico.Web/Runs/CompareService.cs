using Unico.Engine.CoSearch;
using Unico.Engine.Optimization;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>A hypervolume sample of one run in the comparison's common normalization.</summary>
/// <param name="Evaluations">Mapping evaluations spent.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Hypervolume">Hypervolume of the feasible points so far.</param>
public sealed record CompareSample(long Evaluations, double Seconds, double Hypervolume);

/// <summary>One run in a comparison.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Name">Run name.</param>
/// <param name="Algorithm">Algorithm.</param>
/// <param name="Curve">Hypervolume against evaluations and time.</param>
/// <param name="Front">Its Pareto front (feasible points, in the common objective space).</param>
/// <param name="FinalHypervolume">Last value of <paramref name="Curve"/>.</param>
public sealed record CompareSeries(long RunId, string Name, string Algorithm, IReadOnlyList<CompareSample> Curve, IReadOnlyList<PointEntity> Front, double FinalHypervolume);

/// <summary>Runs overlaid on one scale.</summary>
/// <param name="Series">One per run.</param>
/// <param name="Objectives">The shared objectives.</param>
/// <param name="Error">Why the runs cannot be compared.</param>
public sealed record CompareResult(IReadOnlyList<CompareSeries> Series, IReadOnlyList<string> Objectives, string? Error);

/// <summary>
/// Compares stored runs honestly: every run's hypervolume is recomputed with one set of bounds
/// spanning the feasible points of all the selected runs (each run's own events use bounds fixed
/// by its own first points, which do not compare across runs), reference 1.1 on every scaled axis.
/// </summary>
public sealed class CompareService(RunStore store)
{
    private const int Samples = 150;

    /// <summary>Loads and compares the runs (unknown ids are skipped).</summary>
    public async Task<CompareResult> CompareAsync(IReadOnlyList<long> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var loaded = new List<(RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order)>();
        foreach (var id in runIds.Distinct())
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } run) continue;
            var points = await store.PointsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var order = await store.EventsAsync(id, types: ["point_evaluated"], cancellationToken: cancellationToken).ConfigureAwait(false);
            loaded.Add((run, points, order));
        }
        return Compare(loaded);
    }

    /// <summary>The comparison of loaded runs (points, and their point_evaluated events for the order).</summary>
    public static CompareResult Compare(IReadOnlyList<(RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) return new CompareResult([], [], null);
        var objectives = runs[0].Run.Objectives;
        if (runs.Any(r => r.Run.Objectives != objectives))
            return new CompareResult([], [], "the runs optimize different objectives; compare runs with the same objectives");
        var all = runs.SelectMany(r => r.Points).Where(p => p.Evaluated && p.Feasible).Select(Vector).Where(v => v.Length > 0).ToList();
        if (all.Count == 0) return new CompareResult([], objectives.Split(','), "no feasible point yet in these runs");
        var bounds = ObjectiveBounds.Spanning(all);
        var series = new List<CompareSeries>();
        foreach (var (run, points, order) in runs)
        {
            var byId = points.Where(p => p.Evaluated).ToDictionary(p => p.PointId);
            var sequence = new List<(PointEntity Point, long Evaluations, double Seconds)>();
            var seen = new HashSet<int>();
            foreach (var e in order.OrderBy(e => e.Sequence))
            {
                if (Runs.EventJson.Read(e.Json) is HardwarePointEvaluated v && byId.TryGetValue(v.PointId, out var p) && seen.Add(p.PointId))
                    sequence.Add((p, e.MappingEvaluations, e.ElapsedSeconds));
            }
            foreach (var p in byId.Values.OrderBy(p => p.PointId))
            {
                if (seen.Add(p.PointId)) sequence.Add((p, run.MappingEvaluations, run.ElapsedSeconds));
            }
            var curve = new List<CompareSample>();
            var step = Math.Max(1, sequence.Count / Samples);
            var feasible = new List<double[]>();
            for (var k = 0; k < sequence.Count; k++)
            {
                if (sequence[k].Point.Feasible && Vector(sequence[k].Point) is { Length: > 0 } v) feasible.Add(v);
                if ((k + 1) % step == 0 || k == sequence.Count - 1)
                {
                    feasible = [.. ParetoFront.NonDominatedIndices(feasible).Select(i => feasible[i])];
                    curve.Add(new CompareSample(sequence[k].Evaluations, sequence[k].Seconds, feasible.Count == 0 ? 0 : bounds.Hypervolume(feasible)));
                }
            }
            var candidates = byId.Values.Where(p => p.Feasible && Vector(p).Length > 0).ToList();
            var vectors = candidates.Select(Vector).ToList();
            var front = vectors.Count == 0 ? [] : ParetoFront.NonDominatedIndices(vectors).Select(i => candidates[i]).ToList();
            series.Add(new CompareSeries(run.Id, run.Name, run.Algorithm, curve, front, curve.Count == 0 ? 0 : curve[^1].Hypervolume));
        }
        return new CompareResult(series, objectives.Split(','), null);
    }

    private static double[] Vector(PointEntity p) => EventJson.Deserialize<double[]>(p.ObjectivesJson) ?? [];
}
