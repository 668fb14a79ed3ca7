namespace Unico.Web.Hosting;

/// <summary>
/// Where the engine's long computations run in the web process. The engine keeps every core
/// busy with its parallel loops; on a small machine the thread pool then adds threads slowly, and
/// the event writer, the pages and the API wait behind it (seen: half a minute of silence on two
/// cores). So a search gets a thread of its own, and the pool keeps spare threads ready.
/// </summary>
public static class EngineThread
{
    /// <summary>Runs <paramref name="work"/> on a dedicated thread (not one of the pool's).</summary>
    public static Task<T> Run<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Raises the pool's minimum so that threads for requests and writers are there at once, not injected one by one.</summary>
    public static void ReservePoolThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount + 16), io);
    }
}
