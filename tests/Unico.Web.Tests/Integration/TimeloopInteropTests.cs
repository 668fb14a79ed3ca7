using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Web.Tests.Integration;

/// <summary>A design space from a Timeloop architecture's files, a run on it, and its design exported as Timeloop files, through the web app.</summary>
[Collection(AppTests.Name)]
public sealed class TimeloopInteropTests
{
    private static readonly string Spaces = Path.Combine(TestEnvironment.RepoRoot(), "examples", "spaces");

    // The example's files as a user picks them: the parameter file and the YAML files, no folders.
    private static Dictionary<string, string> ExampleFiles() => new()
    {
        ["ws-regs.json"] = File.ReadAllText(Path.Combine(Spaces, "ws-regs.json")),
        ["arch.yaml"] = File.ReadAllText(Path.Combine(Spaces, "ws-regs", "arch.yaml")),
        ["ERT.yaml"] = File.ReadAllText(Path.Combine(Spaces, "ws-regs", "ERT.yaml")),
        ["ART.yaml"] = File.ReadAllText(Path.Combine(Spaces, "ws-regs", "ART.yaml")),
    };

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, Dictionary<string, string> files)
    {
        var body = new JsonObject { ["files"] = new JsonObject(files.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/api/spaces/architecture", UriKind.Relative), content);
    }

    [Fact]
    public async Task An_architecture_space_imported_from_its_files_runs_a_search_and_its_best_point_exports_as_timeloop_files()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        using (var imported = await ImportAsync(client, ExampleFiles()))
        {
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        }
        var page = await client.GetStringAsync(new Uri("/spaces/ws-regs", UriKind.Relative));
        Assert.Contains("gbuf_depth", page, StringComparison.Ordinal);
        Assert.Contains("sets gbuf.attributes.depth", page, StringComparison.Ordinal);
        Assert.Matches(@"Default point: area \d+\.\d{3} mm", page);
        Assert.DoesNotContain("/spaces/ws-regs/edit", page, StringComparison.Ordinal); // edited in its files, not the template form

        var config = TestConfigs.Tiny(budget: 30_000, space: "ws-regs", name: "on-ws-regs");
        var (status, submitted) = await Api.SubmitAsync(client, config);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = submitted.GetProperty("id").GetInt64();
        var finished = await Api.WaitFinishedAsync(client, id);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());

        var points = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{id}/points?front=true", UriKind.Relative));
        var best = points.EnumerateArray().Where(p => p.GetProperty("high_fidelity").GetBoolean())
            .MinBy(p => p.GetProperty("latency_cycles").GetDouble() * p.GetProperty("energy_pj").GetDouble());
        Assert.NotEqual(JsonValueKind.Undefined, best.ValueKind);
        var pointId = best.GetProperty("id").GetInt32();

        using var response = await client.GetAsync(new Uri($"/api/runs/{id}/points/{pointId}/timeloop", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
        Assert.Contains("arch.yaml", names);
        Assert.Contains("ERT.yaml", names);
        Assert.Contains("ART.yaml", names);
        var expected = zip.Entries.Where(e => e.FullName.EndsWith("expected.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, e => Assert.Contains(e.FullName.Replace("expected.json", "map.yaml", StringComparison.Ordinal), names));

        // The layers' exported cycles add up to the point's latency (each layer times its repeats).
        double cycles = 0;
        foreach (var e in expected)
        {
            using var stream = e.Open();
            var layer = JsonDocument.Parse(stream).RootElement;
            cycles += layer.GetProperty("cycles").GetDouble() * layer.GetProperty("repeat").GetInt32();
        }
        Assert.Equal(best.GetProperty("latency_cycles").GetDouble(), cycles, 6);

        using var missing = await client.GetAsync(new Uri($"/api/runs/{id}/points/99999/timeloop", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("point", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ERT.yaml", null, "upload ERT.yaml")]
    [InlineData(null, "\"pe.spatial.meshX\"|\"pe.spatial.meshQ\"", "parameters.pe_cols")]
    [InlineData(null, "\"ws-regs/arch.yaml\"|\"../../arch.yaml\"", "outside")]
    public async Task A_bad_upload_is_refused_naming_the_file_and_the_key(string? leaveOut, string? edit, string expected)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        var files = ExampleFiles();
        if (leaveOut is not null) files.Remove(leaveOut);
        if (edit is not null)
        {
            var (from, to) = (edit.Split('|')[0], edit.Split('|')[1]);
            files["ws-regs.json"] = files["ws-regs.json"].Replace(from, to, StringComparison.Ordinal);
        }
        using var response = await ImportAsync(client, files);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("ws-regs.json", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unico-import-", text, StringComparison.Ordinal); // no private folder in a message
    }
}
