using Microsoft.EntityFrameworkCore;
using Unico.Engine;
using Unico.Engine.CoSearch;
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

    /// <summary>Copies an engine point outcome into a row (everything, including per-layer mappings).</summary>
    public static void Apply(PointEntity point, PointOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(outcome);
        point.Batch = outcome.Batch;
        point.ParametersJson = EventJson.Serialize(outcome.Parameters);
        point.Evaluated = true;
        point.LatencyCycles = outcome.LatencyCycles;
        point.EnergyPj = outcome.EnergyPj;
        point.AreaMm2 = outcome.AreaMm2;
        point.ObjectivesJson = EventJson.Serialize(outcome.Objectives);
        point.HighFidelity = outcome.HighFidelity;
        point.PerLayerBudget = outcome.PerLayerBudget;
        point.Feasible = outcome.Feasible;
        point.InfeasibleReason = outcome.InfeasibleReason;
        point.Robustness = outcome.Robustness;
        point.Sensitivity = outcome.Sensitivity;
        point.Evaluations = outcome.Evaluations;
        point.VectorJson = EventJson.Serialize(outcome.Vector);
        point.LayersJson = EventJson.Serialize(outcome.Layers);
    }

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

    /// <summary>The hardware parameters of a point.</summary>
    public static Dictionary<string, string> Parameters(PointEntity p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return EventJson.Deserialize<Dictionary<string, string>>(p.ParametersJson) ?? [];
    }

    /// <summary>Per distinct layer outcomes (empty until the point's batch is checkpointed).</summary>
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
    /// Stores a finished (or cancelled, or failed) run's result: every point with its mappings,
    /// the fronts, counters and the final state; writes result.json, points.csv and front.csv.
    /// </summary>
    public async Task<RunSummary> SaveResultAsync(long runId, CoSearchResult result, string runDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        CoSearchResultFiles.Write(result, runDirectory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.Runs.SingleAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
        var points = await db.Points.Where(p => p.RunId == runId).ToDictionaryAsync(p => p.PointId, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in result.Points)
        {
            if (!points.TryGetValue(outcome.Id, out var point))
            {
                point = new PointEntity { RunId = runId, PointId = outcome.Id };
                db.Points.Add(point);
            }
            Apply(point, outcome);
        }
        // Points proposed in a batch that never completed (cancel, failure) stay as proposed: drop them.
        var kept = result.Points.Select(p => p.Id).ToHashSet();
        db.Points.RemoveRange(points.Values.Where(p => !kept.Contains(p.PointId)));
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
