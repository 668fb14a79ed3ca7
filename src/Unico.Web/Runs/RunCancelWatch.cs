using Microsoft.EntityFrameworkCore;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>
/// Looks every second whether a run was cancelled or deleted, from any process on the shared
/// database, and pulls a switch when it was. Disposing the returned timer ends the watch.
/// </summary>
public static partial class RunCancelWatch
{
    /// <summary>Starts watching <paramref name="runId"/>; <paramref name="cancel"/> is cancelled on a cancel request or deletion.</summary>
    public static PeriodicTimer Start(IDbContextFactory<UnicoDbContext> dbFactory, long runId, CancellationTokenSource cancel, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(cancel);
        var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
                {
                    await using var db = await dbFactory.CreateDbContextAsync().ConfigureAwait(false);
                    // Cancelled, or deleted (a run that is gone has nothing to run for).
                    if (!await db.Runs.AsNoTracking().AnyAsync(r => r.Id == runId && !r.CancelRequested).ConfigureAwait(false))
                    {
                        await cancel.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
            }
#pragma warning disable CA1031 // a failed look-up is tried again on the next tick; the work itself is unaffected
            catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
            {
                LogFailed(logger, e, runId);
            }
#pragma warning restore CA1031
        });
        return timer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: watching for a cancel request failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long runId);
}
