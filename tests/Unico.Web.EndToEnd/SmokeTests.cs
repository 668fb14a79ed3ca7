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
        using var content = new StringContent(File.ReadAllText("/tmp/tiny.json"));
        var r = await client.PostAsync(new Uri("/api/runs", UriKind.Relative), content);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        await using var browser = await Browser.LaunchAsync();
        var (_, page) = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + body.GetProperty("url").GetString());
        await Task.Delay(6000);
        await page.ScreenshotAsync(new() { Path = "/tmp/look.png", FullPage = true });
    }
}
