using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Common;
using Unico.Web.Components.Pages.Help;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Help;

namespace Unico.Web.Tests.Components;

/// <summary>Explanations (issue 16): R, degradation, fidelity, hollow markers and rungs, each linking to docs/method.md.</summary>
public sealed partial class ExplanationsTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Interop = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public void Every_explanation_links_to_a_section_the_method_doc_has()
    {
        var html = HelpDocs.Html("method")!;
        foreach (var (_, href) in new[] { Explain.Robustness, Explain.Degradation, Explain.Fidelity, Explain.Markers, Explain.Rungs })
        {
            Assert.StartsWith("/help/method#", href, StringComparison.Ordinal);
            Assert.Contains($"id=\"{href["/help/method#".Length..]}\"", html, StringComparison.Ordinal);
        }
        // GitHub's anchors: the same as docs/method.md#5-robustness in the repository.
        Assert.Contains("<h2 id=\"5-robustness\">5. Robustness</h2>", html, StringComparison.Ordinal);
        // Links between the docs stay in the app; nothing points at a .md file.
        Assert.Contains("href=\"/help/optimization\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(MdLink(), html);
        Assert.Null(HelpDocs.Html("../README"));
    }

    [Fact]
    public async Task The_help_page_shows_the_doc()
    {
        await using var ctx = new ComponentTestContext();
        var cut = ctx.Render<HelpPage>(p => p.Add(x => x.Name, "method"));
        Assert.Contains("The UNICO loop", cut.Find("#help-doc").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_page_explains_its_terms_and_why_a_low_fidelity_point_of_the_front_has_no_R()
    {
        await using var ctx = new ComponentTestContext();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        long id;
        using (var db = ctx.Db())
        {
            var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
            run.FrontJson = "[0,1]";
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
            var high = Seed.Point(id, 0, 2e6, 3e9, 1.2);
            high.Robustness = 0.8;
            db.Points.AddRange(high, Seed.Point(id, 1, 4e6, 2e9, 1.1, highFidelity: false));
            db.Events.AddRange(
                Seed.Event(id, new RungStarted(0, 1, 0, 0, 0, 10, [0, 1])),
                Seed.Event(id, new RungFinished(1, 1, 100, 0, 0, 10, [0], [1], [])),
                Seed.Event(id, new FrontChanged(2, 1.5, 300, [0, 1], 0.5)));
            await db.SaveChangesAsync();
        }

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/runs/{id}?sel=1");
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#front-low-fidelity")));
        Assert.Contains("1 point of the front is low fidelity (hollow)", cut.Find("#front-low-fidelity").TextContent, StringComparison.Ordinal);
        Assert.Contains("no robustness R", cut.Find("#front-low-fidelity").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("- (no R: low fidelity", cut.Find("#selected-robustness").TextContent, StringComparison.Ordinal);
        // The front chart draws it hollow.
        var plots = ctx.JSInterop.Invocations["unicoCharts.plot"];
        var chart = (FrontChart)plots[^1].Arguments[1]!;
        Assert.Equal(["circle", "circle-open"], chart.Data[FrontPlot.FrontTrace].Marker.Symbol!);
        // Each term's "?" links to its section of the method.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-help=rungs]")));
        foreach (var (term, href) in new[] { ("markers", HelpDocs.Method.Loop), ("fidelity", HelpDocs.Method.Loop), ("R", HelpDocs.Method.Robustness), ("rungs", HelpDocs.Method.Loop) })
            Assert.Equal(href, cut.Find($"[data-help={term}]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_low_fidelity_point_of_the_front_without_R_is_left_out_of_a_chart_with_an_R_axis_instead_of_sending_NaN()
    {
        await using var ctx = new ComponentTestContext();
        ctx.JSInterop.Setup<bool>("unicoCharts.plot", _ => true).SetResult(true);
        ctx.JSInterop.Setup<bool>("unicoCharts.ready", _ => true).SetResult(true);
        long id;
        using (var db = ctx.Db())
        {
            var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
            run.FrontJson = "[0,1]";
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
            var high = Seed.Point(id, 0, 2e6, 3e9, 1.2);
            high.Robustness = 0.8;
            db.Points.AddRange(high, Seed.Point(id, 1, 4e6, 2e9, 1.1, highFidelity: false));
            await db.SaveChangesAsync();
        }

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/runs/{id}?view=3d&z=robustness&sel=1");
        var cut = ctx.Render<RunPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotEmpty(ctx.JSInterop.Invocations["unicoCharts.plot"]));
        var plots = ctx.JSInterop.Invocations["unicoCharts.plot"];
        var chart = (FrontChart)plots[^1].Arguments[1]!;
        // What Blazor's interop does with it: NaN would throw here, and the browser would get no chart.
        var json = System.Text.Json.JsonSerializer.Serialize(chart, Interop);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.Equal([0.8], chart.Data[FrontPlot.FrontTrace].Z!);
        Assert.Empty(chart.Data[2].X); // the selected point has no R: not drawn
        Assert.Contains("1 point of the front is low fidelity", cut.Find("#front-low-fidelity").TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"[^\"]*\\.md[\"#]")]
    private static partial Regex MdLink();
}
