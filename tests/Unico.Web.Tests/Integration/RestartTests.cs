using Microsoft.EntityFrameworkCore;
using Hangfire;
using System.Net;
using System.Text.Json;
using Unico.Engine.CoSearch;
using Unico.Web.Hosting;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Integration;

[Collection(AppTests.Name)]
public sealed class RestartTests
{
    [Theory]
    [MemberData(nameof(TestPostgres.Providers), MemberType = typeof(TestPostgres))]
    public async Task A_run_interrupted_by_an_app_restart_resumes_from_its_checkpoint_and_a_queued_run_survives(StorageProvider provider)
    {
        using var dir = new TempDirectory();
        const long budget = 150_000;
        long running, queued;
        var checkpoint = "";

        // First life of the app: one run in progress (past its first checkpoint), one waiting behind it.
        await using (var first = new UnicoAppFactory(dir, provider))
        {
            using var client = first.CreateClient();
            var (_, a) = await Api.SubmitAsync(client, TestConfigs.Tiny(budget, name: "interrupted"));
            var (_, b) = await Api.SubmitAsync(client, TestConfigs.Tiny(name: "queued"));
            running = a.GetProperty("id").GetInt64();
            queued = b.GetProperty("id").GetInt64();
            Assert.Equal("queued", (await Api.RunAsync(client, queued)).GetProperty("status").GetString());
            await using var db = await first.Get<IDbContextFactory<Unico.Web.Data.UnicoDbContext>>().CreateDbContextAsync();
            var until = DateTime.UtcNow.AddMinutes(2);
            while (!await db.RunDocuments.AnyAsync(d => d.RunId == running && d.Name == RunDocuments.Checkpoint) && DateTime.UtcNow < until) await Task.Delay(20);
            Assert.True(DateTime.UtcNow < until, "no checkpoint was stored");
        } // disposing stops the host: Hangfire's shutdown token interrupts the search
        // The last checkpoint the first life stored, read while no app runs.
        await using (var db = dir.OpenDatabase(provider))
        {
            checkpoint = await db.RunDocuments.Where(d => d.RunId == running && d.Name == RunDocuments.Checkpoint).Select(d => d.Content).SingleAsync();
        }
        var beforeRestart = CoSearchCheckpoint.Parse(checkpoint, "stored checkpoint");
        Assert.True(beforeRestart.MappingEvaluations < budget, "the run finished before the restart; nothing was interrupted");

        // Second life: the interrupted run resumes, the queued one runs after it.
        await using (var second = new UnicoAppFactory(dir, provider))
        {
            using var client = second.CreateClient();
            var interrupted = await Api.RunAsync(client, running);
            Assert.Equal("running", interrupted.GetProperty("status").GetString());

            var resumed = await Api.WaitFinishedAsync(client, running);
            Assert.Equal("succeeded", resumed.GetProperty("status").GetString());
            Assert.True(resumed.GetProperty("resumes").GetInt32() >= 1);
            var queuedRun = await Api.WaitFinishedAsync(client, queued);
            Assert.Equal("succeeded", queuedRun.GetProperty("status").GetString());

            var store = second.Get<RunStore>();
            var events = await store.EventsAsync(running);
            var starts = events.Where(e => e.Type == "run_started").Select(e => (RunStarted)EventJson.Read(e.Json)).ToList();
            Assert.Contains(starts, s => s.Resumed && s.MappingEvaluations == beforeRestart.MappingEvaluations);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.DoesNotContain(events, e => e.Type == "run_cancelled");

            // The resumed run ends exactly where an uninterrupted run of the same config ends.
            var config = CoSearchConfigJson.Parse((await store.GetAsync(running))!.ResolvedConfigJson);
            var reference = CoSearchRun.Create(config).Run();
            var points = await store.PointsAsync(running);
            Assert.Equal(reference.Points.Count, points.Count);
            Assert.Equal(reference.Points.OrderBy(p => p.Id).Select(p => (p.Id, p.LatencyCycles, p.EnergyPj, p.AreaMm2)),
                points.Select(p => (p.PointId, p.LatencyCycles, p.EnergyPj, p.AreaMm2)));
            Assert.Equal(reference.FinalHypervolume, resumed.GetProperty("hypervolume").GetDouble(), 9);
            // Every column of every point, each layer's best mapping included, from the two lives' events alone.
            RunRecordAssert.SamePoints(reference, await store.PointsAsync(running, withLayers: true));
        }
    }

    [Fact]
    public async Task A_run_whose_inputs_cannot_be_read_fails_and_says_why()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var missing = Path.Combine(dir.Path, "inputs", "workload-gone.json");
        var config = CoSearchConfigJson.Parse(TestConfigs.Tiny()) with { TrainingWorkloads = [missing] };
        long id;
        await using (var db = await app.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.UnicoDbContext>>().CreateDbContextAsync())
        {
            var run = new Data.RunEntity
            {
                Name = "broken", Algorithm = "unico", Objectives = "latency,energy,area", CreatedAt = DateTime.UtcNow,
                ConfigJson = CoSearchConfigJson.Write(config), ResolvedConfigJson = CoSearchConfigJson.Write(config),
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
        }
        app.Get<Hangfire.IBackgroundJobClient>().Enqueue<RunJob>(j => j.ExecuteAsync(id, null, CancellationToken.None));

        var failed = await Api.WaitFinishedAsync(client, id);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("workload-gone.json", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
