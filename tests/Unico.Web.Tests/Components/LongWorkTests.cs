using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Components.Pages.NewRun;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

/// <summary>Long work (issue 16): time left from measured rates, and a warning for a budget of hours.</summary>
public sealed class LongWorkTests
{
    [Fact]
    public async Task The_new_run_form_estimates_the_budgets_duration_and_warns_beyond_an_hour()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#budget-evaluations").Count > 0);

        // The default budget, at the assumed rate: minutes, no warning.
        Assert.Equal("false", cut.Find("#budget-estimate").GetAttribute("data-long"));
        Assert.Contains("Estimated duration: about 5 min 33 s at an assumed 1,800 mapping evaluations/s", cut.Find("#budget-estimate").TextContent, StringComparison.Ordinal);

        cut.Find("#budget-evaluations").Change("1000000000000000");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#budget-estimate").GetAttribute("data-long")));
        Assert.Contains("That is over an hour", cut.Find("#budget-estimate").TextContent, StringComparison.Ordinal);
        Assert.Contains("years", cut.Find("#budget-estimate").TextContent, StringComparison.Ordinal);

        // Starting it anyway is refused on the field, with the server's limit named.
        cut.Find("#start-run").Click();
        cut.WaitForAssertion(() => Assert.Contains("Mapping evaluations: 1000000000000000 is beyond this server's limit", cut.Find("#form-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(ctx.Jobs.Created);

        // A time limit bounds the estimate.
        cut.Find("#budget-seconds").Change("600");
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("#budget-estimate").GetAttribute("data-long")));
    }

    [Fact]
    public async Task The_estimate_uses_the_rate_this_servers_runs_measured()
    {
        await using var ctx = new ComponentTestContext();
        using (var db = ctx.Db())
        {
            var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
            run.MappingEvaluations = 1_000_000;
            run.ElapsedSeconds = 10;
            db.Runs.Add(run);
            await db.SaveChangesAsync();
        }
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#budget-evaluations").Count > 0);

        Assert.Contains("about 6.0 s at 100,000 mapping evaluations/s, as this server's recent runs measured", cut.Find("#budget-estimate").TextContent, StringComparison.Ordinal);
        cut.Find("#budget-evaluations").Change("1000000000");
        cut.WaitForAssertion(() => Assert.Contains("about 2 h 46 min", cut.Find("#budget-estimate").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_recorder_stores_the_estimators_time_left_and_the_run_page_shows_it()
    {
        await using var ctx = new ComponentTestContext();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        var config = Seed.Config(budget: 220_000) with { Algorithm = CoSearchAlgorithm.Random };
        var id = await Seed.StoreRunAsync(ctx, config, RunStatus.Running);

        // Batches of 2 points x 10 layers x 1,000 evaluations at 20,000/s; the optimizer takes k s for batch k.
        var settings = config with { Settings = config.Settings with { InitialPoints = 2, BatchSize = 2, FullBudget = 1000 } };
        var recorder = new RunRecorder(id, settings, ctx.Services.GetRequiredService<IDbContextFactory<UnicoDbContext>>(),
            ctx.Services.GetRequiredService<RunEventHub>(), () => false, TimeSpan.FromMilliseconds(10))
        {
            Estimator = new RunTimeEstimator(settings, distinctLayers: 10),
        };
        long seq = 0, spent = 0;
        var t = 0.0;
        recorder.Publish(new RunStarted(seq++, t, 0, CoSearchAlgorithm.Random, [CoSearchObjective.Latency], false));
        for (var batch = 0; batch <= 3; batch++)
        {
            t += batch;
            recorder.Publish(new HardwarePointProposed(seq++, t, spent, batch, batch, new Dictionary<string, ParameterValue> { ["pe_rows"] = ParameterValue.Of(8) }));
            t += 1;
            spent += 20_000;
            recorder.Publish(new HardwarePointEvaluated(seq++, t, spent, batch, [1, 1, 1], 1, 1, 1, true, 1000, true));
        }
        await recorder.CompleteAsync();
        Assert.Null(recorder.WriterError);

        using (var db = ctx.Db())
        {
            // Batches 4..10 left: 4 + 5 + ... + 10 s proposing and 7 s evaluating.
            Assert.Equal(56, (await db.Runs.SingleAsync(r => r.Id == id)).SecondsLeft!.Value, 6);
        }
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.Equal("about 56.0 s left", cut.Find("#run-time-left").TextContent));
    }
}
