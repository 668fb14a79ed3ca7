using System.Net.Http.Json;
using System.Text.Json;

namespace Unico.Web.EndToEnd;

public sealed class SmokeTests
{
    [Fact]
    public async Task Look()
    {
        await using var app = AppHost.Start();
        using var client = app.Client();
        long id = 0;
        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(File.ReadAllText("/tmp/tiny.json").Replace("\"seed\": 1", $"\"seed\": {i + 1}", StringComparison.Ordinal));
            var r = await client.PostAsync(new Uri("/api/runs", UriKind.Relative), content);
            id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        await using var browser = await Browser.LaunchAsync();
        var (_, page) = await browser.NewPageAsync();
        page.Console += (_, m) => File.AppendAllText("/tmp/look-console.txt", m.Text + "\n");
        while ((await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{id}", UriKind.Relative))).GetProperty("status").GetString() != "succeeded") await Task.Delay(500);
        foreach (var (url, name) in new[] { ("/runs", "runs"), ($"/runs/{id}/points/3", "point"), ("/workloads", "workloads"), ("/workloads/new", "workload-new"), ("/spaces/eyeriss-like", "space"), ("/spaces/new", "space-new"), ("/runs/new", "new-run"), ("/compare?runs=1,2", "compare"), ("/runs/999", "notfound") })
        {
            await page.GotoAsync(app.BaseUrl + url);
            await Task.Delay(3000);
            await page.ScreenshotAsync(new() { Path = $"/tmp/look-{name}.png", FullPage = true });
        }
    }
}
