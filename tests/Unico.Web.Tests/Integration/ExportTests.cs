using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Unico.Engine.CoSearch;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Integration;

/// <summary>Exports that run (issue 16): the exported config carries the custom inputs, so the engine alone reproduces the run.</summary>
[Collection(AppTests.Name)]
public sealed class ExportTests
{
    private const string Workload = """
        { "name": "export-net", "layers": [
          { "name": "stem", "type": "conv2d", "dims": { "C": 8, "M": 16, "R": 3, "S": 3, "P": 8, "Q": 8 } },
          { "name": "head", "type": "fc", "dims": { "N": 10, "K": 256 } } ] }
        """;

    [Fact]
    public async Task The_exported_config_of_a_run_on_a_custom_workload_and_space_reproduces_it_without_the_app()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();
        using (var posted = await client.PostAsync(new Uri("/api/workloads", UriKind.Relative), new StringContent(Workload, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var space = Engine.Hardware.BuiltInSpaces.Get("eyeriss-like").ToJson().Replace("\"eyeriss-like\"", "\"export-space\"", StringComparison.Ordinal);
        using (var posted = await client.PostAsync(new Uri("/api/spaces", UriKind.Relative), new StringContent(space, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var (status, body) = await Api.SubmitAsync(client, TestConfigs.Tiny(budget: 4000, workload: "export-net", space: "export-space", name: "exported"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal("succeeded", (await Api.WaitFinishedAsync(client, id)).GetProperty("status").GetString());

        var exported = await client.GetStringAsync(new Uri($"/api/runs/{id}/config", UriKind.Relative));
        using (var doc = JsonDocument.Parse(exported))
        {
            Assert.Equal("export-net", doc.RootElement.GetProperty("workloads").GetProperty("training")[0].GetProperty("name").GetString());
            Assert.Equal("export-space", doc.RootElement.GetProperty("space").GetProperty("name").GetString());
            Assert.DoesNotContain(dir.Path, exported, StringComparison.Ordinal); // no path of the server's
        }

        // `unico search --config` on that file alone: the engine, no app, no database.
        var config = CoSearchConfigJson.Parse(exported, "exported.json");
        var result = CoSearchRun.Create(config).Run();
        var stored = (await app.Get<RunStore>().PointsAsync(id)).Where(p => p.Evaluated).OrderBy(p => p.PointId).ToList();
        Assert.Equal(stored.Count, result.Points.Count);
        Assert.Equal(stored.Select(p => (p.PointId, p.LatencyCycles, p.EnergyPj, p.AreaMm2)), result.Points.OrderBy(p => p.Id).Select(p => (p.Id, p.LatencyCycles, p.EnergyPj, p.AreaMm2)));

        // The app takes the file back too: the same inputs, inline.
        var (again, _) = await Api.SubmitAsync(client, exported);
        Assert.Equal(HttpStatusCode.Accepted, again);
    }
}
