using System.Diagnostics;
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
/// The Hangfire job that executes one mapping job of a split run: some of a hardware point's layer
/// searches of one rung, continued from the state its <see cref="RungResultEntity"/> row holds. Any worker may run it,
/// once or more: the result is stored only while the row still asks for that work and has none,
/// so a job run twice (its worker died, its run's coordinator resumed) stores one result.
/// </summary>
public sealed partial class MappingJob(
    IDbContextFactory<UnicoDbContext> dbFactory,
    RunDocuments documents,
    RungItemRunners runners,
    IOptions<UnicoOptions> options,
    ILogger<MappingJob> logger)
{
    /// <summary>The Hangfire queue of mapping jobs (a server of its own in every process that runs jobs).</summary>
    public const string Queue = "mapping";

    /// <summary>Executes the work. <paramref name="context"/> and <paramref name="shutdown"/> are supplied by Hangfire.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task ExecuteAsync(long runId, int pointId, int rung, int part, PerformContext? context, CancellationToken shutdown)
    {
        string itemJson, configJson;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId)
                .Select(r => new { r.Status, r.CancelRequested, r.ResolvedConfigJson }).SingleOrDefaultAsync(CancellationToken.None).ConfigureAwait(false);
            if (run is null || run.CancelRequested || RunStatus.IsFinal(run.Status)) return; // nothing to work for
            var row = await db.RungResults.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == runId && r.PointId == pointId && r.Rung == rung && r.Part == part, CancellationToken.None)
                .ConfigureAwait(false);
            if (row is null || row.Result is not null || row.Error is not null) return; // done already, or withdrawn
            itemJson = row.Item;
            configJson = run.ResolvedConfigJson;
        }

        var worker = HangfireServers.Of(context);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, shutdown);
        using var watch = RunCancelWatch.Start(dbFactory, runId, stop, logger);
        string? result = null, error = null;
        long evaluations = 0;
        try
        {
            var source = $"mapping job of run {runId}, point {pointId}, rung {rung}, part {part}";
            var item = RungWorkJson.ReadItem(itemJson, source);
            var runner = await runners.ForAsync(runId, configJson, async () =>
            {
                var config = CoSearchConfigJson.Parse(configJson, $"run {runId}");
                return documents.Shared ? await documents.LocalInputsAsync(config, CancellationToken.None).ConfigureAwait(false) : config;
            }).ConfigureAwait(false);
            var threads = options.Value.EngineThreads ?? 0;
            var done = await EngineThread.Run(() => runner.Execute(item, threads, linked.Token)).ConfigureAwait(false);
            evaluations = item.Work;
            result = RungWorkJson.Write(done);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            return; // the run was cancelled or deleted
        }
        catch (UnicoInputException e)
        {
            error = e.Message;
        }
        shutdown.ThrowIfCancellationRequested();

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var seconds = clock.Elapsed.TotalSeconds;
            // Only into the row that still asks for this work and holds no result.
            var stored = await db.RungResults
                .Where(r => r.RunId == runId && r.PointId == pointId && r.Rung == rung && r.Part == part && r.Item == itemJson && r.Result == null && r.Error == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Result, result).SetProperty(r => r.Error, error)
                    .SetProperty(r => r.Worker, worker).SetProperty(r => r.Seconds, seconds), CancellationToken.None).ConfigureAwait(false);
            if (stored == 0) LogDiscarded(logger, runId, pointId, rung, part);
        }
        try
        {
            await documents.AddMappingWorkAsync(runId, worker, evaluations, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The run was deleted meanwhile: there is nothing to count the work for.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: the result of point {PointId}, rung {Rung}, part {Part} was stored already or withdrawn; this one is discarded")]
    private static partial void LogDiscarded(ILogger logger, long runId, int pointId, int rung, int part);
}
