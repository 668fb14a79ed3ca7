using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>
/// This process's <see cref="RungItemRunner"/>s, one per run it executes mapping jobs of, so that
/// a point's next rung continues the searches it already ran here instead of replaying them.
/// Keeps the few most recently used runs.
/// </summary>
public sealed class RungItemRunners
{
    private const int Runs = 4;
    private readonly Lock _lock = new();
    private readonly List<(long RunId, string Config, RungItemRunner Runner)> _runners = [];

    /// <summary>The runner for the run's config (created, resolving its inputs, on first use).</summary>
    public RungItemRunner For(long runId, CoSearchConfig config)
    {
        var key = CoSearchConfigJson.Write(config);
        lock (_lock)
        {
            var i = _runners.FindIndex(r => r.RunId == runId && r.Config == key);
            if (i >= 0)
            {
                var found = _runners[i];
                _runners.RemoveAt(i);
                _runners.Add(found);
                return found.Runner;
            }
        }
        var runner = new RungItemRunner(config); // outside the lock: it resolves the inputs
        lock (_lock)
        {
            _runners.RemoveAll(r => r.RunId == runId);
            _runners.Add((runId, key, runner));
            if (_runners.Count > Runs) _runners.RemoveAt(0);
        }
        return runner;
    }
}
