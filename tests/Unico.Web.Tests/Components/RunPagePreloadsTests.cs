using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

public sealed class RunPagePreloadsTests
{
    private static async Task<long> SeedRunAsync(ComponentTestContext ctx)
    {
        using var db = ctx.Db();
        var run = Seed.Run(Seed.Config(), RunStatus.Running);
        run.PointCount = 2;
        run.FrontJson = "[0,1]";
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        db.Points.AddRange(Seed.Point(run.Id, 0, 2e6, 3e9, 1.2), Seed.Point(run.Id, 1, 4e6, 2e9, 1.1));
        db.Events.AddRange(
            Seed.Event(run.Id, new HardwarePointEvaluated(0, 1, 100, 0, [], 2e6, 3e9, 1.2, true, 30, true)),
            Seed.Event(run.Id, new HardwarePointEvaluated(1, 1, 200, 1, [], 4e6, 2e9, 1.1, true, 30, true)),
            Seed.Event(run.Id, new FrontChanged(2, 1.5, 200, [0, 1], 0.5)));
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static RunUpdate Update(long runId) =>
        new(new RunSummary(runId, "seeded", "running", "unico", 0.5, 0.7, 300, 2, 3, DateTime.UtcNow, DateTime.UtcNow, null, null),
            [new HardwarePointEvaluated(3, 2, 300, 2, [], 3e6, 2.5e9, 1.0, true, 30, true)]);

    private static RunPagePreloads Preloads(ComponentTestContext ctx, TimeProvider? time = null) =>
        new(ctx.Services.GetRequiredService<RunStore>(), ctx.Services.GetRequiredService<RunEventHub>(), time ?? TimeProvider.System);

    [Fact]
    public async Task A_preload_hands_over_the_loaded_run_and_the_updates_published_since_it_started()
    {
        await using var ctx = new ComponentTestContext();
        var runId = await SeedRunAsync(ctx);
        var hub = ctx.Services.GetRequiredService<RunEventHub>();
        var preloads = Preloads(ctx);

        Assert.NotNull(await preloads.Start(runId));
        hub.Publish(Update(runId)); // between the prerender and the page connecting
        var preload = preloads.Take(runId);

        Assert.NotNull(preload);
        Assert.Equal(0, preloads.Waiting);
        Assert.Null(preloads.Take(runId)); // one page takes it
        var data = await preload.Data;
        Assert.NotNull(data);
        Assert.Equal(new[] { 0, 1 }, data.View.EvaluationOrder);
        Assert.Contains("pe_rows", data.FreeParameters);
        var update = Assert.Single(preload.Updates);
        Assert.Equal(3, update.Summary.Points);
        using (var subscription = preload.TakeSubscription())
        {
            Assert.NotNull(subscription);
            Assert.Equal(1, hub.Subscribers(runId));
        }
        Assert.Equal(0, hub.Subscribers(runId));
    }

    [Fact]
    public async Task An_unknown_run_preloads_as_not_found_and_frees_its_slot()
    {
        await using var ctx = new ComponentTestContext();
        var hub = ctx.Services.GetRequiredService<RunEventHub>();
        var preloads = Preloads(ctx);

        Assert.Null(await preloads.Start(404));

        Assert.True(SpinWait.SpinUntil(() => preloads.Waiting == 0 && hub.Subscribers(404) == 0, TimeSpan.FromSeconds(10)));
        Assert.Null(preloads.Take(404));
    }

    [Fact]
    public async Task A_preload_no_page_takes_is_dropped_after_its_lifetime_with_its_subscription()
    {
        await using var ctx = new ComponentTestContext();
        var runId = await SeedRunAsync(ctx);
        var hub = ctx.Services.GetRequiredService<RunEventHub>();
        var time = new FakeTimeProvider();
        var preloads = Preloads(ctx, time);

        await preloads.Start(runId);
        Assert.Equal(1, hub.Subscribers(runId));
        time.Advance(RunPagePreloads.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(1, preloads.Waiting);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(SpinWait.SpinUntil(() => preloads.Waiting == 0 && hub.Subscribers(runId) == 0, TimeSpan.FromSeconds(10)));
        Assert.Null(preloads.Take(runId));
    }

    [Fact]
    public async Task Beyond_the_capacity_runs_are_not_preloaded()
    {
        await using var ctx = new ComponentTestContext();
        var preloads = Preloads(ctx);
        var runs = new List<long>();
        for (var k = 0; k < RunPagePreloads.Capacity + 2; k++) runs.Add(await SeedRunAsync(ctx));

        foreach (var id in runs) Assert.NotNull(await preloads.Start(id));

        Assert.Equal(RunPagePreloads.Capacity, preloads.Waiting);
        Assert.Null(preloads.Take(runs[^1]));
        foreach (var id in runs.Take(RunPagePreloads.Capacity)) preloads.Take(id)!.Dispose();
    }

    [Fact]
    public async Task The_run_page_takes_over_the_preload_with_the_updates_published_before_it_connected()
    {
        await using var ctx = new ComponentTestContext();
        var runId = await SeedRunAsync(ctx);
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        var hub = ctx.Services.GetRequiredService<RunEventHub>();
        var preloads = ctx.Services.GetRequiredService<RunPagePreloads>();
        await preloads.Start(runId); // as the prerendering page does
        hub.Publish(Update(runId));

        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, runId));
        cut.WaitForElement("#run-points"); // loaded (the preload's data awaited)
        await cut.InvokeAsync(cut.Instance.FlushAsync); // the queued update, as the page's timer would apply it

        Assert.Equal(0, preloads.Waiting);
        Assert.Equal(1, hub.Subscribers(runId)); // the preload's subscription, now the page's
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("#run-points").TextContent.Trim()));
        await cut.Instance.DisposeAsync();
        Assert.Equal(0, hub.Subscribers(runId));
    }
}
