using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Pages.Compare;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

public sealed class CompareTests
{
    private static (RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order) Run(long id, string objectives, params (double L, double E, double A)[] points)
    {
        var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
        run.Id = id;
        run.Objectives = objectives;
        var rows = points.Select((p, i) => Seed.Point(id, i, p.L, p.E, p.A)).ToList();
        var events = rows.Select((p, i) => Seed.Event(id, new HardwarePointEvaluated(i, i, (i + 1) * 100, p.PointId, [], p.LatencyCycles, p.EnergyPj, p.AreaMm2, true, 30, true))).ToList();
        return (run, rows, events);
    }

    [Fact]
    public void Runs_are_scored_on_one_scale_spanning_all_of_their_points()
    {
        var a = Run(1, "latency,energy,area", (4e6, 4e9, 2.0), (3e6, 6e9, 2.5), (5e6, 3e9, 3.0));
        var b = Run(2, "latency,energy,area", (2e6, 2e9, 1.0), (2.5e6, 1.5e9, 1.5));

        var result = CompareService.Compare([a, b]);

        Assert.Null(result.Error);
        var all = a.Points.Concat(b.Points).Select(p => EventJson.Deserialize<double[]>(p.ObjectivesJson)!).ToList();
        var bounds = ObjectiveBounds.Spanning(all);
        var sa = result.Series.Single(s => s.RunId == 1);
        var sb = result.Series.Single(s => s.RunId == 2);
        Assert.Equal(bounds.Hypervolume(a.Points.Select(p => EventJson.Deserialize<double[]>(p.ObjectivesJson)!)), sa.FinalHypervolume, 12);
        Assert.Equal(bounds.Hypervolume(b.Points.Select(p => EventJson.Deserialize<double[]>(p.ObjectivesJson)!)), sb.FinalHypervolume, 12);
        Assert.True(sb.FinalHypervolume > sa.FinalHypervolume);
        Assert.Equal([100L, 200L, 300L], sa.Curve.Select(c => c.Evaluations));
        Assert.True(sa.Curve.Zip(sa.Curve.Skip(1)).All(p => p.Second.Hypervolume >= p.First.Hypervolume));
        Assert.Equal(2, sb.Front.Count);
    }

    [Fact]
    public void Runs_with_different_objectives_are_not_compared()
    {
        var result = CompareService.Compare([Run(1, "latency,energy,area", (1e6, 1e9, 1)), Run(2, "latency,energy", (1e6, 1e9, 1))]);

        Assert.NotNull(result.Error);
        Assert.Empty(result.Series);
    }

    private static (RunEntity Run, List<PointEntity> Points, List<RunEventEntity> Order) On(string workloads, string space, long id, double clock = 1)
    {
        var r = Run(id, "latency,energy,area", (4e6, 4e9, 2.0), (3e6, 6e9, 2.5));
        var config = Seed.Config() with { TrainingWorkloads = workloads.Split('+'), Space = space, ClockGhz = clock };
        r.Run.ConfigJson = CoSearchConfigJson.Write(config);
        r.Run.ResolvedConfigJson = r.Run.ConfigJson;
        return r;
    }

    [Fact]
    public void Runs_of_different_networks_are_refused_naming_each_runs_networks()
    {
        var result = CompareService.Compare([On("ResNet-18", "eyeriss-like", 1), On("AlexNet+VGG16", "eyeriss-like", 2)]);

        Assert.Empty(result.Series);
        Assert.Contains("different networks", result.Error, StringComparison.Ordinal);
        Assert.Contains("#1: ResNet-18", result.Error, StringComparison.Ordinal);
        Assert.Contains("#2: AlexNet + VGG16", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_on_different_spaces_or_clocks_are_compared_with_a_warning_for_each()
    {
        var result = CompareService.Compare([On("ResNet-18", "eyeriss-like", 1), On("ResNet-18", "simba-like", 2, clock: 2)]);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Series.Count);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("#1: eyeriss-like; #2: simba-like", result.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("#1: 1 GHz; #2: 2 GHz", result.Warnings[1], StringComparison.Ordinal);
        Assert.Equal("simba-like", result.Series[1].Space);
        Assert.Empty(CompareService.Compare([On("ResNet-18", "eyeriss-like", 1), On("ResNet-18", "eyeriss-like", 2)]).Warnings);
    }

    [Fact]
    public async Task An_unknown_run_id_is_an_error_on_the_page_not_a_row()
    {
        await using var ctx = new ComponentTestContext();
        long id;
        await using (var db = ctx.Db())
        {
            var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            db.Points.Add(Seed.Point(run.Id, 0, 4e6, 4e9, 2));
            await db.SaveChangesAsync();
            id = run.Id;
        }
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/compare?runs={id},999");

        var cut = ctx.Render<ComparePage>();

        cut.WaitForAssertion(() => Assert.Contains("There is no run #999", cut.Find("#compare-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("#compare-table"));
    }

    [Fact]
    public async Task The_compare_page_lists_the_runs_of_its_link_with_their_common_scale_hypervolume()
    {
        await using var ctx = new ComponentTestContext();
        var ids = new List<long>();
        await using (var db = ctx.Db())
        {
            foreach (var (name, factor) in new[] { ("first", 1.0), ("second", 0.5) })
            {
                var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
                run.Name = name;
                db.Runs.Add(run);
                await db.SaveChangesAsync();
                db.Points.AddRange(Seed.Point(run.Id, 0, 4e6 * factor, 4e9, 2), Seed.Point(run.Id, 1, 3e6 * factor, 6e9 * factor, 2.5));
                await db.SaveChangesAsync();
                ids.Add(run.Id);
            }
        }
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/compare?runs={ids[0]},{ids[1]}");

        var cut = ctx.Render<ComparePage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#compare-table tbody tr").Count));
        Assert.Contains("first", cut.Find("#compare-table").TextContent, StringComparison.Ordinal);
        Assert.Contains("second", cut.Find("#compare-table").TextContent, StringComparison.Ordinal);
        var header = cut.Find("#compare-table thead").TextContent;
        Assert.Contains("training networks", header, StringComparison.Ordinal);
        Assert.Contains("design space", header, StringComparison.Ordinal);
        Assert.All(cut.FindAll("#compare-table tbody tr"), row => Assert.Contains("AlexNet", row.TextContent, StringComparison.Ordinal));
        var frontChart = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == "compare-front-chart");
        var x = ((Plotly.Blazor.Layout)frontChart.Instance.Layout).XAxis[0];
        Assert.Equal("latency (ms)", x.Title.Text);
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.ExponentFormatEnum.Power, x.ExponentFormat);
        var hv = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == "compare-hv-chart");
        Assert.Equal(2, hv.Instance.Data.Count);
    }
}
