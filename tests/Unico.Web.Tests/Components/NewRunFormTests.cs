using System.Reflection;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;
using Unico.Web.Components.Pages.NewRun;
using Unico.Web.Data;

namespace Unico.Web.Tests.Components;

/// <summary>The new-run form edits a run config and writes it with the engine's writer (issue 16: forms, clone).</summary>
public sealed class NewRunFormTests
{
    // Every setting away from its default, so a setting the form dropped or reset shows.
    private static CoSearchConfig Unusual() => new(
        "ablation", ["ResNet-18", "AlexNet"], ["VGG16"], "simba-like",
        [CoSearchObjective.Energy, CoSearchObjective.Latency], new CoSearchCaps(12.5, 3.25), CoSearchAlgorithm.Unico,
        new CoSearchSettings(InitialPoints: 5, BatchSize: 3, InitialBudget: 40, Eta: 4, FullBudget: 640, AdaptivePromotion: false,
            PlateauWindow: 7, PlateauEpsilon: 0.2, Ranking: RungRanking.Scalar, Robustness: RobustnessUse.Penalty, RobustnessQuantile: 0.7,
            RobustnessPenalty: 2.5, Surrogate: SurrogateFidelity.All, Acquisition: CoSearchAcquisition.Qparego, Schedule: HalvingSchedule.Fixed, Promotion: PromotionScope.Point,
            FeasibilityFilter: false, OptimizerCost: OptimizerCost.Full, RobustnessMeasure: RobustnessMeasure.Rank, WarmStart: false),
        new CoSearchBudget(123_456, 789, 12), new MapperOptions(MappingStrategy.RandomPruned, MappingObjective.Energy), Seed: 42, ClockGhz: 2, Threads: 3);

    [Fact]
    public void Every_setting_of_the_test_config_differs_from_its_default()
    {
        var defaults = new CoSearchSettings();
        var config = Unusual();
        foreach (var property in typeof(CoSearchSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.False(Equals(property.GetValue(defaults), property.GetValue(config.Settings)), $"settings.{property.Name} is at its default: the round trip would not see it dropped");
        Assert.NotEqual(1UL, config.Seed);
        Assert.NotEqual(1.0, config.ClockGhz);
        Assert.NotNull(config.Threads);
    }

    [Fact]
    public void A_clone_writes_back_every_setting_of_the_run_it_was_made_from()
    {
        var original = Unusual();

        var json = NewRunForm.From(original).ToJson();

        var parsed = CoSearchConfigJson.Parse(json);
        Assert.Equal(CoSearchConfigJson.Write(original with { Name = "ablation-copy" }), CoSearchConfigJson.Write(parsed));
        Assert.Equal([CoSearchObjective.Energy, CoSearchObjective.Latency], parsed.Objectives); // order kept
    }

    [Fact]
    public void The_form_of_a_new_run_writes_the_engines_defaults()
    {
        var parsed = CoSearchConfigJson.Parse(new NewRunForm().ToJson());

        Assert.Equal(new CoSearchSettings(), parsed.Settings);
        Assert.Equal(1.0, parsed.ClockGhz);
    }

    [Fact]
    public async Task The_clone_page_shows_and_resubmits_every_setting_and_an_alias_as_the_listed_name()
    {
        await using var ctx = new ComponentTestContext();
        var original = Unusual() with { TrainingWorkloads = ["resnet18", "AlexNet"] };
        long id;
        await using (var db = ctx.Db())
        {
            var run = Seed.Run(original, RunStatus.Succeeded);
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
        }
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/runs/new?clone={id}");

        var cut = ctx.Render<NewRunPage>();
        cut.WaitForAssertion(() => Assert.Contains("ResNet-18", cut.Find("#training").Closest(".mud-input-control")!.InnerHtml, StringComparison.Ordinal));
        Assert.DoesNotContain("resnet18", cut.Find("#training").Closest(".mud-input-control")!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal("7", cut.Find("#plateau-window").GetAttribute("value"));
        Assert.Equal("2", cut.Find("#clock").GetAttribute("value"));
        Assert.Equal("3", cut.Find("#threads").GetAttribute("value"));
        cut.Find("#start-run").Click();

        cut.WaitForAssertion(() => Assert.Single(ctx.Jobs.Created));
        await using var check = ctx.Db();
        var clone = check.Runs.OrderBy(r => r.Id).Last();
        var expected = original with { Name = "ablation-copy", TrainingWorkloads = ["ResNet-18", "AlexNet"] };
        Assert.Equal(CoSearchConfigJson.Write(expected), clone.ConfigJson);
    }

    [Fact]
    public async Task Every_invalid_field_is_marked_and_listed_in_the_forms_words_at_once()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#run-name").Count > 0);

        cut.Find("#run-name").Change("");
        cut.Find("#b0").Change("500");
        cut.Find("#full-budget").Change("100");
        cut.Find("#robustness-quantile").Change("1.5");
        cut.Find("#start-run").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#form-error li").Count));
        var listed = cut.FindAll("#form-error li").Select(l => l.TextContent).ToList();
        Assert.Contains("Run name: a run needs a name", listed);
        Assert.Contains("First rung b0: the first rung's budget (500) exceeds the full budget B (100)", listed);
        Assert.Contains("Robust quantile: must be between 0 and 1", listed);
        foreach (var field in new[] { "#run-name", "#b0", "#robustness-quantile" })
            Assert.Contains("mud-input-error", cut.Find(field).Closest(".mud-input-control")!.OuterHtml, StringComparison.Ordinal);
        Assert.Empty(ctx.Jobs.Created);
    }

    [Fact]
    public async Task Settings_of_successive_halving_are_disabled_for_the_baselines()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#b0").Count > 0);
        Assert.False(cut.Find("#b0").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<CoSearchAlgorithm>>().Single().Instance.SelectOption(CoSearchAlgorithm.Random));

        cut.WaitForAssertion(() => Assert.True(cut.Find("#b0").HasAttribute("disabled")));
        foreach (var field in new[] { "#eta", "#plateau-window", "#plateau-epsilon" }) Assert.True(cut.Find(field).HasAttribute("disabled"), field);
        Assert.False(cut.Find("#full-budget").HasAttribute("disabled"));
        Assert.False(cut.Find("#batch-size").HasAttribute("disabled"));
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<CoSearchAlgorithm>>().Single().Instance.SelectOption(CoSearchAlgorithm.Hasco));
        cut.WaitForAssertion(() => Assert.True(cut.Find("#batch-size").HasAttribute("disabled")));
    }
}
