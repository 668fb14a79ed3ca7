using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Unico.Web.EndToEnd;

/// <summary>
/// A new user's path through the app in a real browser (Debian's chromium) against the real app on
/// Kestrel: create a workload, set up a run on it, watch the front and hypervolume fill live, open a
/// point, send its link to a colleague (a fresh browser context), export CSV. With
/// UNICO_SCREENSHOTS=1 the pages are also saved to docs/screenshots.
/// </summary>
public sealed partial class UserJourneyTests
{
    private static readonly bool SaveScreenshots = Environment.GetEnvironmentVariable("UNICO_SCREENSHOTS") == "1";

    [Fact]
    public async Task A_new_user_creates_a_workload_and_a_run_watches_it_live_opens_a_point_shares_the_link_and_exports_csv()
    {
        await using var app = AppHost.Start();
        await using var browser = await Browser.LaunchAsync();
        var (context, page) = await browser.NewPageAsync();
        // Counts the appends to the front chart: the proof that it fills live, however fast the run.
        await context.AddInitScriptAsync("""
            window.__frontExtends = 0;
            let charts;
            Object.defineProperty(window, 'unicoCharts', { configurable: true, get() { return charts; }, set(v) {
                const extend = v.extend;
                v.extend = function (id, ...rest) { if (id === 'front-chart') window.__frontExtends++; return extend.call(this, id, ...rest); };
                charts = v;
            } });
            """);
        var pageErrors = new List<string>();
        WatchErrors(page, pageErrors);
        var shots = SaveScreenshots ? Screenshots.PathOf("") : Directory.CreateTempSubdirectory("unico-shots").FullName;

        // 1. A custom workload in the layer table.
        // Typed as soon as the field is there, before the page settles: nothing typed is lost.
        await page.GotoAsync(app.BaseUrl + "/workloads/new", new() { WaitUntil = WaitUntilState.Commit });
        await page.FillAsync("#workload-name", "e2e-net");
        await WaitInteractiveAsync(page);
        Assert.Equal("e2e-net", await page.InputValueAsync("#workload-name"));
        await FillLayerAsync(page, 0, "stem", ("C", 16), ("M", 32), ("R", 3), ("S", 3), ("P", 14), ("Q", 14));
        await page.ClickAsync("#add-layer");
        await FillLayerAsync(page, 1, "body", ("C", 32), ("M", 32), ("R", 3), ("S", 3), ("P", 7), ("Q", 7));
        await page.ClickAsync("#save-workload");
        await page.WaitForURLAsync("**/workloads/e2e-net");
        await Assertions.Expect(page.Locator("#layers-table")).ToContainTextAsync("body");

        // 2. A run on it, from the form.
        await page.GotoAsync(app.BaseUrl + "/runs/new", new() { WaitUntil = WaitUntilState.Commit });
        await page.FillAsync("#run-name", "e2e-run");
        await WaitInteractiveAsync(page);
        Assert.Equal("e2e-run", await page.InputValueAsync("#run-name"));
        await page.Locator("#training").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "e2e-net (custom)" }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "ResNet-18" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await SetNumberAsync(page, "#b0", 20);
        await SetNumberAsync(page, "#full-budget", 180);
        // A budget of hours is flagged before it starts; the run's own is not.
        await SetNumberAsync(page, "#budget-evaluations", 1_000_000_000_000_000);
        await Assertions.Expect(page.Locator("#budget-estimate")).ToHaveAttributeAsync("data-long", "true");
        await Assertions.Expect(page.Locator("#budget-estimate")).ToContainTextAsync("over an hour");
        await SetNumberAsync(page, "#budget-evaluations", 60000);
        await Assertions.Expect(page.Locator("#budget-estimate")).ToHaveAttributeAsync("data-long", "false");
        if (SaveScreenshots) await ShotAsync(page, Path.Combine(shots, "new-run.png"));
        await page.ClickAsync("#start-run");
        await page.WaitForURLAsync(new Regex(@"/runs/\d+$"));
        var runUrl = page.Url;

