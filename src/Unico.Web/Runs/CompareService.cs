using Unico.Engine;
using Unico.Engine.CoSearch;
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
/// <param name="Training">Its training networks, as submitted.</param>
/// <param name="Space">Its design space, as submitted.</param>
/// <param name="ClockGhz">Its clock (latency as time).</param>
/// <param name="Points">Points it evaluated.</param>
public sealed record CompareSeries(long RunId, string Name, string Algorithm, IReadOnlyList<CompareSample> Curve, IReadOnlyList<PointEntity> Front, double FinalHypervolume,
    IReadOnlyList<string> Training, string Space, double ClockGhz, int Points);

/// <summary>Runs overlaid on one scale.</summary>
/// <param name="Series">One per run (empty when the runs are refused).</param>
/// <param name="Objectives">The shared objectives.</param>
/// <param name="Error">Why the runs cannot be compared (unknown ids, other networks or objectives).</param>
/// <param name="Warnings">What differs between the runs that a reader must know (spaces, clocks, caps).</param>
public sealed record CompareResult(IReadOnlyList<CompareSeries> Series, IReadOnlyList<string> Objectives, string? Error, IReadOnlyList<string> Warnings);

/// <summary>
/// Compares stored runs honestly with the engine's <see cref="CommonScale"/>: every run's hypervolume
/// is recomputed with one set of bounds spanning the feasible points of all the selected runs.
/// Runs of other networks or objectives are refused, unknown ids are an error, and runs on other
/// design spaces, clocks or caps are compared with a warning saying so.
/// </summary>
public sealed class CompareService(RunStore store)
{
    private const int Samples = 150;

