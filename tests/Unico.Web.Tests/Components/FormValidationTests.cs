using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Unico.Web.Components.Pages.DesignSpaces;
using Unico.Web.Components.Pages.NewRun;
using Unico.Web.Components.Pages.Workloads;

namespace Unico.Web.Tests.Components;

public sealed class FormValidationTests
{
    [Fact]
    public async Task New_run_form_shows_the_engine_message_under_the_budget_field_when_the_budget_is_below_one_rung()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#budget-evaluations").Count > 0);

        cut.Find("#budget-evaluations").Change("100");
        cut.Find("#start-run").Click();

        cut.WaitForAssertion(() => Assert.Contains("below one rung", cut.Find("#form-error").TextContent, StringComparison.Ordinal));
        // In the form's words: the field's label, no JSON path, no line of a JSON text the user never saw.
        Assert.Contains("Mapping evaluations: 100 mapping evaluations are below one rung", cut.Find("#form-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("config:", cut.Find("#form-error").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("budget.mapping_evaluations", cut.Find("#form-error").TextContent, StringComparison.Ordinal);
        var field = cut.Find("#budget-evaluations").Closest(".mud-input-control")!;
        Assert.Contains("below one rung", field.TextContent, StringComparison.Ordinal);
        Assert.Empty(ctx.Jobs.Created);
        using var db = ctx.Db();
        Assert.Equal(0, db.Runs.Count());
    }

    [Fact]
    public async Task New_run_form_requires_a_name_and_a_training_network_before_asking_the_engine()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#run-name").Count > 0);

        cut.Find("#run-name").Change("");
        cut.Find("#start-run").Click();

        cut.WaitForAssertion(() => Assert.Contains("a run needs a name", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Please correct this field, marked in red below", cut.Find("#form-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-input-error", cut.Find("#run-name").Closest(".mud-input-control")!.OuterHtml, StringComparison.Ordinal);
        Assert.Empty(ctx.Jobs.Created);
    }

    [Fact]
    public async Task New_run_form_submits_a_valid_run_stores_it_and_enqueues_its_job()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<NewRunPage>();
        cut.WaitForState(() => cut.FindAll("#run-name").Count > 0);

        cut.Find("#run-name").Change("from-the-form");
        cut.Find("#start-run").Click();

        cut.WaitForAssertion(() => Assert.Single(ctx.Jobs.Created));
        using var db = ctx.Db();
        var run = db.Runs.Single();
        Assert.Equal("from-the-form", run.Name);
        Assert.Equal("queued", run.Status);
        Assert.EndsWith($"/runs/{run.Id}", ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workload_editor_marks_the_row_whose_dimension_is_not_positive_and_saves_nothing()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadEditor>();
        cut.WaitForState(() => cut.FindAll("#layer-0-M").Count > 0);

        cut.Find("#workload-name").Change("tiny-net");
        foreach (var (dim, value) in new[] { ("C", "3"), ("M", "0"), ("R", "3"), ("S", "3"), ("P", "8"), ("Q", "8") })
            cut.Find($"#layer-0-{dim}").Change(value);
        cut.Find("#save-workload").Click();

        cut.WaitForAssertion(() => Assert.Contains("M: must be positive, got 0", cut.Find(".layer-error").TextContent, StringComparison.Ordinal));
        using var db = ctx.Db();
        Assert.Equal(0, db.Workloads.Count());
    }

    [Fact]
    public async Task Workload_editor_reports_and_marks_every_bad_field_of_a_row_not_only_the_first()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadEditor>();
        cut.WaitForState(() => cut.FindAll("#layer-0-M").Count > 0);

        cut.Find("#workload-name").Change("tiny-net");
        foreach (var (dim, value) in new[] { ("C", "-3"), ("M", "8"), ("R", "3"), ("S", "3"), ("P", "0"), ("Q", "8") })
            cut.Find($"#layer-0-{dim}").Change(value);
        cut.Find("#layer-0-repeat").Change("0");
        cut.Find("#save-workload").Click();

        cut.WaitForAssertion(() => Assert.Contains("C: must be positive, got -3", cut.Find(".layer-error").TextContent, StringComparison.Ordinal));
        var text = cut.Find(".layer-error").TextContent;
        Assert.Contains("P: must be positive, got 0", text, StringComparison.Ordinal);
        Assert.Contains("repeat: must be at least 1, got 0", text, StringComparison.Ordinal);
        foreach (var field in new[] { "#layer-0-C", "#layer-0-P", "#layer-0-repeat" })
            Assert.Contains("mud-input-error", cut.Find(field).Closest(".mud-input-control")!.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-input-error", cut.Find("#layer-0-M").Closest(".mud-input-control")!.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("these 3 fields", cut.Find("#workload-error").TextContent, StringComparison.Ordinal);
        using var db = ctx.Db();
        Assert.Equal(0, db.Workloads.Count());
    }

    [Fact]
    public async Task Workload_editor_rejects_duplicate_layer_names_and_built_in_names_then_saves_a_valid_workload()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<WorkloadEditor>();
        cut.WaitForState(() => cut.FindAll("#layer-0-M").Count > 0);
        cut.Find("#add-layer").Click();
        foreach (var row in new[] { 0, 1 })
        {
            cut.Find($"#layer-{row}-name").Change("conv");
            foreach (var (dim, value) in new[] { ("C", "16"), ("M", "32"), ("R", "3"), ("S", "3"), ("P", "8"), ("Q", "8") })
                cut.Find($"#layer-{row}-{dim}").Change(value);
        }
        cut.Find("#workload-name").Change("AlexNet");
        cut.Find("#save-workload").Click();
        cut.WaitForAssertion(() => Assert.Contains("is used by another layer", cut.Markup, StringComparison.Ordinal));

        cut.Find("#layer-1-name").Change("conv_b");
        cut.Find("#save-workload").Click();
        cut.WaitForAssertion(() => Assert.Contains("is a built-in workload", cut.Markup, StringComparison.Ordinal));

        cut.Find("#workload-name").Change("tiny-net");
        cut.Find("#save-workload").Click();
        cut.WaitForAssertion(() =>
        {
            using var db = ctx.Db();
            var saved = db.Workloads.Single();
            Assert.Equal("tiny-net", saved.Name);
            Assert.Equal(2, Engine.Workloads.WorkloadJson.Parse(saved.Json).LayerCount);
        });
    }

    [Fact]
    public async Task Space_editor_shows_the_engine_error_on_the_parameter_row_when_min_exceeds_max()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<SpaceEditor>();
        cut.WaitForState(() => cut.FindAll("tr[data-parameter='pe_rows']").Count > 0);

        var inputs = cut.Find("tr[data-parameter='pe_rows']").QuerySelectorAll("input");
        inputs[1].Change("64"); // min
        inputs[2].Change("16"); // max
        cut.Find("#save-space").Click();

        cut.WaitForAssertion(() => Assert.Contains("pe_rows:", cut.Find(".parameter-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("below min", cut.Find(".parameter-error").TextContent, StringComparison.Ordinal);
        using var db = ctx.Db();
        Assert.Equal(0, db.Spaces.Count());
    }

    [Fact]
    public void A_space_copied_from_a_built_in_says_so_instead_of_taking_its_description()
    {
        var builtIn = Engine.Hardware.BuiltInSpaces.Get("eyeriss-like");

        var copy = SpaceDraft.From(builtIn, "eyeriss-like-custom");
        var edit = SpaceDraft.From(builtIn);

        Assert.Equal("Based on eyeriss-like.", copy.Description);
        Assert.Equal(builtIn.Description, edit.Description);
    }
}
