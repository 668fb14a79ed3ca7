using System.Collections.Concurrent;

namespace Unico.Web.Runs;

/// <summary>The runs executing in this process, with the switch a user's cancel pulls.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>Registers a run as executing; false when it already executes here (a duplicate job).</summary>
    public bool TryRegister(long runId, CancellationTokenSource source) => _running.TryAdd(runId, source);

    /// <summary>Marks the run as no longer executing.</summary>
    public void Unregister(long runId) => _running.TryRemove(runId, out _);

    /// <summary>True while the run executes in this process.</summary>
    public bool IsRunning(long runId) => _running.ContainsKey(runId);

    /// <summary>Cancels the run if it executes here; true when it did.</summary>
    public bool Cancel(long runId)
    {
        if (!_running.TryGetValue(runId, out var source)) return false;
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        return true;
    }
}
