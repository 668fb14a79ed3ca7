using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// With a shared storage, runs execute in worker processes anywhere: this web process learns of
/// their progress from the database. Every <see cref="Interval"/> it reads the open runs (queued,
/// running, and those that were open at the last look), the events stored since it last looked,
/// in sequence order, and pushes them with the run's new state through the
/// <see cref="RunEventHub"/>, as a job in this process would. A resumed run (its resume count
/// went up) is read again from its latest <c>run_started</c>, which restarts the sequence.
/// Pages skip what they already have, so an event a local job also pushed is shown once.
/// </summary>
public sealed partial class RunRelay(IDbContextFactory<UnicoDbContext> dbFactory, RunEventHub hub, ILogger<RunRelay> logger) : BackgroundService
{
    /// <summary>Time between looks: an event reaches the pages at most this much later plus the query time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int MaxEvents = 4000;
    private readonly Dictionary<long, Seen> _seen = [];

    private sealed record Seen(RunSummary Summary, long LastSequence, int Resumes);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await LookAsync(first, stoppingToken).ConfigureAwait(false);
                first = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed look (database restarting) is retried on the next tick
            catch (Exception e)
            {
                LogLookFailed(logger, e);
            }
#pragma warning restore CA1031
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One look; at the first, open runs are taken as they are (pages load them from the database).</summary>
    internal async Task LookAsync(bool first, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var known = _seen.Keys.ToList();
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running || known.Contains(r.Id))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var run in runs)
        {
            var summary = RunStore.Summary(run);
            var seen = _seen.GetValueOrDefault(run.Id);
            long after;
            if (seen is null)
            {
                after = first
                    ? await db.Events.Where(e => e.RunId == run.Id).MaxAsync(e => (long?)e.Sequence, cancellationToken).ConfigureAwait(false) ?? -1
                    : -1;
                if (first)
                {
                    _seen[run.Id] = new Seen(summary, after, run.Resumes);
                    continue;
                }
            }
            else if (run.Resumes != seen.Resumes)
            {
                after = (await db.Events.Where(e => e.RunId == run.Id && e.Type == "run_started").MaxAsync(e => (long?)e.Sequence, cancellationToken).ConfigureAwait(false) ?? 0) - 1;
            }
            else
            {
                after = seen.LastSequence;
            }
            var rows = await db.Events.AsNoTracking().Where(e => e.RunId == run.Id && e.Sequence > after)
                .OrderBy(e => e.Sequence).Take(MaxEvents).ToListAsync(cancellationToken).ConfigureAwait(false);
            var events = rows.Select(r => EventJson.Read(r.Json)).ToList();
            var last = rows.Count > 0 ? rows[^1].Sequence : after;
            // The run's state is pushed once the events it counts are in (it may be ahead of them by a batch).
            if (events.Count > 0 || seen is null || summary != seen.Summary) hub.Publish(new RunUpdate(summary, events));
            if (RunStatus.IsFinal(run.Status) && rows.Count < MaxEvents) _seen.Remove(run.Id);
            else _seen[run.Id] = new Seen(summary, last, run.Resumes);
        }
        foreach (var gone in known.Except(runs.Select(r => r.Id)).ToList())
        {
            hub.Publish(new RunUpdate(_seen[gone].Summary, [], Deleted: true));
            _seen.Remove(gone);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the runs' progress from the database failed; retrying")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);
}
