using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

public sealed class RunPageTests
{
    private static async Task<(ComponentTestContext Ctx, long RunId)> SeededAsync()
    {
        var ctx = new ComponentTestContext();
        using var db = ctx.Db();
        var run = Seed.Run(Seed.Config(), RunStatus.Running);
        run.PointCount = 3;
        run.FrontJson = "[0,1]";
        run.Hypervolume = 0.5;
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        db.Points.AddRange(Seed.Point(run.Id, 0, 2e6, 3e9, 1.2), Seed.Point(run.Id, 1, 4e6, 2e9, 1.1), Seed.Point(run.Id, 2, 5e6, 5e9, 2.0));
        db.Events.AddRange(
            Seed.Event(run.Id, new HardwarePointEvaluated(0, 1, 100, 0, [], 2e6, 3e9, 1.2, true, 30, true)),
            Seed.Event(run.Id, new HardwarePointEvaluated(1, 1, 200, 1, [], 4e6, 2e9, 1.1, true, 30, true)),
            Seed.Event(run.Id, new HardwarePointEvaluated(2, 1, 300, 2, [], 5e6, 5e9, 2.0, true, 30, true)),
            Seed.Event(run.Id, new FrontChanged(3, 1.5, 300, [0, 1], 0.5)));
        await db.SaveChangesAsync();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.extend", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.restyle", _ => true).SetResult(true);
        return (ctx, run.Id);
    }

    private static FrontChart FrontChart(ComponentTestContext ctx) =>
        (FrontChart)ctx.JSInterop.Invocations["unicoCharts.plot"].Last(i => (string)i.Arguments[0]! == LiveFrontChart.ChartId).Arguments[1]!;

    private static RunUpdate Update(long runId, int points, double hv, params CoSearchEvent[] events) =>
        new(new RunSummary(runId, "seeded", "running", "unico", 0.4, hv, 800, 4, points, DateTime.UtcNow, DateTime.UtcNow, null, null), events);

    [Fact]
    public async Task A_live_event_batch_is_appended_to_the_front_and_hypervolume_charts_and_updates_the_counters()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("#run-points").TextContent.Trim()));
        await cut.InvokeAsync(cut.Instance.FlushAsync); // charts in line with the loaded data: nothing to append
        var extendsBefore = ctx.JSInterop.Invocations["unicoCharts.extend"].Count;

        ctx.Services.GetRequiredService<RunEventHub>().Publish(Update(runId, 4, 0.9,
            new HardwarePointProposed(4, 2.0, 300, 3, 1, new Dictionary<string, ParameterValue> { ["pe_rows"] = ParameterValue.Of(16), ["dataflow"] = ParameterValue.Of("free") }),
            new HardwarePointEvaluated(5, 2.5, 800, 3, [], 1.5e6, 1.5e9, 0.9, true, 30, true),
            new RobustnessComputed(6, 2.5, 800, 3, 0.8, 0.25),
            new FrontChanged(7, 2.6, 800, [0, 1, 3], 0.9)));
        await cut.InvokeAsync(cut.Instance.FlushAsync);

        var extend = ctx.JSInterop.Invocations["unicoCharts.extend"].Skip(extendsBefore).ToList();
        var front = Assert.Single(extend, i => (string)i.Arguments[0]! == LiveFrontChart.ChartId);
        var payload = (Dictionary<string, object>)front.Arguments[1]!;
        // In the chart's units: 1.5e6 cycles at 1 GHz are 1.5 ms, 1.5e9 pJ are 1.5 mJ.
        Assert.Equal([1.5], ((double[][])payload["x"])[0]);
        Assert.Equal([1.5], ((double[][])payload["y"])[0]);
        Assert.Equal("latency (ms)", FrontChart(ctx).Layout.Xaxis!.Title.Text);
        Assert.Equal("energy (mJ)", FrontChart(ctx).Layout.Yaxis!.Title.Text);
        var hover = ((object[][][])payload["customdata"])[0][0];
        Assert.Equal(3, hover[0]);
        var template = FrontChart(ctx).Data[FrontPlot.AllTrace].Hovertemplate;
        Assert.Contains("16", hover.Select(v => v.ToString()));
        Assert.Contains("pe_rows = %{customdata[", template, StringComparison.Ordinal);
        Assert.Equal([FrontPlot.AllTrace], (int[])front.Arguments[2]!);
        var robustness = Assert.Single(extend, i => (string)i.Arguments[0]! == RobustnessChart.ChartId);
        Assert.Equal([0.8], ((double[][])((Dictionary<string, object>)robustness.Arguments[1]!)["y"])[0]);

        var restyle = ctx.JSInterop.Invocations["unicoCharts.restyle"].Last(i => ((int[])i.Arguments[2]!)[0] == FrontPlot.FrontTrace);
        Assert.Equal([1.5, 2, 4], ((double[][])((Dictionary<string, object>)restyle.Arguments[1]!)["x"])[0]);

        var hv = ctx.JSInterop.Invocations.Where(i => i.Identifier.Contains("extendTrace", StringComparison.OrdinalIgnoreCase) && i.Arguments.Count > 0 && Equals(i.Arguments[0], HypervolumeCharts.EvaluationsChartId)).ToList();
        Assert.NotEmpty(hv);

        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("#run-points").TextContent.Trim()));
        Assert.Equal("0.9", cut.Find("#run-hypervolume").TextContent.Trim());
        // One unit per column, named in the header; the cycles behind a latency on hover.
        var headers = cut.FindAll("#points-table thead th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("latency (ms)", headers);
        Assert.Contains("energy (mJ)", headers);
        var latency = headers.IndexOf("latency (ms)");
        var cell = cut.FindAll("#points-table tbody tr").Select(r => r.QuerySelectorAll("td")[latency]).First(c => c.TextContent.Trim() == "1.5");
        Assert.Equal("1.500e+6 cycles at 1 GHz", cell.GetAttribute("title"));
        Assert.Contains("point 3: robustness 0.800", cut.Find("#event-log").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_already_shown_are_not_appended_twice()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("#run-points").TextContent.Trim()));
        await cut.InvokeAsync(cut.Instance.FlushAsync);
        int Extends() => ctx.JSInterop.Invocations["unicoCharts.extend"].Count(i => (string)i.Arguments[0]! == LiveFrontChart.ChartId);
        var initial = Extends();
        var hub = ctx.Services.GetRequiredService<RunEventHub>();
        var evaluated = new HardwarePointEvaluated(5, 2.5, 800, 3, [], 1.5e6, 1.5e9, 0.9, true, 30, true);
        hub.Publish(Update(runId, 4, 0.9, evaluated));
        await cut.InvokeAsync(cut.Instance.FlushAsync);
        await cut.InvokeAsync(cut.Instance.FlushAsync); // nothing new: nothing sent
        var count = Extends();

        hub.Publish(Update(runId, 4, 0.9, evaluated)); // the same event again (a page that loaded while it was being stored)
        hub.Publish(Update(runId, 4, 0.9, new HardwarePointEvaluated(1, 1, 200, 1, [], 4e6, 2e9, 1.1, true, 30, true)));
        await cut.InvokeAsync(cut.Instance.FlushAsync);

        Assert.Equal(count, Extends());
        Assert.Equal(initial + 1, count);
    }

    [Fact]
    public async Task The_view_state_in_the_query_string_sets_the_axes_filter_and_selected_point()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/runs/{runId}?x=area&logx=true&filter=high&sel=1");
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));

        cut.WaitForAssertion(() => Assert.Equal("point 1 (batch 0)", cut.Find("#selected-point-id").TextContent.Trim()));
        Assert.Contains($"/runs/{runId}/points/1", cut.Find("#open-point").GetAttribute("href"), StringComparison.Ordinal);
        await cut.InvokeAsync(cut.Instance.FlushAsync);
        var chart = FrontChart(ctx);
        Assert.Equal([1.2, 1.1, 2.0], chart.Data[FrontPlot.AllTrace].X);
        Assert.Equal([1], chart.Data[FrontPlot.SelectedTrace].Customdata.Select(d => d[0]));
        Assert.Equal("log", chart.Layout.Xaxis!.Type);
        Assert.Equal("area (mm²)", chart.Layout.Xaxis.Title.Text);
        Assert.DoesNotContain(ctx.JSInterop.Invocations["unicoCharts.extend"], i => (string)i.Arguments[0]! == LiveFrontChart.ChartId);
    }

    [Fact]
    public async Task Clicking_a_point_of_the_front_chart_selects_it_in_the_link()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));
        cut.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations["unicoCharts.plot"]));
        var clicked = FrontChart(ctx).Data[FrontPlot.FrontTrace].Customdata[1][0];

        await cut.InvokeAsync(() => cut.Instance.FrontChart!.OnChartClick(FrontPlot.FrontTrace, 1));

        cut.WaitForAssertion(() => Assert.Equal($"point {clicked} (batch 0)", cut.Find("#selected-point-id").TextContent.Trim()));
        Assert.Contains($"sel={clicked}", ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_axis_for_the_robustness_chart_goes_into_the_link_and_redraws_that_chart_on_it()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindComponents<RobustnessChart>()));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindComponents<Plotly.Blazor.PlotlyChart>(), c => c.Instance.Id == RobustnessChart.ChartId));

        await cut.InvokeAsync(() => cut.FindComponent<RobustnessChart>().Instance.AxisChanged.InvokeAsync("area"));
        await cut.InvokeAsync(cut.Instance.FlushAsync);

        Assert.Contains("rob=area", ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
        var chart = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == RobustnessChart.ChartId);
        Assert.Equal("area (mm²)", ((Plotly.Blazor.Layout)chart.Instance.Layout).XAxis[0].Title.Text);
    }

    [Fact]
    public async Task A_finished_run_with_held_out_networks_shows_how_its_designs_generalize()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        await using (var db = ctx.Db())
        {
            var run = db.Runs.Single(r => r.Id == runId);
            run.Status = RunStatus.Succeeded;
            run.GeneralizationJson = EventJson.Serialize(new GeneralizationReport(["VGG16"],
                [new HeldOutOutcome(0, 0.9, 2e6, 3e9, 5e7, 4e10, 0.1), new HeldOutOutcome(1, 0.4, 4e6, 2e9, 9e7, 9e10, 0.7)], -1.0, 0.8, 0.5));
            await db.SaveChangesAsync();
        }

        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));

        cut.WaitForAssertion(() => Assert.Contains("Held-out networks: VGG16", cut.Find("#held-out").TextContent, StringComparison.Ordinal));
        var text = cut.Find("#held-out").TextContent;
        Assert.Contains("-1", text, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("#held-out tbody tr").Count);
    }
}
