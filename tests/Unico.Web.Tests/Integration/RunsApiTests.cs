using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Unico.Web.Data;
using Unico.Web.Hosting;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Integration;

[Collection(AppTests.Name)]
public sealed class RunsApiTests
{
    [Theory]
    [MemberData(nameof(TestPostgres.Providers), MemberType = typeof(TestPostgres))]
    public async Task A_run_submitted_through_the_api_completes_and_its_points_events_and_mappings_are_persisted(StorageProvider provider)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir, provider);
        using var client = app.CreateClient();

        var (status, body) = await Api.SubmitAsync(client, TestConfigs.Tiny());
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/runs/{id}", body.GetProperty("url").GetString());

        var listed = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/runs", UriKind.Relative));
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id && r.GetProperty("name").GetString() == "tiny");

        var run = await Api.WaitFinishedAsync(client, id);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(1.0, run.GetProperty("progress").GetDouble());
        Assert.True(run.GetProperty("hypervolume").GetDouble() > 0);
        var pointCount = run.GetProperty("points").GetInt32();
        Assert.True(pointCount >= 4);
        Assert.Equal("AlexNet", run.GetProperty("config").GetProperty("workloads").GetProperty("training")[0].GetString());

        var points = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{id}/points", UriKind.Relative));
        Assert.Equal(pointCount, points.GetArrayLength());
        var front = run.GetProperty("front").EnumerateArray().Select(f => f.GetInt32()).ToHashSet();
        Assert.NotEmpty(front);
        foreach (var p in points.EnumerateArray())
        {
            Assert.Equal(front.Contains(p.GetProperty("id").GetInt32()), p.GetProperty("on_front").GetBoolean());
            Assert.True(p.GetProperty("parameters").EnumerateObject().Any());
            // Typed by the design space (issue 16): integers as numbers, choices as strings.
            Assert.Equal(JsonValueKind.Number, p.GetProperty("parameters").GetProperty("pe_rows").ValueKind);
            Assert.Equal(JsonValueKind.String, p.GetProperty("parameters").GetProperty("dataflow").ValueKind);
            if (p.GetProperty("feasible").GetBoolean()) Assert.True(p.GetProperty("latency_cycles").GetDouble() > 0);
        }

        var csv = await client.GetStringAsync(new Uri($"/api/runs/{id}/points?format=csv", UriKind.Relative));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,batch,", lines[0], StringComparison.Ordinal);
        Assert.Equal(pointCount + 1, lines.Length);
        var frontCsv = await client.GetStringAsync(new Uri($"/api/runs/{id}/points?format=csv&front=true", UriKind.Relative));
        Assert.Equal(front.Count + 1, frontCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Every evaluated point has its per-layer best mappings; the event stream is complete and ordered.
        var store = app.Get<RunStore>();
        var stored = await store.PointsAsync(id, withLayers: true);
        Assert.All(stored.Where(p => p.Feasible), p => Assert.All(RunStore.Layers(p), l => Assert.Contains("mapping:", l.Mapping, StringComparison.Ordinal)));
        var events = await store.EventsAsync(id);
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal("run_started", events[0].Type);
        Assert.Equal("run_finished", events[^1].Type);
        Assert.Equal(pointCount, events.Count(e => e.Type == "point_evaluated"));

        var config = await client.GetStringAsync(new Uri($"/api/runs/{id}/config", UriKind.Relative));
        Assert.Equal("tiny", Engine.CoSearch.CoSearchConfigJson.Parse(config).Name);
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "result.json")));
    }

    [Theory]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": -5 } }""", "budget.mapping_evaluations")]
    [InlineData("""{ "name": "x", "workloads": ["NoSuchNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "workloads.training[0]")]
    [InlineData("""{ "name": "x", "workloads": ["/etc/passwd"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 } }""", "workloads.training[0]")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "../../secret.json", "budget": { "mapping_evaluations": 20000 } }""", "space")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 10 } }""", "budget.mapping_evaluations")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "eyeriss-like", "budget": { "mapping_evaluations": 20000 }, "colour": "red" }""", "colour")]
    [InlineData("""{ "name": "x", "workloads": ["AlexNet"], "space": "eyeriss-like", "settings": { "b0": 500, "full_budget": 100 }, "budget": { "mapping_evaluations": 20000 } }""", "settings.b0")]
    public async Task An_invalid_config_gets_400_problem_details_naming_the_field(string config, string field)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await Api.SubmitAsync(client, config);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains($"'{field}'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var runs = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/runs", UriKind.Relative));
        Assert.Equal(0, runs.GetArrayLength());
    }

    [Fact]
    public async Task Malformed_json_and_oversized_bodies_are_rejected()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await Api.SubmitAsync(client, "{ \"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));

        var (tooLarge, _) = await Api.SubmitAsync(client, "{" + new string(' ', 2_000_000) + "}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
    }

    [Theory]
    [MemberData(nameof(TestPostgres.Providers), MemberType = typeof(TestPostgres))]
    public async Task Healthz_answers_200_when_the_database_and_hangfire_are_up(StorageProvider provider)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir, provider);
        using var client = app.CreateClient();

        var health = await Api.WaitForHealthAsync(client);

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("hangfire").GetProperty("status").GetString());
        // The embedded default keeps two SQLite files; PostgreSQL keeps nothing beside the run folders.
        Assert.Equal(provider == StorageProvider.Sqlite, File.Exists(Path.Combine(dir.Path, "unico.db")));
        Assert.Equal(provider == StorageProvider.Sqlite, File.Exists(Path.Combine(dir.Path, "hangfire.db")));
    }

    [Fact]
    public async Task Unknown_runs_and_points_give_404()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/runs/4242", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/runs/4242/points", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(new Uri("/api/runs/4242", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Notes_on_a_run_are_put_and_read_back_and_bad_ones_are_refused_naming_the_field()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var (_, body) = await Api.SubmitAsync(client, TestConfigs.Tiny(budget: 3000));
        var id = body.GetProperty("id").GetInt64();

        using var put = await client.PutAsJsonAsync(new Uri($"/api/runs/{id}/notes", UriKind.Relative), new { notes = "ablation: no promotion" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("ablation: no promotion", (await Api.RunAsync(client, id)).GetProperty("notes").GetString());

        foreach (var bad in new object[] { new { notes = 5 }, new { text = "x" }, new { notes = new string('x', 10_001) }, new { notes = "a\u0007b" } })
        {
            using var refused = await client.PutAsJsonAsync(new Uri($"/api/runs/{id}/notes", UriKind.Relative), bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("notes", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        using var cleared = await client.PutAsJsonAsync(new Uri($"/api/runs/{id}/notes", UriKind.Relative), new { notes = (string?)null });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Api.RunAsync(client, id)).GetProperty("notes").ValueKind);
        using var missing = await client.PutAsJsonAsync(new Uri("/api/runs/4242/notes", UriKind.Relative), new { notes = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await Api.WaitFinishedAsync(client, id);
    }

    [Theory]
    [MemberData(nameof(TestPostgres.Providers), MemberType = typeof(TestPostgres))]
    public async Task Cancelling_a_running_run_stops_it_and_keeps_the_completed_batches(StorageProvider provider)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir, provider);
        using var client = app.CreateClient();
        var (_, body) = await Api.SubmitAsync(client, TestConfigs.Tiny(budget: 2_000_000));
        var id = body.GetProperty("id").GetInt64();
        await Api.WaitAsync(client, id, r => r.GetProperty("points").GetInt32() >= 4, TimeSpan.FromMinutes(2));

        using var cancel = await client.PostAsync(new Uri($"/api/runs/{id}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await Api.WaitFinishedAsync(client, id);

        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("progress").GetDouble() < 1);
        var points = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{id}/points", UriKind.Relative));
        Assert.Equal(run.GetProperty("points").GetInt32(), points.GetArrayLength());
        Assert.All(points.EnumerateArray(), p => Assert.True(p.GetProperty("latency_cycles").GetDouble() >= 0));
    }

    [Theory]
    [MemberData(nameof(TestPostgres.Providers), MemberType = typeof(TestPostgres))]
    public async Task Deleting_a_run_removes_its_rows_and_files(StorageProvider provider)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir, provider);
        using var client = app.CreateClient();
        var (_, body) = await Api.SubmitAsync(client, TestConfigs.Tiny());
        var id = body.GetProperty("id").GetInt64();
        await Api.WaitFinishedAsync(client, id);

        using var delete = await client.DeleteAsync(new Uri($"/api/runs/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/runs/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty(await app.Get<RunStore>().EventsAsync(id));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
