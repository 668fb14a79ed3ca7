using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>Reads and writes runs and points; converts between rows and engine records.</summary>
public sealed class RunStore(IDbContextFactory<UnicoDbContext> dbFactory)
{
    /// <summary>The summary of a run row.</summary>
    public static RunSummary Summary(RunEntity run)
    {
        ArgumentNullException.ThrowIfNull(run);
        CoSearchConfig? config = null;
        try
        {
            config = run.ConfigJson.Length == 0 ? null : CoSearchConfigJson.Parse(run.ConfigJson, "config");
        }
        catch (Engine.UnicoInputException)
        {
        }
        return new RunSummary(run.Id, run.Name, run.Status, run.Algorithm, run.Status == RunStatus.Succeeded ? 1 : run.Progress, run.Hypervolume,
            run.MappingEvaluations, run.ElapsedSeconds, run.PointCount, run.CreatedAt, run.StartedAt, run.FinishedAt, run.Error, run.OwnerId, run.OwnerName,
            run.Resumes,
            // As the pages name them: a built-in by its listed name, a workload or space written into the config by its own name.
            [.. (config?.TrainingWorkloads ?? []).Select(Engine.Workloads.WorkloadCatalog.DisplayName)],
            config is null ? "" : Engine.Hardware.DesignSpace.DisplayName(config.Space), run.SecondsLeft, run.Notes);
    }

