using System.Collections.Concurrent;
using Unico.Engine.CoSearch;
using Unico.Web.Hosting;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Integration;

/// <summary>Live updates across processes: a web app and a worker app on one PostgreSQL database.</summary>
[Collection(AppTests.Name)]
public sealed class RelayTests
{
    [Fact]
    public async Task Events_a_worker_writes_reach_the_web_apps_pages_in_order_none_lost_within_a_second()
    {
        using var dir = new TempDirectory();
        using var workerDir = new TempDirectory();
        await using var web = new UnicoAppFactory(dir, StorageProvider.Postgres, new Dictionary<string, string?> { ["Unico:Role"] = "web" });
        using var client = web.CreateClient();
        await Api.WaitForHealthAsync(client);
        await using var worker = new UnicoAppFactory(workerDir.Path, new Dictionary<string, string?> { ["Unico:Role"] = "worker" }, dir.Postgres);
        worker.StartServer();

        // What a page of the web app receives, stamped on arrival.
        var received = new ConcurrentQueue<CoSearchEvent>();
        var final = new TaskCompletionSource<(RunSummary Summary, DateTime Arrived)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (_, submitted) = await Api.SubmitAsync(client, TestConfigs.Tiny(60_000, name: "relayed"));
        var id = submitted.GetProperty("id").GetInt64();
        using var subscription = web.Get<RunEventHub>().Subscribe(id, u =>
        {
            foreach (var e in u.Events) received.Enqueue(e);
            if (Data.RunStatus.IsFinal(u.Summary.Status)) final.TrySetResult((u.Summary, DateTime.UtcNow));
        });
        var (summary, arrived) = await final.Task.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(Data.RunStatus.Succeeded, summary.Status);

        // Every stored event arrived once, in sequence order.
        var stored = await web.Get<RunStore>().EventsAsync(id);
        var events = received.ToList();
        Assert.Equal(stored.Select(e => e.Sequence), events.Select(e => e.Sequence));
        Assert.Equal(stored.Select(e => e.Type), events.Select(e => EventJson.TypeName(e)));

        // The worker stamps the run finished as it stores the result; the web app knew within a second.
        var lag = arrived - summary.FinishedAt!.Value;
        Assert.True(lag < TimeSpan.FromSeconds(1), $"the finished run reached the web app {lag.TotalMilliseconds:F0} ms after the worker wrote it");
        Assert.Contains(await web.Get<RunDocuments>().WorkAsync(id), w => w.Worker.Contains("-worker-", StringComparison.Ordinal));
    }
}
