using System.Collections.Concurrent;
using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>What the pages show about a run without loading its points.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Name">Run name.</param>
/// <param name="Status">queued, running, succeeded, failed or cancelled.</param>
/// <param name="Algorithm">unico, hasco, random, nsga2.</param>
/// <param name="Progress">0..1.</param>
/// <param name="Hypervolume">Hypervolume of the front so far.</param>
/// <param name="MappingEvaluations">Mapping evaluations spent.</param>
/// <param name="ElapsedSeconds">Search wall time.</param>
/// <param name="Points">Hardware points evaluated.</param>
/// <param name="CreatedAt">Submitted (UTC).</param>
/// <param name="StartedAt">Started (UTC).</param>
/// <param name="FinishedAt">Finished (UTC).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="OwnerId">Who created it (null: before owners were kept).</param>
/// <param name="OwnerName">How the owner is shown.</param>
public sealed record RunSummary(long Id, string Name, string Status, string Algorithm, double Progress, double Hypervolume,
    long MappingEvaluations, double ElapsedSeconds, int Points, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Error,
    string? OwnerId = null, string? OwnerName = null)
{
    /// <summary>Estimated seconds left from the rate so far, or null when it cannot be told.</summary>
    public double? SecondsLeft => Status == Data.RunStatus.Running && Progress is > 0.001 and < 1 ? ElapsedSeconds * (1 - Progress) / Progress : null;
}

/// <summary>A batch of a run's events, pushed after they were persisted.</summary>
/// <param name="Summary">The run's state after them.</param>
/// <param name="Events">The events, in sequence order (empty for a state change only).</param>
/// <param name="Deleted">The run was deleted.</param>
public sealed record RunUpdate(RunSummary Summary, IReadOnlyList<CoSearchEvent> Events, bool Deleted = false);

/// <summary>
/// Singleton fan-out of run updates to open pages. Jobs publish after persisting, so a page that
/// loads from the database and then applies updates with a higher sequence number misses nothing.
/// Handlers run on the publisher's thread and must only hand the update over (e.g. to InvokeAsync).
/// </summary>
public sealed class RunEventHub
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, Action<RunUpdate>>> _byRun = new();
    private readonly ConcurrentDictionary<Guid, Action<RunUpdate>> _all = new();

    /// <summary>Receives the updates of one run until disposed.</summary>
    public IDisposable Subscribe(long runId, Action<RunUpdate> handler)
    {
        var key = Guid.NewGuid();
        _byRun.GetOrAdd(runId, _ => new()).TryAdd(key, handler);
        return new Subscription(() =>
        {
            if (_byRun.TryGetValue(runId, out var handlers)) handlers.TryRemove(key, out _);
        });
    }

    /// <summary>Receives every run's updates until disposed (the runs list).</summary>
    public IDisposable SubscribeAll(Action<RunUpdate> handler)
    {
        var key = Guid.NewGuid();
        _all.TryAdd(key, handler);
        return new Subscription(() => _all.TryRemove(key, out _));
    }

    /// <summary>Number of open subscriptions to a run (for tests and diagnostics).</summary>
    public int Subscribers(long runId) => _byRun.TryGetValue(runId, out var handlers) ? handlers.Count : 0;

    /// <summary>Sends an update to the run's subscribers and to the all-runs subscribers.</summary>
    public void Publish(RunUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_byRun.TryGetValue(update.Summary.Id, out var handlers))
        {
            foreach (var h in handlers.Values) Invoke(h, update);
        }
        foreach (var h in _all.Values) Invoke(h, update);
    }

    private static void Invoke(Action<RunUpdate> handler, RunUpdate update)
    {
        try
        {
            handler(update);
        }
#pragma warning disable CA1031 // a failing page must not break the run that publishes
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
