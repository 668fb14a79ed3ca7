using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Pages.Point;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

/// <summary>A real (small) co-search result, computed once for the point page tests.</summary>
public sealed class RealRunFixture
{
    /// <summary>Runs the engine.</summary>
    public RealRunFixture()
    {
        Config = Seed.Config();
        var events = new EventList();
        Result = CoSearchRun.Create(Config, events).Run();
        Events = events.Events;
    }

    /// <summary>The config.</summary>
    public CoSearchConfig Config { get; }

    /// <summary>The run's events, in order.</summary>
    public IReadOnlyList<CoSearchEvent> Events { get; }

    /// <summary>The point rows the events make, as the recorder stores them.</summary>
    public List<PointEntity> Rows(long runId, Func<CoSearchEvent, bool>? keep = null) => Seed.Points(runId, keep is null ? Events : Events.Where(keep));

    /// <summary>The engine's result.</summary>
    public CoSearchResult Result { get; }

    /// <summary>A feasible point with its mappings.</summary>
    public PointOutcome Feasible => Result.Points.First(p => p.Feasible && p.Layers.All(l => l.Mapping is not null));
}

public sealed class PointPageTests(RealRunFixture run) : IClassFixture<RealRunFixture>
{
    private async Task<(ComponentTestContext Ctx, long RunId)> SeededAsync()
    {
        var ctx = new ComponentTestContext();
        using var db = ctx.Db();
        var entity = Seed.Run(run.Config, RunStatus.Succeeded);
        entity.FrontJson = EventJson.Serialize(run.Result.Front);
        db.Runs.Add(entity);
        await db.SaveChangesAsync();
        db.Points.AddRange(run.Rows(entity.Id));
        await db.SaveChangesAsync();
        return (ctx, entity.Id);
    }

    [Fact]
    public void The_detail_service_re_evaluates_each_layer_mapping_to_the_costs_the_search_found()
    {
        var outcome = run.Feasible;
        var point = run.Rows(0).Single(p => p.PointId == outcome.Id);
        var entity = Seed.Run(run.Config, RunStatus.Succeeded);

        var detail = PointDetailService.Build(entity, point);

        Assert.Null(detail.HardwareError);
        Assert.Equal(outcome.Layers.Count, detail.Layers.Count);
        foreach (var (layer, expected) in detail.Layers.Zip(outcome.Layers))
        {
            Assert.NotNull(layer.Evaluation);
            Assert.True(layer.Evaluation.IsValid, layer.Error);
            Assert.Equal(expected.Cycles, layer.Evaluation.Cycles);
            Assert.Equal(expected.EnergyPj, layer.Evaluation.EnergyPj, expected.EnergyPj * 1e-9);
            Assert.Equal(layer.Evaluation.EnergyPj, layer.Evaluation.Levels.Sum(l => l.EnergyPj), layer.Evaluation.EnergyPj * 1e-6);
            Assert.Contains(layer.LoopNest, l => l.Text.StartsWith("for ", StringComparison.Ordinal) || l.Text.StartsWith("spatial_for ", StringComparison.Ordinal));
        }
        Assert.Equal(outcome.AreaMm2, detail.Architecture!.AreaUm2 / 1e6, 1e-9);
    }

    [Fact]
    public async Task The_point_page_shows_configuration_objectives_and_per_layer_loop_nest_and_energy_by_level()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var outcome = run.Feasible;

