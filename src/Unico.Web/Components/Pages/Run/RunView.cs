using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Common;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Components.Pages.Run;

/// <summary>A hardware point as the run page shows it.</summary>
public sealed class PointRow
{
    /// <summary>Point id.</summary>
    public int Id { get; init; }

    /// <summary>Batch.</summary>
    public int Batch { get; set; }

    private IReadOnlyDictionary<string, string>? _parameters;

    /// <summary>Parameters as stored (JSON), read on first use: a 5,000-point page needs them only for hover texts and search.</summary>
    public string? ParametersJson { get; set; }

    /// <summary>Hardware parameters, as text (the hover boxes, the table's search).</summary>
    public IReadOnlyDictionary<string, string> Parameters
    {
        get => _parameters ??= RunStore.ParameterTexts(ParametersJson);
        set => _parameters = value;
    }

    /// <summary>Objectives known.</summary>
    public bool Evaluated { get; set; }

    /// <summary>Cycles.</summary>
    public double Latency { get; set; }

    /// <summary>pJ.</summary>
    public double Energy { get; set; }

    /// <summary>mm^2.</summary>
    public double Area { get; set; }

    /// <summary>J x cycles.</summary>
    public double Edp => Energy * 1e-12 * Latency;

    /// <summary>High fidelity.</summary>
    public bool HighFidelity { get; set; }

    /// <summary>Feasible.</summary>
    public bool Feasible { get; set; }

    /// <summary>Evaluations per layer.</summary>
    public long PerLayerBudget { get; set; }

    /// <summary>R.</summary>
    public double? Robustness { get; set; }

    /// <summary>On the current front.</summary>
    public bool OnFront { get; set; }

    /// <summary>A chart axis value of the point.</summary>
    public double Axis(string axis) => axis switch
    {
        "energy" => Energy,
        "area" => Area,
        "edp" => Edp,
        "robustness" => Robustness ?? double.NaN,
        _ => Latency,
    };
}

/// <summary>One successive-halving rung.</summary>
/// <param name="Batch">Batch.</param>
/// <param name="Rung">Rung within the batch.</param>
/// <param name="PerLayerBudget">Evaluations per layer reached.</param>
/// <param name="Points">Points in the rung.</param>
public sealed record RungRow(int Batch, int Rung, long PerLayerBudget, IReadOnlyList<int> Points)
{
    /// <summary>Kept for the next rung.</summary>
    public IReadOnlyList<int>? Survivors { get; set; }

    /// <summary>Dropped with low-fidelity values.</summary>
    public IReadOnlyList<int>? Eliminated { get; set; }

    /// <summary>Promoted because their searches had plateaued.</summary>
    public IReadOnlyList<int>? Promoted { get; set; }
}

/// <summary>A hypervolume sample.</summary>
/// <param name="Evaluations">Mapping evaluations.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Hypervolume">Hypervolume.</param>
public sealed record HypervolumeSample(long Evaluations, double Seconds, double Hypervolume);

/// <summary>An event log line.</summary>
/// <param name="Sequence">Event number.</param>
/// <param name="Seconds">Seconds into the run.</param>
/// <param name="Text">What happened.</param>
public sealed record LogLine(long Sequence, double Seconds, string Text);

/// <summary>
/// Everything the run page shows, built from the database and kept current by applying the
/// run's events in sequence order (events already applied are ignored, so a page that subscribed
/// before loading can apply its buffered updates safely).
/// </summary>
public sealed class RunView
{
    /// <summary>Log lines kept.</summary>
    public const int LogCapacity = 400;

    /// <summary>State of the run.</summary>
    public required RunSummary Summary { get; set; }

    /// <summary>Objective names of the run.</summary>
    public required IReadOnlyList<string> Objectives { get; init; }

    /// <summary>The run's clock (latency as time).</summary>
    public double ClockGhz { get; init; } = 1;

    /// <summary>Points by id.</summary>
    public Dictionary<int, PointRow> Points { get; } = [];

    /// <summary>Evaluated point ids in evaluation order.</summary>
    public List<int> EvaluationOrder { get; } = [];