        // 3. The front and the hypervolume chart fill while it runs, without a reload.
        var counts = new SortedSet<int>();
        var hvSeen = 0;
        var shotTaken = false;
        var until = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < until)
        {
            counts.Add(await page.EvaluateAsync<int>("() => unicoCharts.count('front-chart', 0)"));
            hvSeen = Math.Max(hvSeen, await page.EvaluateAsync<int>("() => unicoCharts.count('hv-evals-chart', 0)"));
            var status = await page.Locator("#run-status").GetAttributeAsync("data-status");
            if (SaveScreenshots && !shotTaken && status == "running" && counts.Max > 10)
            {
                await ShotAsync(page, Path.Combine(shots, "run-live.png"));
                shotTaken = true;
            }
            if (status == "succeeded") break;
            Assert.NotEqual("failed", status);
            await Task.Delay(200);
        }
        Assert.Equal("succeeded", await page.Locator("#run-status").GetAttributeAsync("data-status"));
        var extends = await page.EvaluateAsync<int>("() => window.__frontExtends");
        Assert.True(extends >= 2, $"the front chart took {extends} live appends (counts seen: {string.Join(", ", counts)})");
        Assert.True(hvSeen >= 2, "the hypervolume chart did not fill");
        var points = int.Parse(await page.Locator("#run-points").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(points > 8);
        var runId = runUrl[(runUrl.LastIndexOf('/') + 1)..];
        // Another run on the same networks but another space, for the compare page's warning (it runs meanwhile).
        using var api = app.Client();
        var otherConfig = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/runs/{runId}", UriKind.Relative)))!["config"]!.AsObject();
        otherConfig["name"] = "e2e-simba";
        otherConfig["space"] = "simba-like";
        otherConfig["budget"] = new System.Text.Json.Nodes.JsonObject { ["mapping_evaluations"] = 8000 };
        using var otherBody = new StringContent(otherConfig.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var otherPosted = await api.PostAsync(new Uri("/api/runs", UriKind.Relative), otherBody);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, otherPosted.StatusCode);
        var otherId = System.Text.Json.JsonDocument.Parse(await otherPosted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        // What was searched, and in what units: readable from the page alone.
        await Assertions.Expect(page.Locator("#run-training")).ToHaveTextAsync("e2e-net");
        await Assertions.Expect(page.Locator("#run-space")).ToHaveTextAsync("eyeriss-like");
        await Assertions.Expect(page.Locator("#run-budget")).ToContainTextAsync("60,000 mapping evaluations");
        Assert.Matches(@"^latency \((ns|µs|ms|s)\)$", await page.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.xaxis.title.text"));
        Assert.Matches(@"^energy \((pJ|nJ|µJ|mJ|J)\)$", await page.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.yaxis.title.text"));
        Assert.Matches(@"^latency \((ns|µs|ms|s)\)$", (await page.Locator("#points-table thead th").Nth(2).InnerTextAsync()).Trim());

        // 4. A view worth sharing: other axes, a selected point (a table row), then its link in a fresh context.
        await page.GotoAsync(runUrl + "?x=area&y=edp&logx=true");
        await WaitInteractiveAsync(page);
        // Hovering any point shows its hardware (the faded points' hover data arrives after the drawing).
        await WaitForFrontAsync(page, pageErrors);
        var hover = await page.EvaluateAsync<string>(@"async () => {
            const el = document.getElementById('front-chart');
            for (let i = 0; i < 100 && el.data[0].customdata.length < el.data[0].x.length; i++) await new Promise(r => setTimeout(r, 50));
            Plotly.Fx.hover(el, [{ curveNumber: 0, pointNumber: el.data[0].x.length - 1 }]);
            await new Promise(r => setTimeout(r, 100));
            return Array.from(el.querySelectorAll('.hoverlayer .hovertext')).map(e => e.textContent).join('|'); }");
        Assert.Matches(@"point \d+ \(batch \d+.*cycles.*mm².*pe_rows = \d+", hover);
        // The faded points are painted on a canvas where Plotly places them: paint at every point, none
        // far from all of them, and the mouse over the last point shows that point.
        var painted = await page.EvaluateAsync<string>(@"() => {
            const el = document.getElementById('front-chart'), t = el.data[0];
            const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
            const canvas = el.unicoCanvas, ctx = canvas.getContext('2d'), ratio = canvas.width / Math.round(xa._length);
            const alpha = (px, py) => ctx.getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data[3];
            const points = t.x.map((x, i) => [xa.d2p(x), ya.d2p(t.y[i])]);
            const missing = points.filter(([px, py]) => alpha(px, py) === 0).length;
            let blank = 'none';
            for (let gx = 5; gx < xa._length && blank === 'none'; gx += 10)
                for (let gy = 5; gy < ya._length && blank === 'none'; gy += 10)
                    if (points.every(([px, py]) => Math.hypot(px - gx, py - gy) > 10)) blank = alpha(gx, gy) === 0 ? 'clear' : 'painted';
            return `${el.dataset.dots}/${t.x.length} missing ${missing} blank ${blank}`; }");
        Assert.Matches(@"^(\d+)/\1 missing 0 blank (clear|none)$", painted);
        var last = await page.EvaluateAsync<double[]>(@"() => {
            const el = document.getElementById('front-chart'), t = el.data[0], n = t.x.length - 1;
            const box = el.getBoundingClientRect(), xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
            return [box.left + xa._offset + xa.d2p(t.x[n]), box.top + ya._offset + ya.d2p(t.y[n]), t.customdata[n][0]]; }");
        await page.Mouse.MoveAsync((float)last[0], (float)last[1]);
        await Assertions.Expect(page.Locator("#front-chart .hoverlayer .hovertext").First).ToContainTextAsync("point " + ((long)last[2]).ToString(CultureInfo.InvariantCulture) + " ");
        await page.Locator("#points-table tbody tr").Nth(2).ClickAsync();
        await Assertions.Expect(page.Locator("#selected-point-id")).ToBeVisibleAsync();
        var selected = await page.Locator("#selected-point-id").InnerTextAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sel=\\d+"));
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseUrl });
        await page.ClickAsync("#copy-link");
        await page.WaitForFunctionAsync("async () => (await navigator.clipboard.readText()).includes('sel=')");
        var permalink = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(page.Url, permalink);
        if (SaveScreenshots)
        {
            await ShotAsync(page, Path.Combine(shots, "run.png"));
        }
        var (colleague, fresh) = await browser.NewPageAsync();
        WatchErrors(fresh, pageErrors);
        await fresh.GotoAsync(permalink);
        await Assertions.Expect(fresh.Locator("#selected-point-id")).ToHaveTextAsync(selected);
        await WaitForFrontAsync(fresh, pageErrors);
        Assert.Equal("area (mm²)", await fresh.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.xaxis.title.text"));
        Assert.Equal("EDP (J × s)", await fresh.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.yaxis.title.text"));
        Assert.Equal("log", await fresh.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.xaxis.type"));
        await fresh.WaitForFunctionAsync("() => unicoCharts.count('front-chart', 2) === 1");

        // The 3D view (Plotly's full bundle) of the same run.
        await fresh.GotoAsync(runUrl + "?view=3d&z=robustness");
        await WaitForFrontAsync(fresh, pageErrors);
        Assert.Equal("scatter3d", await fresh.EvaluateAsync<string>("() => document.getElementById('front-chart').data[0].type"));
        Assert.Equal("robustness R", await fresh.EvaluateAsync<string>("() => document.getElementById('front-chart').layout.scene.zaxis.title.text"));

        // 5. The point page, and its own permalink (second layer selected).
        await page.ClickAsync("#open-point");
        await page.WaitForURLAsync(new Regex(@"/runs/\d+/points/\d+"));
        await Assertions.Expect(page.Locator("#loop-nest")).ToContainTextAsync("for ");
        await page.Locator("#layers-table tbody tr").Nth(1).Locator("a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("layer=1"));
        await Assertions.Expect(page.Locator("#layer-detail")).ToContainTextAsync("body: best mapping");
        if (SaveScreenshots) await ShotAsync(page, Path.Combine(shots, "point.png"));
        await fresh.GotoAsync(page.Url);
        await Assertions.Expect(fresh.Locator("#layer-detail")).ToContainTextAsync("body: best mapping");
        Assert.Equal(await page.Locator("#point-objectives").InnerTextAsync(), await fresh.Locator("#point-objectives").InnerTextAsync());
        await colleague.CloseAsync();

        // 6. CSV export of the points.
        await page.GotoAsync(runUrl);
        await WaitInteractiveAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-points-csv"));
        var file = Path.Combine(Path.GetTempPath(), $"unico-e2e-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        File.Delete(file);
        Assert.StartsWith("id,batch,", lines[0], StringComparison.Ordinal);
        Assert.Equal(points + 1, lines.Count);

        // 7. A clone opens with every setting of the run: the form's config is the run's.
        await page.GotoAsync($"{app.BaseUrl}/runs/new?clone={runId}");
        await WaitInteractiveAsync(page);
        await page.Locator(".mud-tab", new() { HasText = "JSON" }).ClickAsync();
        var cloned = System.Text.Json.Nodes.JsonNode.Parse(await page.InputValueAsync("#config-json"));
        var submitted = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/runs/{runId}", UriKind.Relative)))!["config"]!.AsObject();
        // Named as a copy; every other setting is the run's.
        Assert.Equal(submitted["name"]!.GetValue<string>() + "-copy", cloned!["name"]!.GetValue<string>());
        cloned.AsObject().Remove("name");
        var original = submitted.DeepClone().AsObject();
        original.Remove("name");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(original, cloned), $"clone {cloned.ToJsonString()} differs from the run's {original.ToJsonString()}");

        // 8. Compare warns that the two runs searched different spaces.
        for (var i = 0; i < 600; i++)
        {
            var other = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/runs/{otherId}", UriKind.Relative))).RootElement;
            if (other.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled") break;
            await Task.Delay(500);
        }
        await page.GotoAsync($"{app.BaseUrl}/compare?runs={runId},{otherId}");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".compare-warning").First).ToContainTextAsync("different design spaces");
        await Assertions.Expect(page.Locator("#compare-table")).ToContainTextAsync("simba-like");

        if (SaveScreenshots)
        {
            await page.GotoAsync(app.BaseUrl + "/workloads/e2e-net/edit");
            await WaitInteractiveAsync(page);
            await ShotAsync(page, Path.Combine(shots, "workload-editor.png"));

            // The two runs compared above (another space: the page warns and compares).
            await page.GotoAsync($"{app.BaseUrl}/compare?runs={runId},{otherId}");
            await WaitInteractiveAsync(page);
            await page.WaitForFunctionAsync("() => unicoCharts.count('compare-hv-chart', 0) > 0");
            await ShotAsync(page, Path.Combine(shots, "compare.png"));
            await page.GotoAsync(app.BaseUrl + "/runs");
            await WaitInteractiveAsync(page);
            await ShotAsync(page, Path.Combine(shots, "runs.png"));
        }
        await context.CloseAsync();
        Assert.True(pageErrors.Count == 0, "errors in the browser: " + string.Join(" | ", pageErrors));
    }

    // Waits for the front chart to hold points; on a timeout says what the page had got to.
    private static async Task WaitForFrontAsync(IPage page, List<string> errors)
    {
        try
        {
            await page.WaitForFunctionAsync("() => unicoCharts.count('front-chart', 0) > 0", null, new() { Timeout = 60000 });
        }
        catch (TimeoutException e)
        {
            var state = await page.EvaluateAsync<string>(@"() => JSON.stringify({
                plotly: typeof window.Plotly, script: (document.getElementById('plotly-import') || {}).src || null,
                chart: !!document.getElementById('front-chart'), drawn: !!(document.getElementById('front-chart') || {}).data,
                status: (document.getElementById('run-status') || {}).textContent || null, blazor: typeof window.Blazor,
                plotError: window.unicoPlotError || null, webgl: !!document.createElement('canvas').getContext('webgl') })");
            throw new TimeoutException($"the front chart was not drawn: {state}; browser errors: {string.Join(" | ", errors)}", e);
        }
    }

    // Uncaught script errors and console errors of a page (a chart call that throws shows up here).
    private static void WatchErrors(IPage page, List<string> errors)
    {
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error") errors.Add($"{m.Text} ({m.Location})");
        };
    }

    private static async Task ShotAsync(IPage page, string path)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    /// <summary>Waits until the Blazor circuit is up (the page's buttons respond).</summary>
    internal static async Task WaitInteractiveAsync(IPage page)
    {
        await page.WaitForSelectorAsync(".mud-main-content[data-interactive=true]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Task.Delay(300);
    }

    private static async Task FillLayerAsync(IPage page, int row, string name, params (string Dim, int Value)[] dims)
    {
        await page.FillAsync($"#layer-{row}-name", name);
        await page.Locator($"#layer-{row}-name").BlurAsync();
        foreach (var (dim, value) in dims) await SetNumberAsync(page, $"#layer-{row}-{dim}", value);
    }

    private static async Task SetNumberAsync(IPage page, string selector, long value)
    {
        var input = page.Locator(selector);
        await input.FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await input.BlurAsync();
    }
}
