using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Unico.Web.Components.Pages.Comparisons;

namespace Unico.Web.Tests.Integration;

/// <summary>A multi-seed comparison launched from the app (issue 16): a Hangfire job, its report over HTTP.</summary>
[Collection(AppTests.Name)]
public sealed class ComparisonsApiTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(HttpClient client, string config)
    {
        using var content = new StringContent(config, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/comparisons", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task The_forms_example_comparison_runs_every_algorithm_and_seed_and_its_report_and_plot_are_served()
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, ComparisonsPage.Example);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/comparisons/{id}", body.GetProperty("url").GetString());

        JsonElement c;
        var until = DateTime.UtcNow.AddMinutes(4);
        do
        {
            await Task.Delay(200);
            c = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/comparisons/{id}", UriKind.Relative));
        }
        while (c.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < until);

        Assert.Equal("succeeded", c.GetProperty("status").GetString());
        Assert.Equal(4, c.GetProperty("runs_total").GetInt32());
        Assert.Equal(4, c.GetProperty("runs_done").GetInt32());
        var summaries = c.GetProperty("result").GetProperty("algorithms");
        Assert.Equal(["unico", "random"], summaries.EnumerateObject().Select(s => s.Name));
        Assert.All(summaries.EnumerateObject(), s => Assert.Equal(2, s.Value.GetProperty("per_seed").GetArrayLength()));
        var report = await client.GetStringAsync(new Uri($"/api/comparisons/{id}/report", UriKind.Relative));
        Assert.Contains("unico", report, StringComparison.Ordinal);
        Assert.Contains("random", report, StringComparison.Ordinal);
        using var plot = await client.GetAsync(new Uri($"/api/comparisons/{id}/plot", UriKind.Relative));
        Assert.Equal("image/svg+xml", plot.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", (await plot.Content.ReadAsStringAsync()).TrimStart(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "comparisons", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "report.md")));

        var page = await client.GetStringAsync(new Uri($"/comparisons/{id}", UriKind.Relative));
        Assert.Contains("id=\"comparison-report\"", page, StringComparison.Ordinal);
        Assert.Contains("<table>", page, StringComparison.Ordinal);

        // Deleted: the row and the files go.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/comparisons/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/comparisons/{id}", UriKind.Relative))).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "comparisons", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_comparison_interrupted_by_a_restart_is_queued_again_and_finishes_from_its_runs_checkpoints()
    {
        using var dir = new TempDirectory();
        var config = ComparisonsPage.Example.Replace("\"mapping_evaluations\": 30000", "\"mapping_evaluations\": 60000", StringComparison.Ordinal);
        long id;
        await using (var app = new UnicoAppFactory(dir.Path))
        {
            using var client = app.CreateClient();
            var (status, body) = await SubmitAsync(client, config);
            Assert.Equal(HttpStatusCode.Accepted, status);
            id = body.GetProperty("id").GetInt64();
            var until = DateTime.UtcNow.AddMinutes(2);
            while ((await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/comparisons/{id}", UriKind.Relative))).GetProperty("status").GetString() != "running")
            {
                Assert.True(DateTime.UtcNow < until, "the comparison never started");
                await Task.Delay(50);
            }
            await Task.Delay(500);
            var before = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/comparisons/{id}", UriKind.Relative));
            Assert.Equal("running", before.GetProperty("status").GetString());
            Assert.True(before.GetProperty("runs_done").GetInt32() < 4);
        } // stopped mid-way: the comparison stays "running"

        await using (var app = new UnicoAppFactory(dir.Path))
        {
            using var client = app.CreateClient();
            JsonElement c;
            var until = DateTime.UtcNow.AddMinutes(4);
            do
            {
                await Task.Delay(200);
                c = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/comparisons/{id}", UriKind.Relative));
            }
            while (c.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < until);
            Assert.Equal("succeeded", c.GetProperty("status").GetString());
            Assert.Equal(4, c.GetProperty("runs_done").GetInt32());
            Assert.Equal(4, c.GetProperty("result").GetProperty("algorithms").EnumerateObject().Sum(a => a.Value.GetProperty("per_seed").GetArrayLength()));
        }
    }

    [Theory]
    [InlineData("\"seeds\": [1, 2],", "", "seeds")]
    [InlineData("\"b0\": 20,", "\"b0\": 500,", "algorithms[0].settings.b0")]
    [InlineData("\"seeds\": [1, 2]", "\"seeds\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]", "seeds")]
    [InlineData("\"AlexNet\"", "\"/etc/passwd\"", "workloads.training[0]")]
    public async Task An_invalid_comparison_gets_400_naming_the_field(string from, string to, string field)
    {
        using var dir = new TempDirectory();
        await using var app = new UnicoAppFactory(dir.Path);
        using var client = app.CreateClient();

        var (status, body) = await SubmitAsync(client, ComparisonsPage.Example.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/comparisons/4242", UriKind.Relative))).StatusCode);
    }
}
