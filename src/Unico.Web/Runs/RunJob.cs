using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Hosting;

namespace Unico.Web.Runs;

/// <summary>
/// The Hangfire job that executes one run (with split runs: coordinates it, while mapping jobs
/// do the rungs' searches on any worker). It runs in its own DI scope and opens its own database
/// contexts. The engine checkpoints after every batch into the database (through the run's
/// <see cref="RunRecorder"/>), so a job that starts again for a run interrupted by an app restart
/// or a dead worker, in any process, resumes from the last completed batch.
/// </summary>
public sealed partial class RunJob(
    IDbContextFactory<UnicoDbContext> dbFactory,
    RunStore store,
    RunEventHub hub,
    RunCancellations cancellations,
    RunDocuments documents,
    IOptions<UnicoOptions> options,
    IOptions<LimitsOptions> limits,
    IBackgroundJobClient jobs,
    JobStorage jobStorage,
    StorageInfo storage,
    ILogger<RunJob> logger)
{
    /// <summary>Executes (or resumes) the run. <paramref name="context"/> and <paramref name="shutdown"/> are supplied by Hangfire.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task ExecuteAsync(long runId, PerformContext? context, CancellationToken shutdown)
    {
        var jobId = context?.BackgroundJob?.Id;
        CoSearchConfig config;
        double elapsed;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, CancellationToken.None).ConfigureAwait(false);
            if (run is null || RunStatus.IsFinal(run.Status)) return;
            if (run.JobId is not null && jobId is not null && run.JobId != jobId)
            {
                LogStale(logger, runId, jobId, run.JobId);
                return;
            }
            run.JobId ??= jobId;
            if (run.CancelRequested)
            {
                run.Status = RunStatus.Cancelled;
                run.FinishedAt = DateTime.UtcNow;
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                hub.Publish(new RunUpdate(RunStore.Summary(run), []));
                return;
            }
            try
            {
                config = CoSearchConfigJson.Parse(run.ResolvedConfigJson, $"run {runId}");
            }
            catch (UnicoInputException e)
            {
                await FailAsync(runId, e.Message).ConfigureAwait(false);
                return;
            }
            run.Status = RunStatus.Running;
            run.StartedAt ??= DateTime.UtcNow;
            elapsed = run.ElapsedSeconds;
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            hub.Publish(new RunUpdate(RunStore.Summary(run), []));
        }
        await documents.AddWorkerAsync(runId, HangfireServers.Of(context), CancellationToken.None).ConfigureAwait(false);

        using var user = new CancellationTokenSource();
        if (!cancellations.TryRegister(runId, user))
        {
            LogDuplicate(logger, runId);
            return;
        }
        try
        {
            // No run outlives the operator's wall-time limit, whatever its config asks (held-out tests included).
            using var overtime = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Clamp(limits.Value.MaxSeconds - elapsed, 0, int.MaxValue / 1000.0)));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(user.Token, shutdown, overtime.Token);
            bool Interrupted() => shutdown.IsCancellationRequested && !user.IsCancellationRequested && !overtime.IsCancellationRequested;
            var directory = options.Value.RunDirectory(runId);
            Directory.CreateDirectory(directory);
            // Another process may have run it so far: take its inputs from the database (the checkpoint is there too).
            if (documents.Shared) config = await documents.LocalInputsAsync(config, CancellationToken.None).ConfigureAwait(false);
            using var watch = documents.Shared ? RunCancelWatch.Start(dbFactory, runId, user, logger) : null; // the cancel may come from another process
            var recorder = new RunRecorder(runId, config, dbFactory, hub, Interrupted,
                TimeSpan.FromMilliseconds(Math.Clamp(options.Value.ChartFlushMilliseconds, 10, 5000)));
            CoSearchResult result;
            try
            {
                // Split: the rungs' mapping searches become jobs any worker takes (same result).
                var executor = options.Value.SplitsRuns(storage.Provider)
                    ? new MappingJobDispatcher(runId, dbFactory, jobs, jobStorage, options.Value.SplitMinEvaluations, logger)
                    : null;
                var search = CoSearchRun.Create(config, recorder, recorder, executor);
                var estimator = new RunTimeEstimator(config, search.DistinctLayers, search.HeldOutDistinctLayers);
                // A resumed run's estimate starts from what its earlier attempts measured.
                foreach (var stored in await store.EventsAsync(runId, cancellationToken: CancellationToken.None).ConfigureAwait(false))
                    estimator.Observe(EventJson.Read(stored.Json));
                recorder.Estimator = estimator;
                result = await EngineThread.Run(() => search.Run(linked.Token)).ConfigureAwait(false);
            }
            catch (UnicoInputException e)
            {
                await recorder.CompleteAsync().ConfigureAwait(false);
                await FailAsync(runId, e.Message).ConfigureAwait(false);
                return;
            }
            await recorder.CompleteAsync().ConfigureAwait(false);
            if (recorder.WriterError is { } writerError) LogWriterError(logger, writerError, runId);
            if (Interrupted())
            {
                // The app is stopping: the run stays "running"; on the next start it is enqueued again and resumes from its checkpoint.
                LogInterrupted(logger, runId);
                throw new OperationCanceledException("the app is shutting down; the run resumes from its checkpoint on the next start", shutdown);
            }
            if (overtime.IsCancellationRequested && !user.IsCancellationRequested)
                result = result with { Error = $"stopped after {limits.Value.MaxSeconds:0} s, this server's limit of wall time per run (Unico:Limits:MaxSeconds)" };
            RunSummary summary;
            try
            {
                summary = await store.SaveResultAsync(runId, result, directory, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
            {
                // The search finished but its result could not be stored: say so rather than stay "running".
                await FailAsync(runId, $"the search finished ({EnumNames.Of(result.Status)}) but storing its result failed: {e.Message}").ConfigureAwait(false);
                throw;
            }
            hub.Publish(new RunUpdate(summary, []));
        }
        finally
        {
            cancellations.Unregister(runId);
        }
    }

    private async Task FailAsync(long runId, string reason)
    {
        if (await store.FinishAsync(runId, RunStatus.Failed, reason).ConfigureAwait(false) is { } summary)
            hub.Publish(new RunUpdate(summary, []));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: job {JobId} is stale (the run belongs to job {Current}); skipped")]
    private static partial void LogStale(ILogger logger, long runId, string jobId, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} already executes in this process; duplicate job skipped")]
    private static partial void LogDuplicate(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} interrupted by shutdown; it resumes from its checkpoint on the next start")]
    private static partial void LogInterrupted(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: storing events failed")]
    private static partial void LogWriterError(ILogger logger, Exception exception, long runId);
}
