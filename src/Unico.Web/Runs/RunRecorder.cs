using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// The web's <see cref="ICoSearchEventSink"/> and <see cref="ICheckpointStore"/>: <see cref="Publish"/>
/// and <see cref="Save"/> only write into a channel (the search thread never waits for the
/// database); a background writer drains it in batches and stores events, points and the run's
/// counters in one transaction. The points table is filled from the events alone (a point's
/// evaluation carries each layer's best mapping). A checkpoint goes into the same transaction as
/// the events before it, so a run resumed by any process finds both or neither; it is stored for
/// resuming and never read for anything shown. Then the batch goes to open pages through the <see cref="RunEventHub"/>.
/// </summary>
public sealed class RunRecorder : ICoSearchEventSink, ICheckpointStore, IAsyncDisposable
{
    private const int MaxBatch = 4000;
    private readonly long _runId;
    private readonly CoSearchBudget _budget;
    private readonly IDbContextFactory<UnicoDbContext> _db;
    private readonly RunEventHub _hub;
    private readonly CoSearchConfig _localConfig;
    private readonly Func<bool> _interrupted;
    private readonly TimeSpan _flushInterval;
    private readonly Channel<Entry> _channel = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private int _batchesCompleted;

    // What the run hands over, in its order: an event or a checkpoint.
    private readonly record struct Entry(CoSearchEvent? Event, CoSearchCheckpoint? Checkpoint);

    /// <summary>Starts the background writer.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="budget">Its budget (for progress).</param>
    /// <param name="db">Context factory.</param>
    /// <param name="hub">Where persisted batches go.</param>
    /// <param name="localConfig">The run's config as this process runs it (its own copies of custom inputs).</param>
    /// <param name="interrupted">True when the run is being stopped by an app shutdown (its cancel event is then not a user's cancel and is dropped).</param>
    /// <param name="flushInterval">Pause between batches, to gather events of a fast run.</param>
    public RunRecorder(long runId, CoSearchConfig localConfig, IDbContextFactory<UnicoDbContext> db, RunEventHub hub,
        Func<bool> interrupted, TimeSpan flushInterval)
    {
        ArgumentNullException.ThrowIfNull(localConfig);
        _runId = runId;
        _localConfig = localConfig;
        _budget = localConfig.Budget;
        _db = db;
        _hub = hub;
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
        _channel.Writer.TryWrite(new Entry(e, null));
    }

    /// <inheritdoc/>
    public void Save(CoSearchCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _channel.Writer.TryWrite(new Entry(null, checkpoint));
    }

    /// <summary>
    /// The run's stored checkpoint, written by whichever process ran the run so far (with its own
    /// copies of the inputs: this process's config stands in for its config), or null.
    /// </summary>
    public CoSearchCheckpoint? Load()
    {
        // Called once, from the search's thread before it starts.
        using var db = _db.CreateDbContext();
        var text = db.RunDocuments.AsNoTracking().Where(d => d.RunId == _runId && d.Name == RunDocuments.Checkpoint).Select(d => d.Content).SingleOrDefault();
        return text is null ? null : CoSearchCheckpoint.Parse(text, $"the checkpoint of run {_runId}") with { Config = CoSearchConfigJson.Write(_localConfig) };
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
        var pending = new List<Entry>(); // read, not yet stored
        var batch = new List<CoSearchEvent>();
        while (pending.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (pending.Count < MaxBatch && reader.TryRead(out var entry)) pending.Add(entry);
            // Up to the newest checkpoint read: its events with it, and the older checkpoints
            // dropped (it covers them). Events after it wait for the next round, so a checkpoint is
            // never stored with events it does not cover.
            var last = pending.FindLastIndex(e => e.Checkpoint is not null);
            var take = last >= 0 ? last + 1 : pending.Count;
            var checkpoint = last >= 0 ? pending[last].Checkpoint : null;
            batch.Clear();
            batch.AddRange(pending.Take(take).Where(e => e.Event is not null).Select(e => e.Event!));
            pending.RemoveRange(0, take);
            try
            {
                var summary = await PersistAsync(batch, checkpoint).ConfigureAwait(false);
                if (batch.Count > 0) _hub.Publish(new RunUpdate(summary, [.. batch]));
            }
#pragma warning disable CA1031 // keep recording later events; the job reports the error
            catch (Exception ex)
            {
                WriterError ??= ex;
            }
#pragma warning restore CA1031
            if (!reader.Completion.IsCompleted && pending.Count == 0) await Task.Delay(_flushInterval).ConfigureAwait(false);
        }
    }

    private async Task<RunSummary> PersistAsync(List<CoSearchEvent> events, CoSearchCheckpoint? checkpoint)
    {
        await using var db = await _db.CreateDbContextAsync().ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
        var run = await db.Runs.SingleAsync(r => r.Id == _runId).ConfigureAwait(false);

        // Events after the last checkpoint of an interrupted attempt are replaced by the resumed ones.
        var now = DateTime.UtcNow;
        if (events.Count > 0)
        {
            var first = events[0].Sequence;
            await db.Events.Where(v => v.RunId == _runId && v.Sequence >= first).ExecuteDeleteAsync().ConfigureAwait(false);
            db.Events.AddRange(events.Select(e => RunStore.EventRow(_runId, e, now)));
        }

        var ids = events.Select(RunStore.PointIdOf).Where(id => id >= 0).Distinct().ToList();
        var points = ids.Count == 0
            ? []
            : await db.Points.Where(p => p.RunId == _runId && ids.Contains(p.PointId)).ToDictionaryAsync(p => p.PointId).ConfigureAwait(false);
        foreach (var e in events)
        {
            Estimator?.Observe(e);
            run.MappingEvaluations = Math.Max(run.MappingEvaluations, e.MappingEvaluations);
            run.ElapsedSeconds = Math.Max(run.ElapsedSeconds, e.ElapsedSeconds);
            if (e is HardwarePointProposed proposal && !points.ContainsKey(proposal.PointId))
            {
                var row = new PointEntity { RunId = _runId, PointId = proposal.PointId };
                points[proposal.PointId] = row;
                db.Points.Add(row);
            }
            if (points.TryGetValue(RunStore.PointIdOf(e), out var point)) RunStore.Apply(point, e);
            switch (e)
            {
                case RunStarted s:
                    run.Status = RunStatus.Running;
                    run.StartedAt ??= now;
                    if (s.Resumed) run.Resumes++;
                    run.MappingEvaluations = e.MappingEvaluations;
                    break;
                case HardwarePointProposed p:
                    // Its batch's predecessors are complete.
                    _batchesCompleted = Math.Max(_batchesCompleted, p.Batch);
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
        if (checkpoint is not null) await StoreAsync(db, checkpoint).ConfigureAwait(false);
        run.PointCount = await db.Points.CountAsync(p => p.RunId == _runId && p.Evaluated).ConfigureAwait(false);
        run.Progress = Math.Max(run.Progress, RunProgress.Of(_budget, run.MappingEvaluations, run.ElapsedSeconds, _batchesCompleted));
        if (Estimator is { } estimator) run.SecondsLeft = estimator.SecondsLeft;
        await db.SaveChangesAsync().ConfigureAwait(false);
        await tx.CommitAsync().ConfigureAwait(false);
        return RunStore.Summary(run);
    }

    // Stored for resuming only: the points table has everything from the events.
    private async Task StoreAsync(UnicoDbContext db, CoSearchCheckpoint checkpoint) =>
        await RunDocuments.SaveAsync(db, _runId, RunDocuments.Checkpoint, checkpoint.ToJson()).ConfigureAwait(false);
}
