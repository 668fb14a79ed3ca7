using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Components.Pages.Runs;
using Unico.Web.Data;

namespace Unico.Web.Tests.Components;

/// <summary>A run page says what it shows (issue 16: trust), marks resumed runs and asks before cancelling.</summary>
public sealed class RunContextTests
{
    private static async Task<(ComponentTestContext Ctx, long RunId)> SeededAsync(string status, int resumes = 0)
    {
        var ctx = new ComponentTestContext();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        var config = Engine.CoSearch.CoSearchConfigJson.Parse("""
            { "name": "context", "workloads": { "training": ["ResNet-18", "AlexNet"], "held_out": ["VGG16"] }, "space": "simba-like",
              "objectives": ["latency", "energy"], "caps": { "area_mm2": 12.5 }, "algorithm": "unico",
              "settings": { "initial_points": 4, "batch_size": 3, "b0": 20, "eta": 3, "full_budget": 180 },
              "budget": { "mapping_evaluations": 60000, "seconds": 600 }, "seed": 7, "clock_ghz": 2 }
            """);
        using var db = ctx.Db();
        var run = Seed.Run(config, status);
        run.Resumes = resumes;
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return (ctx, run.Id);
    }

    [Fact]
    public async Task The_run_page_names_the_networks_space_algorithm_objectives_budget_seed_and_clock_it_searched()
    {
        var (ctx, id) = await SeededAsync(RunStatus.Succeeded);
        await using var _ = ctx;

        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#run-context")));
        Assert.Equal("ResNet-18, AlexNet", cut.Find("#run-training").TextContent);
        Assert.Equal("VGG16", cut.Find("#run-held-out").TextContent);
        Assert.Equal("simba-like", cut.Find("#run-space").TextContent);
        Assert.Equal("UNICO · latency, energy · area ≤ 12.5 mm²", cut.Find("#run-algorithm").TextContent);
        Assert.Equal("60,000 mapping evaluations or 10 min 00 s · seed 7 · 2 GHz", cut.Find("#run-budget").TextContent);
        Assert.Contains("B = 180, first rung b0 = 20, eta = 3", cut.Find("#run-settings").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#run-resumed"));
    }

    [Fact]
    public async Task A_resumed_run_says_so_on_its_page_and_in_the_runs_list()
    {
        var (ctx, id) = await SeededAsync(RunStatus.Running, resumes: 2);
        await using var _ = ctx;

        var page = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("resumed 2 times", page.Find("#run-resumed").TextContent.Trim()));

        var list = ctx.Render<RunsPage>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll(".run-resumed")));
    }

    [Fact]
    public async Task Cancel_asks_first_and_keeping_the_run_leaves_it_running()
    {
        var (ctx, id) = await SeededAsync(RunStatus.Running);
        await using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#cancel-run")));

        cut.Find("#cancel-run").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Stop run #{id} now?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep running", StringComparison.Ordinal)).Click();
        await using (var db = ctx.Db())
        {
            var run = await db.Runs.SingleAsync();
            Assert.Equal(RunStatus.Running, run.Status);
            Assert.False(run.CancelRequested);
        }

        cut.Find("#cancel-run").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Stop run #{id} now?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Cancel the run", StringComparison.Ordinal)).Click();
        await WaitAsync(async () =>
        {
            await using var db = ctx.Db();
            return (await db.Runs.SingleAsync()).Status == RunStatus.Cancelled;
        });
    }

    [Fact]
    public async Task Cancel_from_the_runs_list_asks_first()
    {
        var (ctx, id) = await SeededAsync(RunStatus.Running);
        await using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<RunsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[aria-label='cancel run {id}']")));

        cut.Find($"[aria-label='cancel run {id}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Stop run #{id}", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep running", StringComparison.Ordinal)).Click();
        await using var db = ctx.Db();
        Assert.False((await db.Runs.SingleAsync()).CancelRequested);
    }

    internal static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("the condition did not hold within 5 s");
    }
}
