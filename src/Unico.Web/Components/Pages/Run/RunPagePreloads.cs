using System.Collections.Concurrent;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Components.Pages.Run;

/// <summary>What the run page shows of a run, as loaded from the database.</summary>
/// <param name="View">Points, front, rungs, hypervolume history and log.</param>
/// <param name="Generalization">The held-out test of the final front, once there is one.</param>
/// <param name="FreeParameters">The design space's free parameters (the hover boxes list them).</param>
/// <param name="Config">The run's config as submitted (what was searched), or null when it cannot be read.</param>
/// <param name="ConfigError">Why it cannot be read.</param>
public sealed record RunPageData(RunView View, GeneralizationReport? Generalization, IReadOnlyList<string> FreeParameters,
    CoSearchConfig? Config = null, string? ConfigError = null)
{
    /// <summary>Loads a run's page data; null when there is no such run.</summary>
    public static async Task<RunPageData?> LoadAsync(RunStore store, long runId, Task<RunEntity?>? run = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entity = await (run ?? store.GetAsync(runId)).ConfigureAwait(false);
        if (entity is null) return null;
        // Three independent reads, each on its own context (SQLite in WAL mode serves them together).
        var points = store.PointsAsync(runId);
        var structural = store.EventsAsync(runId, types: ["front_changed", "rung_started", "rung_finished"]);
        var recent = store.EventsAsync(runId, last: 200);
        await Task.WhenAll(points, structural, recent).ConfigureAwait(false);
        CoSearchConfig? config = null;
        string? error = null;
        try
        {
            config = CoSearchConfigJson.Parse(entity.ConfigJson, "config");
        }
        catch (Engine.UnicoInputException e)
        {
            error = e.Message;
        }
        var view = RunView.Load(entity, points.Result, structural.Result, recent.Result, config?.ClockGhz ?? 1);
        return new RunPageData(view, EventJson.Deserialize<GeneralizationReport>(entity.GeneralizationJson), SpaceParameters(entity.ResolvedConfigJson, view),
            config, error);
    }

    private static List<string> SpaceParameters(string resolvedConfig, RunView view)
    {
        try
        {
            var space = DesignSpace.Resolve(CoSearchConfigJson.Parse(resolvedConfig).Space);
            return [.. space.FreeParameters.Select(p => p.Name)];
        }
        catch (Engine.UnicoInputException)
        {
            return [.. view.Points.Values.SelectMany(p => p.Parameters.Keys).Distinct().Order(StringComparer.Ordinal)];
        }
    }
}

/// <summary>
/// A run page's data loading while the page prerenders, so the interactive page (a few hundred
/// milliseconds later, once the browser has connected) finds it loaded. It holds the run's live
/// updates from before the load on, as the page itself would, so nothing is missed in between.
/// </summary>
public sealed class RunPagePreload : IDisposable
{
    private IDisposable? _subscription;

    internal RunPagePreload(RunStore store, RunEventHub hub, long runId)
    {
        _subscription = hub.Subscribe(runId, Updates.Enqueue); // before loading: nothing is missed
        // On the thread pool: the prerendering page's dispatcher must not run the load's continuations.
        Run = Task.Run(() => store.GetAsync(runId));
        Data = Task.Run(() => RunPageData.LoadAsync(store, runId, Run));
    }

    /// <summary>The run (null: no such run).</summary>
    public Task<RunEntity?> Run { get; }

    /// <summary>The page data (null: no such run).</summary>
    public Task<RunPageData?> Data { get; }

    /// <summary>Updates published since the load started, in order.</summary>
    public ConcurrentQueue<RunUpdate> Updates { get; } = new();

    /// <summary>Hands the live subscription to the page, which disposes it when it goes.</summary>
    public IDisposable? TakeSubscription() => Interlocked.Exchange(ref _subscription, null);

    /// <inheritdoc/>
    public void Dispose()
    {
        TakeSubscription()?.Dispose();
        // Nobody awaits an abandoned load: observe its failure (e.g. the app stopping) here.
        _ = Data.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}

/// <summary>
/// Run page loads started during prerendering, waiting for their interactive page. At most
/// <see cref="Capacity"/> wait at a time (each holds a run's points) and each is dropped after
/// <see cref="Lifetime"/> if no page takes it (a client that never connects, such as a crawler), or
/// as soon as its run turns out not to exist.
/// </summary>
public sealed class RunPagePreloads(RunStore store, RunEventHub hub, TimeProvider time)
{
    /// <summary>How long a preload waits for its page.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    /// <summary>Most preloads waiting at once; beyond it pages load when they connect.</summary>
    public const int Capacity = 8;

    private readonly ConcurrentDictionary<long, RunPagePreload> _waiting = new();
    private readonly Lock _lock = new();

    /// <summary>Number of preloads waiting (for tests and diagnostics).</summary>
    public int Waiting => _waiting.Count;

    /// <summary>
    /// Starts loading a run for the page about to connect (or joins a load already started) and
    /// returns the run lookup, which tells an unknown id (null).
    /// </summary>
    public Task<RunEntity?> Start(long runId)
    {
        RunPagePreload preload;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(runId, out preload!))
            {
                if (_waiting.Count >= Capacity) return store.GetAsync(runId);
                preload = new RunPagePreload(store, hub, runId);
                _waiting[runId] = preload;
                _ = ExpireAsync(runId, preload);
                _ = DropIfMissingAsync(runId, preload);
            }
        }
        return preload.Run;
    }

    /// <summary>The preload of a run, now owned by the caller (null if none is waiting).</summary>
    public RunPagePreload? Take(long runId) => _waiting.TryRemove(runId, out var preload) ? preload : null;

    private async Task ExpireAsync(long runId, RunPagePreload preload)
    {
        await Task.Delay(Lifetime, time).ConfigureAwait(false);
        if (_waiting.TryRemove(KeyValuePair.Create(runId, preload))) preload.Dispose();
    }

    // An unknown id gets the not-found page and no interactive page: its slot is freed at once
    // (links to missing runs must not crowd out real ones).
    private async Task DropIfMissingAsync(long runId, RunPagePreload preload)
    {
        try
        {
            if (await preload.Run.ConfigureAwait(false) is not null) return;
        }
        catch (Exception) when (preload.Run.IsFaulted)
        {
            // A failed lookup: the page reports it when it loads; the preload expires as usual.
            return;
        }
        if (_waiting.TryRemove(KeyValuePair.Create(runId, preload))) preload.Dispose();
    }
}