    /// <summary>The row that stores an engine event.</summary>
    public static RunEventEntity EventRow(long runId, CoSearchEvent e, DateTime recordedAt)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RunEventEntity
        {
            RunId = runId,
            Sequence = e.Sequence,
            Type = EventJson.TypeName(e),
            ElapsedSeconds = e.ElapsedSeconds,
            MappingEvaluations = e.MappingEvaluations,
            Json = EventJson.Write(e),
            RecordedAt = recordedAt,
        };
    }

    /// <summary>
    /// Copies what a point's event says into its row: a proposal (re)starts the row (a resumed run
    /// proposes the points of its interrupted batch again), an evaluation fills in the objectives,
    /// feasibility and each layer's best mapping, a robustness event its R. The events are the
    /// run's record: nothing else fills the points table (the checkpoint is the engine's, to resume).
    /// </summary>
    public static void Apply(PointEntity point, CoSearchEvent e)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case HardwarePointProposed p:
                point.Batch = p.Batch;
                point.ParametersJson = EventJson.Serialize(p.Parameters);
                point.VectorJson = EventJson.Serialize(p.Vector);
                point.Evaluated = false;
                point.LatencyCycles = point.EnergyPj = point.AreaMm2 = 0;
                point.ObjectivesJson = "[]";
                point.HighFidelity = point.Feasible = false;
                point.PerLayerBudget = point.Evaluations = 0;
                point.InfeasibleReason = null;
                point.Robustness = point.Sensitivity = null;
                point.LayersJson = null;
                break;
            case HardwarePointEvaluated v:
                point.Evaluated = true;
                point.LatencyCycles = v.LatencyCycles;
                point.EnergyPj = v.EnergyPj;
                point.AreaMm2 = v.AreaMm2;
                point.ObjectivesJson = EventJson.Serialize(v.Objectives);
                point.HighFidelity = v.HighFidelity;
                point.PerLayerBudget = v.PerLayerBudget;
                point.Feasible = v.Feasible;
                point.InfeasibleReason = v.InfeasibleReason;
                point.Evaluations = v.PointEvaluations;
                point.LayersJson = EventJson.Serialize(v.Layers);
                break;
            case RobustnessComputed r:
                point.Robustness = r.Robustness;
                point.Sensitivity = r.Sensitivity;
                break;
        }
    }

    /// <summary>The point an event is about, or -1.</summary>
    public static int PointIdOf(CoSearchEvent e) => e switch
    {
        HardwarePointProposed p => p.PointId,
        HardwarePointEvaluated v => v.PointId,
        RobustnessComputed r => r.PointId,
        _ => -1,
    };

    /// <summary>A stored point as the engine's record (for CSV export).</summary>
    public static PointOutcome ToOutcome(PointEntity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PointOutcome(p.PointId, p.Batch, Parameters(p), EventJson.Deserialize<double[]>(p.VectorJson) ?? [],
            p.LatencyCycles, p.EnergyPj, p.AreaMm2, EventJson.Deserialize<double[]>(p.ObjectivesJson) ?? [], p.HighFidelity, p.PerLayerBudget,
            p.Feasible, p.InfeasibleReason, p.Robustness, p.Sensitivity, p.Evaluations, Layers(p));
    }

    /// <summary>The objective vector the search observed for a point (empty before it was evaluated).</summary>
    public static double[] Objectives(PointEntity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return EventJson.Deserialize<double[]>(p.ObjectivesJson) ?? [];
    }

    /// <summary>The hardware parameters of a point, as text (what the pages show and the CSV writes).</summary>
    public static Dictionary<string, string> Parameters(PointEntity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return ParameterTexts(p.ParametersJson);
    }

    /// <summary>Stored parameter values (the JSON of a proposal's design point) as text.</summary>
    public static Dictionary<string, string> ParameterTexts(string? json) =>
        (EventJson.Deserialize<Dictionary<string, ParameterValue>>(json) ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// A point's design point, typed as its proposal carried it (integers, choices). Rows stored
    /// before the events carried typed values hold every value as text: a text value of an integer
    /// parameter of <paramref name="space"/> is read back as its integer.
    /// </summary>
    public static DesignPoint Design(PointEntity p, DesignSpace? space = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        var values = EventJson.Deserialize<Dictionary<string, ParameterValue>>(p.ParametersJson) ?? [];
        return new DesignPoint(values.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.IsText && IsInteger(space, kv.Key)
            && long.TryParse(kv.Value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? ParameterValue.Of(n) : kv.Value)));
    }

    private static bool IsInteger(DesignSpace? space, string name) =>
        space is not null && space.Parameters.FirstOrDefault(d => d.Name == name) is { } parameter && !parameter.Domain.IsCategorical;

    /// <summary>Per distinct layer outcomes with the best mappings (empty until the point is evaluated).</summary>
    public static IReadOnlyList<LayerOutcome> Layers(PointEntity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return EventJson.Deserialize<List<LayerOutcome>>(p.LayersJson) ?? [];
    }

    /// <summary>Ids on a stored front list.</summary>
    public static IReadOnlyList<int> Ids(string json) => EventJson.Deserialize<List<int>>(json) ?? [];

    /// <summary>Every run, newest first.</summary>
    public async Task<List<RunSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. runs.Select(Summary)];
    }

    /// <summary>
    /// Mapping evaluations per second over this server's latest succeeded runs, measured on whole
    /// runs (so the optimizer's time and the held-out tests are in it); null before any.
    /// </summary>
    public async Task<double?> MeasuredRateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var recent = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Succeeded && r.ElapsedSeconds >= 1 && r.MappingEvaluations > 0)
            .OrderByDescending(r => r.Id).Take(20)
            .Select(r => new { r.MappingEvaluations, r.ElapsedSeconds })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return recent.Count == 0 ? null : recent.Sum(r => (double)r.MappingEvaluations) / recent.Sum(r => r.ElapsedSeconds);
    }

    /// <summary>A run without its points, or null.</summary>
    public async Task<RunEntity?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The points of a run in id order.</summary>
    public async Task<List<PointEntity>> PointsAsync(long id, bool withLayers = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Points.AsNoTracking().Where(p => p.RunId == id);
        if (!withLayers)
        {
            query = query.Select(p => new PointEntity
            {
                RunId = p.RunId, PointId = p.PointId, Batch = p.Batch, ParametersJson = p.ParametersJson, Evaluated = p.Evaluated,
                LatencyCycles = p.LatencyCycles, EnergyPj = p.EnergyPj, AreaMm2 = p.AreaMm2, ObjectivesJson = p.ObjectivesJson,
                HighFidelity = p.HighFidelity, PerLayerBudget = p.PerLayerBudget, Feasible = p.Feasible, InfeasibleReason = p.InfeasibleReason,
                Robustness = p.Robustness, Sensitivity = p.Sensitivity, Evaluations = p.Evaluations, VectorJson = p.VectorJson,
            });
        }
        return await query.OrderBy(p => p.PointId).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One point with its layers, or null.</summary>
    public async Task<PointEntity?> PointAsync(long runId, int pointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Points.AsNoTracking().SingleOrDefaultAsync(p => p.RunId == runId && p.PointId == pointId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stored events of a run in order (all, or the last <paramref name="last"/>), optionally only some types.</summary>
    public async Task<List<RunEventEntity>> EventsAsync(long runId, int? last = null, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Events.AsNoTracking().Where(e => e.RunId == runId);
        if (types is not null) query = query.Where(e => types.Contains(e.Type));
        if (last is { } n)
        {
            var tail = await query.OrderByDescending(e => e.Sequence).Take(n).ToListAsync(cancellationToken).ConfigureAwait(false);
            tail.Reverse();
            return tail;
        }
        return await query.OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a finished (or cancelled, or failed) run's result: the fronts, counters and the final
    /// state (the points came with the run's events); writes result.json, points.csv and front.csv.
    /// </summary>
    public async Task<RunSummary> SaveResultAsync(long runId, CoSearchResult result, string runDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        CoSearchResultFiles.Write(result, runDirectory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.Runs.SingleAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
        // The points are in the table already, as their events said (the recorder stored every event
        // before the run returned). Points proposed in a batch that never completed (cancel, failure,
        // a time budget) are not in the result: drop them.
        var kept = result.Points.Select(p => p.Id).ToList();
        await db.Points.Where(p => p.RunId == runId && !kept.Contains(p.PointId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        run.Status = EnumNames.Of(result.Status); // the same names as the run statuses
        run.Error = result.Error ?? (run.Status == RunStatus.Failed ? run.Error : null);
        run.FinishedAt = DateTime.UtcNow;
        run.MappingEvaluations = result.MappingEvaluations;
        run.ElapsedSeconds = result.Seconds;
        run.Hypervolume = result.FinalHypervolume;
        run.PointCount = result.Points.Count;
        run.FrontJson = EventJson.Serialize(result.Front);
        run.RobustFrontJson = EventJson.Serialize(result.RobustFront);
        run.GeneralizationJson = result.Generalization is null ? null : EventJson.Serialize(result.Generalization);
        if (run.Status == RunStatus.Succeeded) run.Progress = 1;
        // The result file's content where every process (a web process elsewhere) can serve it.
        await RunDocuments.SaveAsync(db, runId, RunDocuments.Result, CoSearchResultFiles.ToJson(result), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // A split run's mapping jobs are done with: their results are in the points now.
        await db.RungResults.Where(r => r.RunId == runId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Summary(run);
    }

    /// <summary>Sets a run's final state without a result (failed before it could start, or cancelled while queued).</summary>
    public async Task<RunSummary?> FinishAsync(long runId, string status, string? error, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
        if (run is null) return null;
        run.Status = status;
        run.Error = error;
        run.FinishedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Summary(run);
    }
}