    /// <summary>Loads and compares the runs.</summary>
    public async Task<CompareResult> CompareAsync(IReadOnlyList<long> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var loaded = new List<(RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order)>();
        var unknown = new List<long>();
        foreach (var id in runIds.Distinct())
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                unknown.Add(id);
                continue;
            }
            var points = await store.PointsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var order = await store.EventsAsync(id, types: ["point_evaluated"], cancellationToken: cancellationToken).ConfigureAwait(false);
            loaded.Add((run, points, order));
        }
        if (unknown.Count > 0)
            return new CompareResult([], [], $"There is no run {string.Join(", ", unknown.Select(i => $"#{i}"))}: remove {(unknown.Count == 1 ? "it" : "them")} from the list to compare the others.", []);
        return Compare(loaded);
    }

    /// <summary>The comparison of loaded runs (points, and their point_evaluated events for the order).</summary>
    public static CompareResult Compare(IReadOnlyList<(RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) return new CompareResult([], [], null, []);
        var objectives = runs[0].Run.Objectives;
        if (runs.Any(r => r.Run.Objectives != objectives))
            return new CompareResult([], [], "The runs optimize different objectives (" + string.Join("; ", runs.Select(r => $"#{r.Run.Id}: {r.Run.Objectives.Replace(",", ", ", StringComparison.Ordinal)}"))
                + "): their hypervolumes measure different things. Compare runs with the same objectives.", []);
        var configs = runs.Select(r => Configs(r.Run)).ToList();
        if (configs.Select(c => c.Workloads).Distinct().Count() > 1)
            return new CompareResult([], [], "The runs search different networks (" + string.Join("; ", runs.Select((r, i) => $"#{r.Run.Id}: {string.Join(" + ", configs[i].Training)}"))
                + "): their latencies and energies are of other workloads and do not compare. Compare runs of the same training networks.", []);
        var warnings = Warnings(runs.Select(r => r.Run).ToList(), configs);

        var ordered = runs.Select(r => Ordered(r.Run, r.Points, r.Order)).ToList();
        var bounds = CommonScale.Bounds(ordered.Select(o => o.Select(x => x.Scored)));
        if (bounds is null) return new CompareResult([], objectives.Split(','), "No feasible point yet in these runs: there is nothing to compare.", warnings);
        var series = new List<CompareSeries>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i].Run;
            var scored = ordered[i].Select(x => x.Scored).ToList();
            var curve = CommonScale.Curve(scored, bounds, Samples).Select(h => new CompareSample(h.MappingEvaluations, h.Seconds, h.Hypervolume)).ToList();
            var front = CommonScale.Front(scored).Select(k => ordered[i][k].Point).ToList();
            series.Add(new CompareSeries(run.Id, run.Name, run.Algorithm, curve, front, curve.Count == 0 ? 0 : curve[^1].Hypervolume,
                configs[i].Training, configs[i].Space, configs[i].ClockGhz, scored.Count));
        }
        return new CompareResult(series, objectives.Split(','), null, warnings);
    }

    // Evaluated points in evaluation order (the point_evaluated events), then any point whose event is gone.
    private static List<(PointEntity Point, ScoredPoint Scored)> Ordered(RunEntity run, List<PointEntity> points, List<RunEventEntity> order)
    {
        var byId = points.Where(p => p.Evaluated).ToDictionary(p => p.PointId);
        var sequence = new List<(PointEntity, ScoredPoint)>();
        var seen = new HashSet<int>();
        foreach (var e in order.OrderBy(e => e.Sequence))
        {
            if (EventJson.Read(e.Json) is HardwarePointEvaluated v && byId.TryGetValue(v.PointId, out var p) && seen.Add(p.PointId))
                sequence.Add((p, new ScoredPoint(RunStore.Objectives(p), p.Feasible, e.MappingEvaluations, e.ElapsedSeconds)));
        }
        foreach (var p in byId.Values.OrderBy(p => p.PointId))
        {
            if (seen.Add(p.PointId)) sequence.Add((p, new ScoredPoint(RunStore.Objectives(p), p.Feasible, run.MappingEvaluations, run.ElapsedSeconds)));
        }
        return sequence;
    }

    private sealed record RunInputs(IReadOnlyList<string> Training, string Workloads, string Space, string SpaceIdentity, double ClockGhz, CoSearchCaps Caps);

    // What a run searched: the submitted names to show, the resolved inputs (snapshots of custom ones) to tell them apart.
    private static RunInputs Configs(RunEntity run)
    {
        try
        {
            var submitted = CoSearchConfigJson.Parse(run.ConfigJson, "config");
            var resolved = CoSearchConfigJson.Parse(run.ResolvedConfigJson, "config");
            return new RunInputs(submitted.TrainingWorkloads, string.Join("\n", resolved.TrainingWorkloads.Order(StringComparer.Ordinal)), submitted.Space, resolved.Space,
                submitted.ClockGhz, submitted.Caps);
        }
        catch (UnicoInputException)
        {
            return new RunInputs(["(unreadable config)"], $"#{run.Id}", "(unreadable config)", $"#{run.Id}", 1, new CoSearchCaps());
        }
    }

    private static List<string> Warnings(List<RunEntity> runs, List<RunInputs> configs)
    {
        var warnings = new List<string>();
        string Each(Func<RunInputs, string> value) => string.Join("; ", runs.Select((r, i) => $"#{r.Id}: {value(configs[i])}"));
        if (configs.Select(c => c.SpaceIdentity).Distinct().Count() > 1)
            warnings.Add($"The runs search different design spaces ({Each(c => c.Space)}): the common scale says whose designs are better for these networks, not which search is better.");
        if (configs.Select(c => c.ClockGhz).Distinct().Count() > 1)
            warnings.Add($"The runs assume different clocks ({Each(c => Components.Common.Units.Significant(c.ClockGhz) + " GHz")}): latency is compared in cycles, which are not the same time.");
        if (configs.Select(c => c.Caps).Distinct().Count() > 1)
            warnings.Add($"The runs have different caps ({Each(c => Caps(c.Caps))}): a design feasible in one may be infeasible in another.");
        return warnings;
    }

    private static string Caps(CoSearchCaps caps) =>
        caps.AreaMm2 is null && caps.PowerW is null ? "none"
            : string.Join(", ", new[] { caps.AreaMm2 is { } a ? $"area ≤ {a} mm²" : null, caps.PowerW is { } p ? $"power ≤ {p} W" : null }.Where(x => x is not null));
}
