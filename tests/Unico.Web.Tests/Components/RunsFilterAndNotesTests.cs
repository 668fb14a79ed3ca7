using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Components.Pages.Runs;
using Unico.Web.Data;

namespace Unico.Web.Tests.Components;

/// <summary>The runs list filtered by network and space, runs picked to compare, and notes on a run (issue 16).</summary>
public sealed class RunsFilterAndNotesTests
{
    private static async Task<ComponentTestContext> SeededAsync()
    {
        var ctx = new ComponentTestContext();
        using var db = ctx.Db();
        // "alexnet" is an alias: listed, and filtered, as the network it names.
        foreach (var (name, training, space) in new[] { ("a", "AlexNet", "eyeriss-like"), ("b", "VGG16", "eyeriss-like"), ("c", "alexnet", "simba-like") })
            db.Runs.Add(Seed.Run(Seed.Config() with { Name = name, TrainingWorkloads = [training], Space = space }, RunStatus.Succeeded));
        await db.SaveChangesAsync();
        return ctx;
    }

    private static List<string> Names(IRenderedComponent<RunsPage> cut) =>
        [.. cut.FindAll("#runs-table tbody tr").Select(r => r.QuerySelector("a")!.TextContent.Split(' ')[^1])];

    [Fact]
    public async Task The_runs_list_filters_by_training_network_and_space_from_the_query_string()
    {
        await using var ctx = await SeededAsync();
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        var cut = ctx.Render<RunsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Names(cut).Count));

        nav.NavigateTo("/runs?workload=AlexNet");
        cut.WaitForAssertion(() => Assert.Equal(["c", "a"], Names(cut)));
        Assert.Equal("2 runs shown of 3", cut.Find("#runs-shown").TextContent);

        nav.NavigateTo("/runs?workload=AlexNet&space=eyeriss-like");
        cut.WaitForAssertion(() => Assert.Equal(["a"], Names(cut)));
        Assert.Equal("1 run shown of 3", cut.Find("#runs-shown").TextContent);

        // Choosing in the select writes the query string.
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Design space").Instance.ValueChanged.InvokeAsync("simba-like"));
        Assert.EndsWith("/runs?workload=AlexNet&space=simba-like", nav.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal(["c"], Names(cut)));
    }

    [Fact]
    public async Task Runs_picked_in_the_list_open_together_on_the_compare_page()
    {
        await using var ctx = await SeededAsync();
        var cut = ctx.Render<RunsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Names(cut).Count));
        Assert.Contains("select 2 or more", cut.Find("#compare-selected").TextContent, StringComparison.Ordinal);

        var boxes = cut.FindComponents<MudCheckBox<bool>>();
        await cut.InvokeAsync(() => boxes[0].Instance.ValueChanged.InvokeAsync(true));
        await cut.InvokeAsync(() => boxes[2].Instance.ValueChanged.InvokeAsync(true));

        cut.WaitForAssertion(() => Assert.Contains("Compare 2 selected", cut.Find("#compare-selected").TextContent, StringComparison.Ordinal));
        using var db = ctx.Db();
        var ids = db.Runs.Where(r => r.Name == "a" || r.Name == "c").Select(r => r.Id).OrderBy(i => i).ToList();
        Assert.Equal($"/compare?runs={ids[0]},{ids[1]}", cut.Find("#compare-selected").GetAttribute("href"));
    }

    [Fact]
    public async Task Notes_typed_on_the_run_page_are_stored_with_the_run_and_shown_in_the_list()
    {
        await using var ctx = await SeededAsync();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        long id;
        using (var db = ctx.Db()) id = db.Runs.Single(r => r.Name == "a").Id;

        var page = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#run-notes-text")));
        page.Find("#run-notes-text").Input("  Baseline for the paper's table 3.\nKeep.  ");
        page.Find("#save-notes").Click();

        page.WaitForAssertion(() =>
        {
            using var db = ctx.Db();
            Assert.Equal("Baseline for the paper's table 3.\nKeep.", db.Runs.Single(r => r.Id == id).Notes);
        });
        var list = ctx.Render<RunsPage>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll(".run-notes")));

        // Too long: refused on the field, nothing stored.
        page.Find("#run-notes-text").Input(new string('x', 10_001));
        page.Find("#save-notes").Click();
        page.WaitForAssertion(() => Assert.Contains("at most 10000", page.Find("#run-notes").TextContent, StringComparison.Ordinal));
        using (var db = ctx.Db()) Assert.Equal("Baseline for the paper's table 3.\nKeep.", (await db.Runs.SingleAsync(r => r.Id == id)).Notes);
    }
}
