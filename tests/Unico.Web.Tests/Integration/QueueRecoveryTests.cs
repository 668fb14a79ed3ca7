using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Unico.Web.Tests.Integration;

/// <summary>After a restart or a kill the queue holds exactly the open runs, in their order (issue 15, defect 7).</summary>
[Collection(AppTests.Name)]
public sealed class QueueRecoveryTests
{
    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!await done())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> HangfireHealthAsync(HttpClient client) =>
        (await Api.WaitForHealthAsync(client)).GetProperty("checks").GetProperty("hangfire");

    // What a process killed while running a job leaves: the job's queue row marked as fetched just now.
    private static void LeaveFetched(string hangfireDatabase, string jobId)
    {
        using var sqlite = new SqliteConnection($"Data Source={hangfireDatabase}");
        sqlite.Open();
        using var update = sqlite.CreateCommand();
        update.CommandText = "UPDATE JobQueue SET FetchedAt = $now WHERE JobId = $job";
        update.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        update.Parameters.AddWithValue("$job", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, update.ExecuteNonQuery());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_queue_holds_exactly_the_open_runs_after_restarts_and_an_interrupted_run_keeps_its_place()
    {
        using var dir = new TempDirectory();
        var hangfire = Path.Combine(dir.Path, "hangfire.db");
        long first, second, third;
        await using (var app = new UnicoAppFactory(dir.Path))
        {
            using var client = app.CreateClient();
            first = (await Api.SubmitAsync(client, TestConfigs.Tiny(150_000, name: "first"))).Body.GetProperty("id").GetInt64();
            second = (await Api.SubmitAsync(client, TestConfigs.Tiny(name: "second"))).Body.GetProperty("id").GetInt64();
            third = (await Api.SubmitAsync(client, TestConfigs.Tiny(name: "third"))).Body.GetProperty("id").GetInt64();
            await Api.WaitAsync(client, first, r => r.GetProperty("points").GetInt32() > 0, TimeSpan.FromMinutes(2));
        } // a clean stop: Hangfire puts the interrupted job's row back, and the run stays "running"

        string jobOfFirst;
        await using (var app = new UnicoAppFactory(dir.Path))
        {
            using var client = app.CreateClient();
            await Api.WaitAsync(client, first, r => r.GetProperty("status").GetString() == "running", TimeSpan.FromMinutes(1));
            await WaitAsync(async () => (await HangfireHealthAsync(client)).GetProperty("jobs_processing").GetInt32() == 1, "the first run's job never started");
            var health = await HangfireHealthAsync(client);
            // One job per open run: the interrupted run's job once, not once per restart.
            Assert.Equal(health.GetProperty("runs_queued").GetInt32(), health.GetProperty("jobs_enqueued").GetInt32());
            Assert.Equal(2, health.GetProperty("jobs_enqueued").GetInt32());
            Assert.Equal(1, health.GetProperty("runs_running").GetInt32());
            await using var db = await app.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.UnicoDbContext>>().CreateDbContextAsync();
            jobOfFirst = (await db.Runs.FindAsync(first))!.JobId!;
        }
        LeaveFetched(hangfire, jobOfFirst); // as if the process had been killed while running it

        await using (var app = new UnicoAppFactory(dir.Path))
        {
            using var client = app.CreateClient();
            var runs = new List<JsonElement>();
            foreach (var id in new[] { first, second, third }) runs.Add(await Api.WaitFinishedAsync(client, id));
            Assert.All(runs, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
            // The interrupted run ran before the runs queued after it.
            Assert.True(runs[0].GetProperty("finished_at").GetDateTime() <= runs[1].GetProperty("started_at").GetDateTime(), "the interrupted run lost its place in the queue");
            Assert.True(runs[1].GetProperty("finished_at").GetDateTime() <= runs[2].GetProperty("started_at").GetDateTime());
            var health = await HangfireHealthAsync(client);
            Assert.Equal(0, health.GetProperty("jobs_enqueued").GetInt32());
        }
    }
}
