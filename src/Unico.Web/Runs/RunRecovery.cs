using Hangfire;
using Hangfire.States;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Web.Data;
using Unico.Web.Hosting;

namespace Unico.Web.Runs;

/// <summary>
/// At startup, before the Hangfire server takes jobs, the queue is rebuilt from the runs: every
/// queue row is removed (a process that was killed leaves the row of the job it was running, which
/// Hangfire would count as enqueued and hand out again later), and every run still queued or
/// running gets its job put back in the queue in the order the runs were created, so a run that
/// was interrupted keeps its place ahead of the runs queued after it. A job that is gone or
/// finished while its run is not is replaced by a new one. The run then resumes from its
/// checkpoint (<see cref="RunJob"/>).
/// <para>
/// On a shared PostgreSQL storage other workers may hold jobs, so the queue is left alone: a job
/// of a worker that died is handed out again by Hangfire once its invisibility timeout passes.
/// Only runs whose job is gone or finished get a new one, under a distributed lock so that
/// workers starting together do not both enqueue it.
/// </para>
/// </summary>
public sealed partial class RunRecovery(
    IDbContextFactory<UnicoDbContext> dbFactory,
    JobStorage storage,
    IBackgroundJobClient jobs,
    IOptions<UnicoOptions> options,
    StorageInfo storageInfo,
    ILogger<RunRecovery> logger) : IHostedService
{
    private static readonly string[] LiveStates = [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storageInfo.Shared)
        {
            await RecoverSharedAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.Runs.Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var comparisons = await db.Comparisons.Where(c => c.Status == RunStatus.Queued || c.Status == RunStatus.Running)
            .OrderBy(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        using (storage.GetConnection()) { } // the storage creates its tables on first use
        var removed = await ClearQueueAsync(options.Value.Resolve(options.Value.HangfireDatabasePath), cancellationToken).ConfigureAwait(false);
        if (removed > 0) LogCleared(logger, removed);
        if (open.Count == 0 && comparisons.Count == 0) return;
        using var connection = storage.GetConnection();
        foreach (var run in open)
        {
            var state = run.JobId is null ? null : connection.GetStateData(run.JobId)?.Name;
            if (state is not null && LiveStates.Contains(state) && jobs.Requeue(run.JobId!))
            {
                if (state == ProcessingState.StateName) LogRequeued(logger, run.Id, run.JobId!);
                continue;
            }
            var runId = run.Id;
            run.JobId = jobs.Enqueue<RunJob>(j => j.ExecuteAsync(runId, null, CancellationToken.None));
            LogEnqueued(logger, run.Id, run.JobId, state ?? "missing");
        }
        // Comparisons after the runs: each is a long series of runs, and resumes from its runs' checkpoints.
        foreach (var comparison in comparisons)
        {
            var state = comparison.JobId is null ? null : connection.GetStateData(comparison.JobId)?.Name;
            if (state is not null && LiveStates.Contains(state) && jobs.Requeue(comparison.JobId!)) continue;
            var id = comparison.Id;
            comparison.JobId = jobs.Enqueue<Comparisons.ComparisonJob>(j => j.ExecuteAsync(id, null, CancellationToken.None));
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RecoverSharedAsync(CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        using var exclusive = connection.AcquireDistributedLock("unico:run-recovery", TimeSpan.FromMinutes(1));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.Runs.Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var run in open)
        {
            var state = run.JobId is null ? null : connection.GetStateData(run.JobId)?.Name;
            if (state is not null && LiveStates.Contains(state)) continue;
            var runId = run.Id;
            run.JobId = jobs.Enqueue<RunJob>(j => j.ExecuteAsync(runId, null, CancellationToken.None));
            LogEnqueued(logger, run.Id, run.JobId, state ?? "missing");
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Removes every row of Hangfire's queue table (Hangfire.Storage.SQLite's <c>JobQueue</c>; the
    /// storage has no API for it). Only at startup: no worker holds a row yet.
    /// </summary>
    public static async Task<int> ClearQueueAsync(string hangfireDatabase, CancellationToken cancellationToken = default)
    {
        await using var sqlite = new SqliteConnection($"Data Source={hangfireDatabase};Default Timeout=30");
        await sqlite.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = sqlite.CreateCommand();
        delete.CommandText = "DELETE FROM JobQueue";
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: job {JobId} was interrupted; requeued in its place to resume from its checkpoint")]
    private static partial void LogRequeued(ILogger logger, long runId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: new job {JobId} (previous job state: {State})")]
    private static partial void LogEnqueued(ILogger logger, long runId, string jobId, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hangfire queue rebuilt from the runs ({Rows} rows removed)")]
    private static partial void LogCleared(ILogger logger, int rows);
}
