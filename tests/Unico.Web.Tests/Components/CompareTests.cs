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
        var hv = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == "compare-hv-chart");
        Assert.Equal(2, hv.Instance.Data.Count);
    }
}