    /// <summary>Current front.</summary>
    public IReadOnlyList<int> Front { get; private set; } = [];

    /// <summary>Hypervolume history.</summary>
    public List<HypervolumeSample> Hypervolume { get; } = [];

    /// <summary>Successive-halving rungs in order.</summary>
    public List<RungRow> Rungs { get; } = [];

    /// <summary>Recent events, oldest first.</summary>
    public LinkedList<LogLine> Log { get; } = new();

    /// <summary>Highest event sequence applied.</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Builds the view from stored rows and events.</summary>
    public static RunView Load(RunEntity run, IEnumerable<PointEntity> points, IEnumerable<RunEventEntity> structuralEvents, IEnumerable<RunEventEntity> recentEvents,
        double clockGhz = 1)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(structuralEvents);
        ArgumentNullException.ThrowIfNull(recentEvents);
        var view = new RunView { Summary = RunStore.Summary(run), Objectives = run.Objectives.Split(',', StringSplitOptions.RemoveEmptyEntries), ClockGhz = clockGhz };
        foreach (var p in points)
        {
            view.Points[p.PointId] = new PointRow
            {
                Id = p.PointId, Batch = p.Batch, ParametersJson = p.ParametersJson, Evaluated = p.Evaluated, Latency = p.LatencyCycles,
                Energy = p.EnergyPj, Area = p.AreaMm2, HighFidelity = p.HighFidelity, Feasible = p.Feasible, PerLayerBudget = p.PerLayerBudget,
                Robustness = p.Robustness,
            };
        }
        long last = -1;
        var evaluated = new List<(long Sequence, int Id)>();
        foreach (var stored in structuralEvents.OrderBy(e => e.Sequence))
        {
            last = Math.Max(last, stored.Sequence);
            switch (EventJson.Read(stored.Json))
            {
                case HardwarePointEvaluated v:
                    evaluated.Add((stored.Sequence, v.PointId));
                    break;
                case FrontChanged f:
                    view.Hypervolume.Add(new HypervolumeSample(f.MappingEvaluations, f.ElapsedSeconds, f.Hypervolume));
                    break;
                case RungStarted r:
                    view.StartRung(r);
                    break;
                case RungFinished r:
                    view.FinishRung(r);
                    break;
            }
        }
        // Evaluation order: as the events say, then any point evaluated whose event is gone (e.g. a finished run's re-saved points).
        var seen = new HashSet<int>();
        foreach (var (_, id) in evaluated) if (view.Points.TryGetValue(id, out var p) && p.Evaluated && seen.Add(id)) view.EvaluationOrder.Add(id);
        foreach (var p in view.Points.Values.OrderBy(p => p.Id)) if (p.Evaluated && seen.Add(p.Id)) view.EvaluationOrder.Add(p.Id);
        view.SetFront(RunStore.Ids(run.FrontJson));
        foreach (var stored in recentEvents.OrderBy(e => e.Sequence))
        {
            last = Math.Max(last, stored.Sequence);
            view.AddLog(EventJson.Read(stored.Json));
        }
        view.LastSequence = last;
        return view;
    }

    /// <summary>Applies new events (those at or below <see cref="LastSequence"/> are skipped); true when anything changed.</summary>
    public bool Apply(IEnumerable<CoSearchEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var changed = false;
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            if (e.Sequence <= LastSequence)
            {
                // A resumed run restarts its sequence at its checkpoint: accept a run_started that goes back.
                if (e is not RunStarted { Resumed: true }) continue;
            }
            LastSequence = e.Sequence;
            changed = true;
            AddLog(e);
            switch (e)
            {
                case HardwarePointProposed p:
                    if (!Points.TryGetValue(p.PointId, out var row)) Points[p.PointId] = row = new PointRow { Id = p.PointId };
                    row.Batch = p.Batch;
                    row.Parameters = p.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
                    break;
                case HardwarePointEvaluated v:
                    if (!Points.TryGetValue(v.PointId, out var point)) Points[v.PointId] = point = new PointRow { Id = v.PointId };
                    if (!point.Evaluated) EvaluationOrder.Add(v.PointId);
                    point.Evaluated = true;
                    point.Latency = v.LatencyCycles;
                    point.Energy = v.EnergyPj;
                    point.Area = v.AreaMm2;
                    point.HighFidelity = v.HighFidelity;
                    point.Feasible = v.Feasible;
                    point.PerLayerBudget = v.PerLayerBudget;
                    break;
                case RobustnessComputed r when Points.TryGetValue(r.PointId, out var robust):
                    robust.Robustness = r.Robustness;
                    break;
                case FrontChanged f:
                    if (Hypervolume.Count == 0 || Hypervolume[^1].Evaluations <= f.MappingEvaluations)
                        Hypervolume.Add(new HypervolumeSample(f.MappingEvaluations, f.ElapsedSeconds, f.Hypervolume));
                    SetFront(f.FrontPointIds);
                    break;
                case RungStarted r:
                    StartRung(r);
                    break;
                case RungFinished r:
                    FinishRung(r);
                    break;
            }
        }
        return changed;
    }

    /// <summary>Replaces the front (after a run finished and its final front was stored).</summary>
    public void SetFront(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var p in Points.Values) p.OnFront = false;
        foreach (var id in ids) if (Points.TryGetValue(id, out var p)) p.OnFront = true;
        Front = ids;
    }

    /// <summary>One line describing an event; latency as time at <paramref name="clockGhz"/>.</summary>
    public static string Describe(CoSearchEvent e, double clockGhz = 1) => e switch
    {
        RunStarted s => $"{(s.Resumed ? "resumed from checkpoint" : "started")}: {EnumNames.Of(s.Algorithm)}, objectives {string.Join(", ", s.Objectives.Select(EnumNames.Of))}",
        HardwarePointProposed p => $"batch {p.Batch}: proposed point {p.PointId}",
        RungStarted r => $"batch {r.Batch} rung {r.Rung}: {Units.Plural(r.PointIds.Count, "point")} to {Units.Plural(r.PerLayerBudget, "evaluation")} per layer",
        RungFinished r => $"batch {r.Batch} rung {r.Rung}: kept [{string.Join(", ", r.Survivors)}], dropped [{string.Join(", ", r.Eliminated)}], promoted [{string.Join(", ", r.Promoted)}]",
        HardwarePointEvaluated v => v.Feasible
            ? $"point {v.PointId}: {Units.Latency(v.LatencyCycles, clockGhz)} ({v.LatencyCycles:0.000e+0} cycles), {Units.Energy(v.EnergyPj)}, {Format.Area(v.AreaMm2)}{(v.HighFidelity ? "" : " (low fidelity)")}"
            : $"point {v.PointId}: infeasible",
        RobustnessComputed r => $"point {r.PointId}: robustness {r.Robustness:0.000}",
        FrontChanged f => $"front: {Units.Plural(f.FrontPointIds.Count, "point")}, hypervolume {f.Hypervolume:0.0000}",
        RunFinished f => $"finished: {Units.Plural(f.Points, "point")}, hypervolume {f.Hypervolume:0.0000}",
        RunFailed f => $"failed: {f.Reason}",
        RunCancelled => "cancelled",
        _ => e.GetType().Name,
    };

    private void AddLog(CoSearchEvent e)
    {
        Log.AddLast(new LogLine(e.Sequence, e.ElapsedSeconds, Describe(e, ClockGhz)));
        while (Log.Count > LogCapacity) Log.RemoveFirst();
    }

    private void StartRung(RungStarted r)
    {
        Rungs.RemoveAll(x => x.Batch == r.Batch && x.Rung >= r.Rung);
        Rungs.Add(new RungRow(r.Batch, r.Rung, r.PerLayerBudget, r.PointIds));
    }

    private void FinishRung(RungFinished r)
    {
        var row = Rungs.FindLast(x => x.Batch == r.Batch && x.Rung == r.Rung);
        if (row is null) return;
        row.Survivors = r.Survivors;
        row.Eliminated = r.Eliminated;
        row.Promoted = r.Promoted;
    }
}
