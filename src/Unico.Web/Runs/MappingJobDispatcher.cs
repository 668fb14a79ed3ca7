using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// Splits a run's rungs across workers: each rung item becomes a <see cref="RungResultEntity"/>
/// row and a <see cref="MappingJob"/> on the mapping queue, and the run waits for the rows'
/// results. Items a previous life of the run already got results for (its coordinator was killed
/// and resumed) are not run again. A job that ended without a result (its worker died and Hangfire
/// gave it up, or it was deleted), or that still waits in the queue after a minute without any
/// result of the rung, is enqueued again, a few times, before the run fails.
/// </summary>
public sealed partial class MappingJobDispatcher(
    long runId,
    IDbContextFactory<UnicoDbContext> dbFactory,
    IBackgroundJobClient jobs,
    JobStorage storage,
    long minEvaluations,
    ILogger logger) : IRungExecutor
{
    private const int Attempts = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Supervise = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Alive = TimeSpan.FromMinutes(1);
    private static readonly string[] LiveStates = [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    /// <summary>Workers of the live Hangfire servers that take mapping jobs (at least 1).</summary>
    public int Parallelism
    {
        get
        {
            var servers = storage.GetMonitoringApi().Servers();
            var now = DateTime.UtcNow;
            return Math.Max(1, servers.Where(s => s.Queues.Contains(MappingJob.Queue) && s.Heartbeat is { } beat && now - beat < Alive).Sum(s => s.WorkersCount));
        }
    }

    /// <inheritdoc/>
    public long MinEvaluations => minEvaluations;

    /// <inheritdoc/>
    public IReadOnlyList<RungItemResult> Execute(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        // The engine waits on this thread (not a request thread): blocking on the database here is fine.
        return ExecuteAsync(items, cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<IReadOnlyList<RungItemResult>> ExecuteAsync(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
    {
        var rung = items[0].Rung;
        if (items.Any(i => i.Rung != rung)) throw new ArgumentException("one rung at a time", nameof(items));
        var results = new Dictionary<(int Point, int Part), RungItemResult>();
        var pending = new Dictionary<(int Point, int Part), (string Json, string JobId, int Attempt)>();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var ids = items.Select(i => i.PointId).Distinct().ToList();
            var rows = await db.RungResults.Where(r => r.RunId == runId && r.Rung == rung && ids.Contains(r.PointId))
                .ToDictionaryAsync(r => (r.PointId, r.Part), cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                var key = (item.PointId, item.Part);
                var json = RungWorkJson.Write(item);
                if (rows.TryGetValue(key, out var row))
                {
                    if (row.Item == json && row.Result is not null)
                    {
                        results[key] = RungWorkJson.ReadResult(row.Result, Source(key, rung));
                        continue;
                    }
                    // Other work than asked now (a stale row), failed, or not done: hand it out afresh.
                    row.Item = json;
                    row.Result = null;
                    row.Error = null;
                    row.Worker = null;
                    row.CreatedAt = DateTime.UtcNow;
                }
                else db.RungResults.Add(new RungResultEntity { RunId = runId, PointId = item.PointId, Rung = rung, Part = item.Part, Item = json, CreatedAt = DateTime.UtcNow });
                pending[key] = (json, "", 0);
            }
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var key in pending.Keys.ToList()) pending[key] = pending[key] with { JobId = Enqueue(key, rung), Attempt = 1 };

        var supervised = DateTime.UtcNow;
        var progressed = DateTime.UtcNow;
        while (pending.Count > 0)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var ids = pending.Keys.Select(k => k.Point).Distinct().ToList();
            var done = await db.RungResults.AsNoTracking()
                .Where(r => r.RunId == runId && r.Rung == rung && ids.Contains(r.PointId) && (r.Result != null || r.Error != null))
                .Select(r => new { r.PointId, r.Part, r.Item, r.Result, r.Error, r.Worker }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in done)
            {
                var key = (row.PointId, row.Part);
                if (!pending.TryGetValue(key, out var job) || row.Item != job.Json) continue;
                if (row.Error is not null)
                    throw new InvalidOperationException($"the mapping job of point {row.PointId}, rung {rung}, part {row.Part} failed on {row.Worker}: {row.Error}");
                results[key] = RungWorkJson.ReadResult(row.Result!, Source(key, rung));
                pending.Remove(key);
                progressed = DateTime.UtcNow;
            }
            if (pending.Count > 0 && DateTime.UtcNow - supervised > Supervise)
            {
                supervised = DateTime.UtcNow;
                // No result for a long while: jobs still "enqueued" may sit with a worker that will
                // never start them; enqueue them again (the first result stored wins).
                var stalled = DateTime.UtcNow - progressed > Stall;
                if (stalled) progressed = DateTime.UtcNow;
                Resubmit(pending, rung, stalled);
            }
        }
        return [.. items.Select(i => results[(i.PointId, i.Part)])];
    }

    // A job that Hangfire no longer runs or will run, with no result stored, is enqueued again;
    // after a stall, so is one that has sat enqueued.
    private void Resubmit(Dictionary<(int Point, int Part), (string Json, string JobId, int Attempt)> pending, int rung, bool stalled)
    {
        using var connection = storage.GetConnection();
        foreach (var (key, job) in pending.ToList())
        {
            var state = connection.GetStateData(job.JobId)?.Name;
            if (stalled && state == EnqueuedState.StateName)
            {
                // Not a failure: another copy in the queue, once a minute at most.
                LogResubmitted(logger, runId, key.Point, rung, key.Part, job.JobId, "stalled in the queue");
                pending[key] = job with { JobId = Enqueue(key, rung) };
                continue;
            }
            if (state is not null && LiveStates.Contains(state)) continue;
            if (job.Attempt >= Attempts)
                throw new InvalidOperationException($"the mapping job of point {key.Point}, rung {rung}, part {key.Part} ended {job.Attempt} times without a result (last: {state ?? "gone"})");
            LogResubmitted(logger, runId, key.Point, rung, key.Part, job.JobId, state ?? "gone");
            pending[key] = job with { JobId = Enqueue(key, rung), Attempt = job.Attempt + 1 };
        }
    }

    private string Enqueue((int Point, int Part) key, int rung) =>
        jobs.Create<MappingJob>(j => j.ExecuteAsync(runId, key.Point, rung, key.Part, null, CancellationToken.None), new EnqueuedState(MappingJob.Queue));

    private string Source((int Point, int Part) key, int rung) => $"stored result of run {runId}, point {key.Point}, rung {rung}, part {key.Part}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the mapping job of point {PointId}, rung {Rung}, part {Part} (job {JobId}) ended {State} without a result; enqueued again")]
    private static partial void LogResubmitted(ILogger logger, long runId, int pointId, int rung, int part, string jobId, string state);
}
