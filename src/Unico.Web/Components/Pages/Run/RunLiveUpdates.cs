using System.Collections.Concurrent;
using Microsoft.JSInterop;
using Unico.Web.Runs;

namespace Unico.Web.Components.Pages.Run;

/// <summary>
/// A run page's live updates: the hub subscription (made before the run is loaded, or handed over
/// by the prerender's preload, so nothing published in between is lost), the updates it queues,
/// and a timer that asks the page to apply them every <see cref="UnicoOptions.ChartFlushMilliseconds"/>,
/// so a fast run costs a handful of renders per second however many events it emits.
/// </summary>
public sealed class RunLiveUpdates : IAsyncDisposable
{
    private readonly ConcurrentQueue<RunUpdate> _updates;
    private IDisposable? _subscription;
    private CancellationTokenSource? _loop;

    private RunLiveUpdates(ConcurrentQueue<RunUpdate> updates, IDisposable? subscription)
    {
        _updates = updates;
        _subscription = subscription;
    }

    /// <summary>Subscribes to a run's updates (call it before loading the run).</summary>
    public static RunLiveUpdates Subscribe(RunEventHub hub, long runId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var updates = new ConcurrentQueue<RunUpdate>();
        return new RunLiveUpdates(updates, hub.Subscribe(runId, updates.Enqueue));
    }

    /// <summary>Takes over a preload's subscription with the updates it queued since it loaded.</summary>
    public static RunLiveUpdates From(RunPagePreload preload)
    {
        ArgumentNullException.ThrowIfNull(preload);
        return new RunLiveUpdates(preload.Updates, preload.TakeSubscription());
    }

    /// <summary>Everything queued so far, oldest first.</summary>
    public List<RunUpdate> Drain()
    {
        var updates = new List<RunUpdate>();
        while (_updates.TryDequeue(out var u)) updates.Add(u);
        return updates;
    }

    /// <summary>
    /// Calls <paramref name="flush"/> (on the page's dispatcher, through <paramref name="invoke"/>)
    /// every <paramref name="interval"/> until disposed.
    /// </summary>
    public void Start(TimeSpan interval, Func<Func<Task>, Task> invoke, Func<Task> flush)
    {
        _loop = new CancellationTokenSource();
        _ = LoopAsync(interval, invoke, flush, _loop.Token);
    }

    private static async Task LoopAsync(TimeSpan interval, Func<Func<Task>, Task> invoke, Func<Task> flush, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                try
                {
                    await invoke(flush);
                }
                catch (JSException)
                {
                    // A chart call failed in the browser (it says why in its console): the next tick
                    // tries again rather than leaving the page without updates.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Ends the subscription and the timer.</summary>
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _subscription = null;
        if (_loop is not null)
        {
            await _loop.CancelAsync();
            _loop.Dispose();
            _loop = null;
        }
    }
}
