using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Hosting;
using Unico.Web.Runs;

namespace Unico.Web.Comparisons;

/// <summary>
/// The Hangfire job of one comparison: the engine's <see cref="Comparison.Run"/> over every
/// contestant and seed in the comparison's directory, then its report, comparison.json and plot
/// stored with it. Each run checkpoints in its own sub-directory, so a job started again after an
/// app restart finishes the runs already done at once and resumes the interrupted one.
/// </summary>
public sealed partial class ComparisonJob(
    IDbContextFactory<UnicoDbContext> dbFactory,
    [FromKeyedServices(ComparisonJob.CancellationsKey)] RunCancellations cancellations,
    IOptions<UnicoOptions> options,
    ILogger<ComparisonJob> logger)
{
    /// <summary>DI key of the registry of comparisons executing in this process.</summary>
    public const string CancellationsKey = "comparisons";

    /// <summary>Executes (or resumes) the comparison. <paramref name="context"/> and <paramref name="shutdown"/> are supplied by Hangfire.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task ExecuteAsync(long id, PerformContext? context, CancellationToken shutdown)
    {
        var jobId = context?.BackgroundJob?.Id;
        ComparisonConfig config, submitted;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var c = await db.Comparisons.SingleOrDefaultAsync(x => x.Id == id, CancellationToken.None).ConfigureAwait(false);
            if (c is null || RunStatus.IsFinal(c.Status)) return;
            if (c.JobId is not null && jobId is not null && c.JobId != jobId) return; // a stale job
            try
            {
                config = ComparisonConfigJson.Parse(c.ResolvedConfigJson, "comparison");
                submitted = ComparisonConfigJson.Parse(c.ConfigJson, "comparison");
            }
            catch (UnicoInputException e)
            {
                await FinishAsync(id, RunStatus.Failed, e.Message, null).ConfigureAwait(false);
                return;
            }
            c.Status = RunStatus.Running;
            c.StartedAt ??= DateTime.UtcNow;
            c.RunsDone = 0;
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }

        using var user = new CancellationTokenSource();
        if (!cancellations.TryRegister(id, user)) return;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(user.Token, shutdown);
            var directory = options.Value.ComparisonDirectory(id);
            Directory.CreateDirectory(directory);
            ComparisonResult result;
            try
            {
                result = await EngineThread.Run(() => Comparison.Run(config, directory, (_, _) => CountDone(id), linked.Token)).ConfigureAwait(false);
            }
            // A cancelled engine run ends "cancelled", which the comparison reports as an error: the token says which it was.
            catch (Exception) when (user.IsCancellationRequested)
            {
                await FinishAsync(id, RunStatus.Cancelled, null, null).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (shutdown.IsCancellationRequested)
            {
                LogInterrupted(logger, id);
                // Stays running; RunRecovery enqueues it again at the next start.
                throw new OperationCanceledException("the app is shutting down; the comparison resumes on the next start", shutdown);
            }
            catch (Exception e) when (e is UnicoInputException or InvalidOperationException or IOException)
            {
                await FinishAsync(id, RunStatus.Failed, e.Message, null).ConfigureAwait(false);
                return;
            }
            // The report names the inputs as the user did, not by the snapshot files the engine read.
            result = result with { Config = submitted };
            var report = ComparisonReport.Markdown(result);
            var json = ComparisonReport.Json(result);
            var plot = ComparisonReport.Plot(result);
            await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), report, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, "comparison.json"), json, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, "hypervolume.svg"), plot, CancellationToken.None).ConfigureAwait(false);
            await FinishAsync(id, RunStatus.Succeeded, null, (report, json, plot)).ConfigureAwait(false);
        }
        finally
        {
            cancellations.Unregister(id);
        }
    }

    // Called on the search thread after each finished run: one small update.
    private void CountDone(long id)
    {
        using var db = dbFactory.CreateDbContext();
        db.Comparisons.Where(c => c.Id == id).ExecuteUpdate(u => u.SetProperty(c => c.RunsDone, c => c.RunsDone + 1));
    }

    private async Task FinishAsync(long id, string status, string? error, (string Report, string Json, string Plot)? outcome)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        var c = await db.Comparisons.SingleAsync(x => x.Id == id, CancellationToken.None).ConfigureAwait(false);
        c.Status = status;
        c.Error = error;
        c.FinishedAt = DateTime.UtcNow;
        if (outcome is { } o)
        {
            c.ReportMarkdown = o.Report;
            c.ResultJson = o.Json;
            c.PlotSvg = o.Plot;
            c.RunsDone = c.RunsTotal;
        }
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Comparison {Id}: interrupted by the app stopping; it resumes at the next start")]
    private static partial void LogInterrupted(ILogger logger, long id);
}
