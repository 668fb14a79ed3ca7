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
/// gave it up, or it was deleted) is enqueued again, a few times, before the run fails. A rung
/// too small to pay for its jobs (under <paramref name="minEvaluations"/> in all) runs here, on
/// <paramref name="local"/>: the result is the same wherever a rung runs.
/// </summary>
public sealed partial class MappingJobDispatcher(
    long runId,
    IDbContextFactory<UnicoDbContext> dbFactory,
    IBackgroundJobClient jobs,
    JobStorage storage,
    RungItemRunner local,
    int threads,
    long minEvaluations,
    ILogger logger) : IRungExecutor
{
    private const int Attempts = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Supervise = TimeSpan.FromSeconds(5);
    private static readonly string[] LiveStates = [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    /// <inheritdoc/>
    public IReadOnlyList<RungItemResult> Execute(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        // Counted with the replays a worker may need: an upper bound of the rung's work.
        if (items.Sum(i => i.TargetEvaluations) < minEvaluations) return RunHere(items, cancellationToken);
        // The engine waits on this thread (not a request thread): blocking on the database here is fine.
        return ExecuteAsync(items, cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<IReadOnlyList<RungItemResult>> ExecuteAsync(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
    {
        var rung = items[0].Rung;
        if (items.Any(i => i.Rung != rung)) throw new ArgumentException("one rung at a time", nameof(items));
        var wanted = items.ToDictionary(i => i.PointId);
        var results = new Dictionary<int, RungItemResult>();
        var pending = new Dictionary<int, (string Json, string JobId, int Attempt)>();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var ids = wanted.Keys.ToList();
            var rows = await db.RungResults.Where(r => r.RunId == runId && r.Rung == rung && ids.Contains(r.PointId))
                .ToDictionaryAsync(r => r.PointId, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                var json = RungWorkJson.Write(item);
                if (rows.TryGetValue(item.PointId, out var row))
                {
                    if (row.Item == json && row.Result is not null)
                    {
                        results[item.PointId] = RungWorkJson.ReadResult(row.Result, Source(item.PointId, rung));
                        continue;
                    }
                    // Other work than asked now (a stale row), failed, or not done: hand it out afresh.
                    row.Item = json;
                    row.Result = null;
                    row.Error = null;
                    row.Worker = null;
                    row.CreatedAt = DateTime.UtcNow;
                }
                else db.RungResults.Add(new RungResultEntity { RunId = runId, PointId = item.PointId, Rung = rung, Item = json, CreatedAt = DateTime.UtcNow });
                pending[item.PointId] = (json, "", 0);
            }
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var id in pending.Keys.ToList()) pending[id] = pending[id] with { JobId = Enqueue(id, rung), Attempt = 1 };

        var supervised = DateTime.UtcNow;
        while (pending.Count > 0)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var ids = pending.Keys.ToList();
            var done = await db.RungResults.AsNoTracking()
                .Where(r => r.RunId == runId && r.Rung == rung && ids.Contains(r.PointId) && (r.Result != null || r.Error != null))
                .Select(r => new { r.PointId, r.Item, r.Result, r.Error, r.Worker }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in done.Where(r => r.Item == pending[r.PointId].Json))
            {
                if (row.Error is not null)
                    throw new InvalidOperationException($"the mapping job of point {row.PointId}, rung {rung} failed on {row.Worker}: {row.Error}");
                results[row.PointId] = RungWorkJson.ReadResult(row.Result!, Source(row.PointId, rung));
                pending.Remove(row.PointId);
            }
            if (pending.Count > 0 && DateTime.UtcNow - supervised > Supervise)
            {
                supervised = DateTime.UtcNow;
                Resubmit(pending, rung);
            }
        }
        return [.. items.Select(i => results[i.PointId])];
    }

    private RungItemResult[] RunHere(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
    {
        var results = new RungItemResult[items.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, items.Count, options, i => results[i] = local.Execute(items[i], 1, cancellationToken));
        return results;
    }

    // A job that Hangfire no longer runs or will run, with no result stored, is enqueued again.
    private void Resubmit(Dictionary<int, (string Json, string JobId, int Attempt)> pending, int rung)
    {
        using var connection = storage.GetConnection();
        foreach (var (id, job) in pending.ToList())
        {
            var state = connection.GetStateData(job.JobId)?.Name;
            if (state is not null && LiveStates.Contains(state)) continue;
            if (job.Attempt >= Attempts)
                throw new InvalidOperationException($"the mapping job of point {id}, rung {rung} ended {job.Attempt} times without a result (last: {state ?? "gone"})");
            LogResubmitted(logger, runId, id, rung, job.JobId, state ?? "gone");
            pending[id] = job with { JobId = Enqueue(id, rung), Attempt = job.Attempt + 1 };
        }
    }

    private string Enqueue(int pointId, int rung) =>
        jobs.Create<MappingJob>(j => j.ExecuteAsync(runId, pointId, rung, null, CancellationToken.None), new EnqueuedState(MappingJob.Queue));

    private string Source(int pointId, int rung) => $"stored result of run {runId}, point {pointId}, rung {rung}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the mapping job of point {PointId}, rung {Rung} (job {JobId}) ended {State} without a result; enqueued again")]
    private static partial void LogResubmitted(ILogger logger, long runId, int pointId, int rung, string jobId, string state);
}
