using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>
/// This process's <see cref="RungItemRunner"/>s, one per run it executes mapping jobs of, so that
/// a run's inputs are resolved and its points' map-spaces built once per process, not per job.
/// Keeps the few most recently used runs.
/// </summary>
public sealed class RungItemRunners
{
    private const int Runs = 4;
    private readonly Lock _lock = new();
    private readonly List<(long RunId, string Config, RungItemRunner Runner)> _runners = [];

    /// <summary>
    /// The runner of a run, known by its stored config; <paramref name="localConfig"/> (the config
    /// with this process's copies of the inputs) is built only when this process has none yet.
    /// </summary>
    public async Task<RungItemRunner> ForAsync(long runId, string storedConfig, Func<Task<CoSearchConfig>> localConfig)
    {
        ArgumentNullException.ThrowIfNull(localConfig);
        lock (_lock)
        {
            if (Find(runId, storedConfig) is { } known) return known;
        }
        var runner = new RungItemRunner(await localConfig().ConfigureAwait(false)); // outside the lock: it resolves the inputs
        lock (_lock)
        {
            if (Find(runId, storedConfig) is { } made) return made; // another job of the run made one meanwhile
            _runners.RemoveAll(r => r.RunId == runId);
            _runners.Add((runId, storedConfig, runner));
            if (_runners.Count > Runs) _runners.RemoveAt(0);
        }
        return runner;
    }

    // The run's runner, moved to the most recently used end; under the lock.
    private RungItemRunner? Find(long runId, string storedConfig)
    {
        var i = _runners.FindIndex(r => r.RunId == runId && r.Config == storedConfig);
        if (i < 0) return null;
        var found = _runners[i];
        _runners.RemoveAt(i);
        _runners.Add(found);
        return found.Runner;
    }
}
