using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// The web's <see cref="ICoSearchEventSink"/>: <see cref="Publish"/> only writes the event into a
/// channel (the search thread never waits for the database); a background writer drains it in
/// batches, stores events, points and the run's counters in one transaction, picks up per-layer
/// mappings from the checkpoint the engine writes after every batch, and then pushes the batch to
/// open pages through the <see cref="RunEventHub"/>.
/// </summary>
public sealed class RunRecorder : ICoSearchEventSink, IAsyncDisposable
{
    private const int MaxBatch = 4000;
    private readonly long _runId;
    private readonly CoSearchBudget _budget;
    private readonly IDbContextFactory<UnicoDbContext> _db;
    private readonly RunEventHub _hub;
    private readonly string _checkpointPath;
    private readonly Func<bool> _interrupted;
    private readonly TimeSpan _flushInterval;
    private readonly Channel<CoSearchEvent> _channel = Channel.CreateUnbounded<CoSearchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly bool _shareCheckpoint;
    private DateTime _checkpointSeen;
    private int _batchesCompleted;

    /// <summary>Starts the background writer.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="budget">Its budget (for progress).</param>
    /// <param name="db">Context factory.</param>
    /// <param name="hub">Where persisted batches go.</param>
    /// <param name="runDirectory">Directory holding the engine's checkpoint.json.</param>
    /// <param name="interrupted">True when the run is being stopped by an app shutdown (its cancel event is then not a user's cancel and is dropped).</param>
    /// <param name="flushInterval">Pause between batches, to gather events of a fast run.</param>
    /// <param name="shareCheckpoint">Also store each new checkpoint in the database, for a worker elsewhere to resume from (shared storage).</param>
    public RunRecorder(long runId, CoSearchBudget budget, IDbContextFactory<UnicoDbContext> db, RunEventHub hub, string runDirectory,
        Func<bool> interrupted, TimeSpan flushInterval, bool shareCheckpoint = false)
    {
        _shareCheckpoint = shareCheckpoint;
        _runId = runId;
        _budget = budget;
        _db = db;
        _hub = hub;
        _checkpointPath = Path.Combine(runDirectory, "checkpoint.json");
        _interrupted = interrupted;
        _flushInterval = flushInterval;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Estimates the time left from the events it is fed (set before the run starts; the writer
    /// alone uses it). Without one, no time left is stored.
    /// </summary>
    public RunTimeEstimator? Estimator { get; set; }

    /// <summary>Errors of the writer (logged by the job).</summary>
    public Exception? WriterError { get; private set; }

    /// <inheritdoc/>
    public void Publish(CoSearchEvent e)
    {
        if (e is RunCancelled && _interrupted()) return;
        _channel.Writer.TryWrite(e);
    }

    /// <summary>Stops accepting events and waits until everything is stored and pushed.</summary>
    public async Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<CoSearchEvent>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var e)) batch.Add(e);
            try
            {
                var summary = await PersistAsync(batch).ConfigureAwait(false);
                _hub.Publish(new RunUpdate(summary, [.. batch]));
            }
#pragma warning disable CA1031 // keep recording later events; the job reports the error
            catch (Exception ex)
            {
                WriterError ??= ex;
            }
#pragma warning restore CA1031
            if (!reader.Completion.IsCompleted) await Task.Delay(_flushInterval).ConfigureAwait(false);
        }
    }

    private async Task<RunSummary> PersistAsync(List<CoSearchEvent> events)
    {
        await using var db = await _db.CreateDbContextAsync().ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
        var run = await db.Runs.SingleAsync(r => r.Id == _runId).ConfigureAwait(false);

        // Events after the last checkpoint of an interrupted attempt are replaced by the resumed ones.
        var first = events[0].Sequence;
        await db.Events.Where(v => v.RunId == _runId && v.Sequence >= first).ExecuteDeleteAsync().ConfigureAwait(false);
        var now = DateTime.UtcNow;
        db.Events.AddRange(events.Select(e => RunStore.EventRow(_runId, e, now)));

        var ids = events.Select(PointIdOf).Where(id => id >= 0).Distinct().ToList();
        var points = ids.Count == 0
            ? []
            : await db.Points.Where(p => p.RunId == _runId && ids.Contains(p.PointId)).ToDictionaryAsync(p => p.PointId).ConfigureAwait(false);
        foreach (var e in events)
        {
            Estimator?.Observe(e);
            run.MappingEvaluations = Math.Max(run.MappingEvaluations, e.MappingEvaluations);
            run.ElapsedSeconds = Math.Max(run.ElapsedSeconds, e.ElapsedSeconds);
            switch (e)
            {
                case RunStarted s:
                    run.Status = RunStatus.Running;
                    run.StartedAt ??= now;
                    if (s.Resumed) run.Resumes++;
                    run.MappingEvaluations = e.MappingEvaluations;
                    break;
                case HardwarePointProposed p:
                    if (!points.TryGetValue(p.PointId, out var proposed))
                    {
                        proposed = new PointEntity { RunId = _runId, PointId = p.PointId };
                        points[p.PointId] = proposed;
                        db.Points.Add(proposed);
                    }
                    proposed.Batch = p.Batch;
                    proposed.ParametersJson = EventJson.Serialize(p.Parameters);
                    proposed.Evaluated = false;
                    proposed.LayersJson = null;
                    _batchesCompleted = Math.Max(_batchesCompleted, p.Batch);
                    break;
                case HardwarePointEvaluated v when points.TryGetValue(v.PointId, out var point):
                    point.Evaluated = true;
                    point.LatencyCycles = v.LatencyCycles;
                    point.EnergyPj = v.EnergyPj;
                    point.AreaMm2 = v.AreaMm2;
                    point.ObjectivesJson = EventJson.Serialize(v.Objectives);
                    point.HighFidelity = v.HighFidelity;
                    point.PerLayerBudget = v.PerLayerBudget;
                    point.Feasible = v.Feasible;
                    break;
                case RobustnessComputed r when points.TryGetValue(r.PointId, out var robust):
                    robust.Robustness = r.Robustness;
                    robust.Sensitivity = r.Sensitivity;
                    break;
                case FrontChanged f:
                    run.Hypervolume = f.Hypervolume;
                    run.FrontJson = EventJson.Serialize(f.FrontPointIds);
                    break;
                case RunFinished f:
                    run.Hypervolume = f.Hypervolume;
                    break;
                case RunFailed f:
                    run.Error = f.Reason;
                    break;
            }
        }
        await db.SaveChangesAsync().ConfigureAwait(false);
        await SyncCheckpointAsync(db).ConfigureAwait(false);
        run.PointCount = await db.Points.CountAsync(p => p.RunId == _runId && p.Evaluated).ConfigureAwait(false);
        run.Progress = Math.Max(run.Progress, RunProgress.Of(_budget, run.MappingEvaluations, run.ElapsedSeconds, _batchesCompleted));
        if (Estimator is { } estimator) run.SecondsLeft = estimator.SecondsLeft;
        await db.SaveChangesAsync().ConfigureAwait(false);
        await tx.CommitAsync().ConfigureAwait(false);
        return RunStore.Summary(run);
    }

    // The engine writes checkpoint.json after each batch with every completed point, including the
    // best mapping of each layer; copy what the events do not carry into the points table.
    private async Task SyncCheckpointAsync(UnicoDbContext db)
    {
        var info = new FileInfo(_checkpointPath);
        if (!info.Exists || info.LastWriteTimeUtc == _checkpointSeen) return;
        CoSearchCheckpoint checkpoint;
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_checkpointPath).ConfigureAwait(false);
            checkpoint = CoSearchCheckpoint.Parse(text, _checkpointPath);
        }
        catch (Engine.UnicoInputException)
        {
            return; // being replaced; the next batch reads it
        }
        catch (IOException)
        {
            return;
        }
        _checkpointSeen = info.LastWriteTimeUtc;
        // In the same transaction as the events it covers: a resumed run finds both or neither.
        if (_shareCheckpoint) await RunDocuments.SaveAsync(db, _runId, RunDocuments.Checkpoint, text).ConfigureAwait(false);
        var missing = await db.Points.Where(p => p.RunId == _runId && p.LayersJson == null).ToDictionaryAsync(p => p.PointId).ConfigureAwait(false);
        foreach (var outcome in checkpoint.Points)
        {
            if (missing.TryGetValue(outcome.Id, out var point)) RunStore.Apply(point, outcome);
        }
        _batchesCompleted = Math.Max(_batchesCompleted, checkpoint.NextBatch);
    }

    private static int PointIdOf(CoSearchEvent e) => e switch
    {
        HardwarePointProposed p => p.PointId,
        HardwarePointEvaluated v => v.PointId,
        RobustnessComputed r => r.PointId,
        _ => -1,
    };
}