        var cut = ctx.Render<PointPage>(p => p.Add(x => x.RunId, runId).Add(x => x.PointId, outcome.Id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#loop-nest")), TimeSpan.FromSeconds(10));
        Assert.Equal($"Point {outcome.Id}", cut.Find("#point-title").TextContent.Trim());
        var parameters = cut.Find("#point-parameters").TextContent;
        foreach (var (name, value) in outcome.Parameters) Assert.Contains(name, parameters, StringComparison.Ordinal);
        Assert.Contains("conv1", cut.Find("#layers-table").TextContent, StringComparison.Ordinal);
        var nest = cut.Find("#loop-nest").TextContent;
        Assert.Contains("DRAM", nest, StringComparison.Ordinal);
        Assert.Contains("for ", nest, StringComparison.Ordinal);
        var energy = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == "energy-chart");
        var bars = (Plotly.Blazor.Traces.Bar)energy.Instance.Data[0];
        Assert.Contains("DRAM", bars.X.Cast<string>());
        Assert.All(bars.Y.Cast<double>(), v => Assert.True(v >= 0));
        // Units on every chart and column: energy by level in one unit named on its axis, the layer table's columns named with theirs.
        var axis = ((Plotly.Blazor.Layout)energy.Instance.Layout).YAxis[0];
        Assert.Matches(@"^energy \((pJ|nJ|µJ|mJ|J)\)$", axis.Title.Text);
        var cycles = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Single(c => c.Instance.Id == "cycles-chart");
        Assert.Equal("cycles", ((Plotly.Blazor.Layout)cycles.Instance.Layout).YAxis[0].Title.Text);
        var headers = cut.Find("#layers-table thead").TextContent;
        Assert.Matches(@"latency of one run \((ns|µs|ms|s)\)", headers);
        Assert.Matches(@"energy of one run \((pJ|nJ|µJ|mJ|J)\)", headers);
        Assert.Matches(@"energy \((pJ|nJ|µJ|mJ|J)\)", cut.Find("#accesses-table thead").TextContent);
        Assert.Contains("cycles at 1 GHz", cut.Find("#point-objectives").TextContent, StringComparison.Ordinal);
        // The design as Timeloop files (the API's zip; TimeloopInteropTests checks its content).
        Assert.Equal($"/api/runs/{runId}/points/{outcome.Id}/timeloop", cut.Find("#export-timeloop").GetAttribute("href"));
    }

    [Fact]
    public async Task The_layer_in_the_query_string_selects_the_layer_shown()
    {
        var (ctx, runId) = await SeededAsync();
        await using var _ = ctx;
        var outcome = run.Feasible;
        var nav = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        nav.NavigateTo($"/runs/{runId}/points/{outcome.Id}?layer=2");

        var cut = ctx.Render<PointPage>(p => p.Add(x => x.RunId, runId).Add(x => x.PointId, outcome.Id));

        cut.WaitForAssertion(() => Assert.Contains($"{outcome.Layers[2].Layers[0]}: best mapping", cut.Find("#layer-detail").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_point_page_open_while_the_run_goes_on_shows_the_robustness_that_arrives_for_it()
    {
        var outcome = run.Result.Points.First(p => p.Feasible && p.Robustness is not null && p.Layers.All(l => l.Mapping is not null));
        var ctx = new ComponentTestContext();
        await using var _ = ctx;
        long runId;
        await using (var db = ctx.Db())
        {
            var entity = Seed.Run(run.Config, RunStatus.Running);
            db.Runs.Add(entity);
            await db.SaveChangesAsync();
            runId = entity.Id;
            // Evaluated, its robustness not computed yet: its mappings came with its evaluation.
            db.Points.AddRange(run.Rows(runId, e => e is not RobustnessComputed r || r.PointId != outcome.Id));
            await db.SaveChangesAsync();
        }
        var cut = ctx.Render<PointPage>(p => p.Add(x => x.RunId, runId).Add(x => x.PointId, outcome.Id));
        cut.WaitForAssertion(() => Assert.Contains("for ", cut.Find("#loop-nest").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(outcome.Robustness!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), cut.Find("#point-robustness").TextContent, StringComparison.Ordinal);

        var robustness = run.Events.OfType<RobustnessComputed>().Single(r => r.PointId == outcome.Id);
        await using (var db = ctx.Db())
        {
            RunStore.Apply(db.Points.Single(p => p.RunId == runId && p.PointId == outcome.Id), robustness);
            await db.SaveChangesAsync();
        }
        ctx.Services.GetRequiredService<RunEventHub>().Publish(new RunUpdate(
            new RunSummary(runId, "seeded", "running", "unico", 0.5, 1, 100, 1, 3, DateTime.UtcNow, DateTime.UtcNow, null, null), [robustness]));

        cut.WaitForAssertion(() => Assert.Contains(outcome.Robustness!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
            cut.Find("#point-robustness").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
