using Bunit;
using Unico.Web.Comparisons;
using Unico.Web.Components.Pages.Comparisons;
using Unico.Web.Data;

namespace Unico.Web.Tests.Components;

/// <summary>The comparison pages: the form submits a job; a finished comparison shows its report and plot.</summary>
public sealed class ComparisonPagesTests
{
    private static ComponentTestContext Context() => new();

    [Fact]
    public async Task The_form_starts_a_comparison_job_and_reports_a_bad_config_naming_the_field()
    {
        await using var ctx = Context();
        var cut = ctx.Render<ComparisonsPage>();

        cut.Find("#comparison-json").Change(ComparisonsPage.Example.Replace("\"seeds\": [1, 2],", "", StringComparison.Ordinal));
        cut.Find("#start-comparison").Click();
        cut.WaitForAssertion(() => Assert.Contains("'seeds'", cut.Find("#comparison-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(ctx.Jobs.Created);

        cut.Find("#comparison-json").Change(ComparisonsPage.Example);
        cut.Find("#start-comparison").Click();
        cut.WaitForAssertion(() => Assert.Single(ctx.Jobs.Created));
        Assert.Equal(typeof(ComparisonJob), ctx.Jobs.Created[0].Type);
        using var db = ctx.Db();
        var stored = db.Comparisons.Single();
        Assert.Equal((RunStatus.Queued, 4, "my-comparison"), (stored.Status, stored.RunsTotal, stored.Name));
    }

    [Fact]
    public async Task A_finished_comparison_shows_its_report_as_html_with_user_text_escaped_and_its_plot()
    {
        await using var ctx = Context();
        long id;
        using (var db = ctx.Db())
        {
            var c = new ComparisonEntity
            {
                Name = "done", Status = RunStatus.Succeeded, ConfigJson = "{}", ResolvedConfigJson = "{}", CreatedAt = DateTime.UtcNow, RunsDone = 4, RunsTotal = 4,
                ReportMarkdown = "# Comparison: done\n\n| algorithm | final hypervolume |\n|---|---|\n| unico <script>x</script> | 1.2 |\n\n[click](javascript:alert(1))\n",
                PlotSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            };
            db.Comparisons.Add(c);
            await db.SaveChangesAsync();
            id = c.Id;
        }

        var cut = ctx.Render<ComparisonPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#comparison-report table")));
        Assert.Equal("4 of 4 runs done (algorithms x seeds, one after another)", cut.Find("#comparison-progress").TextContent);
        Assert.Equal($"/api/comparisons/{id}/plot", cut.Find("#comparison-plot").GetAttribute("src"));
        var html = cut.Find("#comparison-report").InnerHtml;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("#comparison-report a"));
    }
}
