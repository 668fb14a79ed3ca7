using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Hosting;

namespace Unico.Web.Tests.Integration;

/// <summary>A run split into mapping jobs (one per hardware point and rung) ends as the run on one process's threads.</summary>
[Collection(AppTests.Name)]
public sealed class SplitRunTests
{
    public static TheoryData<StorageProvider, long> Cases() => new()
    {
        { StorageProvider.Sqlite, 0 },
        { StorageProvider.Postgres, 0 },
        // Rungs under 800 evaluations (the first two of each batch: 4 x 8 layers x 20, 2 x 8 x 40) stay in the run's job; the last is cut into parts.
        { StorageProvider.Postgres, 800 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_split_run_ends_as_the_engine_run_of_its_config_and_says_who_ran_its_mapping_jobs(StorageProvider provider, long minEvaluations)
    {
        using var dir = new TempDirectory();
        // PostgreSQL splits by default; SQLite when asked to.
        var settings = new Dictionary<string, string?> { ["Unico:SplitMinEvaluations"] = minEvaluations.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (provider == StorageProvider.Sqlite) settings["Unico:SplitRuns"] = "true";
        await using var app = new UnicoAppFactory(dir, provider, settings);
        using var client = app.CreateClient();
        var config = TestConfigs.Tiny(budget: 30_000, name: "split");
        var (_, submitted) = await Api.SubmitAsync(client, config);
        var id = submitted.GetProperty("id").GetInt64();

        var finished = await Api.WaitFinishedAsync(client, id);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        var work = finished.GetProperty("work").EnumerateArray().ToList();
        var jobs = work.Sum(w => w.GetProperty("mapping_jobs").GetInt32());
        Assert.True(jobs >= (minEvaluations == 0 ? 4 : 1), $"{jobs} mapping jobs ran");
        var remote = work.Sum(w => w.GetProperty("mapping_evaluations").GetInt64());
        var total = finished.GetProperty("mapping_evaluations").GetInt64();
        var parsed = CoSearchConfigJson.Parse(config);
        var reference = CoSearchRun.Create(parsed).Run();
        // All split: the jobs ran every rung's evaluations (and replays), the run's own job only the
        // warm starts (at most b0 / 2 per layer of each point); partly: some rungs ran in the run's own job.
        var warmStarts = reference.Points.Count * CoSearchRun.Create(parsed).DistinctLayers * (parsed.Settings.InitialBudget / 2);
        if (minEvaluations == 0) Assert.True(remote >= total - warmStarts, $"{remote} of {total}");
        else Assert.InRange(remote, 1, total - 1);

        AssertSameRun(reference, finished, JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/runs/{id}/points", UriKind.Relative))).RootElement);

        // Each point's row, with the mappings the jobs found, as the run on one process has it.
        RunRecordAssert.SamePoints(reference, await app.Get<Unico.Web.Runs.RunStore>().PointsAsync(id, withLayers: true));

        // The mapping jobs' rows are gone with the stored result.
        await using var db = await app.Get<IDbContextFactory<UnicoDbContext>>().CreateDbContextAsync();
        Assert.False(await db.RungResults.AnyAsync(r => r.RunId == id));
    }

    [Fact]
    public async Task Cancelling_a_split_run_stops_it_and_its_mapping_jobs()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir, StorageProvider.Sqlite, new Dictionary<string, string?> { ["Unico:SplitRuns"] = "true", ["Unico:SplitMinEvaluations"] = "0" });
        using var client = app.CreateClient();
        var (_, submitted) = await Api.SubmitAsync(client, TestConfigs.Tiny(budget: 5_000_000, name: "split-cancel"));
        var id = submitted.GetProperty("id").GetInt64();
        await Api.WaitAsync(client, id, r => r.GetProperty("points").GetInt32() >= 4, TimeSpan.FromMinutes(2));
        using var cancel = await client.PostAsync(new Uri($"/api/runs/{id}/cancel", UriKind.Relative), null);
        var finished = await Api.WaitFinishedAsync(client, id, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", finished.GetProperty("status").GetString());
    }

    /// <summary>The stored run has the reference's points (cycles, energy, area), front and hypervolume.</summary>
    internal static void AssertSameRun(CoSearchResult reference, JsonElement run, JsonElement points)
    {
        var byId = reference.Points.ToDictionary(p => p.Id);
        var evaluated = points.EnumerateArray().Select(p => (
            p.GetProperty("id").GetInt32(),
            p.GetProperty("latency_cycles").GetDouble(),
            p.GetProperty("energy_pj").GetDouble(),
            p.GetProperty("area_mm2").GetDouble())).ToList();
        Assert.NotEmpty(evaluated);
        Assert.Equal(reference.Points.Count, run.GetProperty("points").GetInt32());
        Assert.All(evaluated, p => Assert.Equal((byId[p.Item1].Id, byId[p.Item1].LatencyCycles, byId[p.Item1].EnergyPj, byId[p.Item1].AreaMm2), p));
        Assert.Equal(reference.Front.Order(), run.GetProperty("front").EnumerateArray().Select(f => f.GetInt32()).Order());
        Assert.Equal(reference.FinalHypervolume, run.GetProperty("hypervolume").GetDouble(), 9);
        Assert.Equal(reference.MappingEvaluations, run.GetProperty("mapping_evaluations").GetInt64());
    }
}
