using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// At startup, before the Hangfire server takes jobs: every run still marked queued or running
/// gets a job that will execute it. A queued run whose job is still enqueued needs nothing (Hangfire's
/// storage kept it). A job left "processing" by a process that stopped is put back in the queue; a
/// job that is gone or finished while its run is not gets a new job. The run then resumes from its
/// checkpoint (<see cref="RunJob"/>).
/// </summary>
public sealed partial class RunRecovery(
    IDbContextFactory<UnicoDbContext> dbFactory,
    JobStorage storage,
    IBackgroundJobClient jobs,
    ILogger<RunRecovery> logger) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.Runs.Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (open.Count == 0) return;
        using var connection = storage.GetConnection();
        foreach (var run in open)
        {
            var state = run.JobId is null ? null : connection.GetStateData(run.JobId)?.Name;
            if (state == EnqueuedState.StateName || state == ScheduledState.StateName || state == AwaitingState.StateName) continue;
            if (state == ProcessingState.StateName && jobs.Requeue(run.JobId!))
            {
                LogRequeued(logger, run.Id, run.JobId!);
                continue;
            }
            var runId = run.Id;
            run.JobId = jobs.Enqueue<RunJob>(j => j.ExecuteAsync(runId, null, CancellationToken.None));
            LogEnqueued(logger, run.Id, run.JobId, state ?? "missing");
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: job {JobId} was interrupted; requeued to resume from its checkpoint")]
    private static partial void LogRequeued(ILogger logger, long runId, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: new job {JobId} (previous job state: {State})")]
    private static partial void LogEnqueued(ILogger logger, long runId, string jobId, string state);
}
