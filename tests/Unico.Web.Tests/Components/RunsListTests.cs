using System.Globalization;
using Bunit;
using Unico.Engine.CoSearch;
using Unico.Web.Components.Pages.Runs;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

/// <summary>The runs list shows hypervolume on a stated common scale (issue 16: trust).</summary>
public sealed class RunsListTests
{
    [Fact]
    public async Task Hypervolume_is_shown_on_the_common_scale_of_the_runs_of_the_same_networks_and_objectives()
    {
        await using var ctx = new ComponentTestContext();
        var runs = new List<(RunEntity Run, List<PointEntity> Points)>();
        await using (var db = ctx.Db())
        {
            foreach (var (name, training, ownHv, factor) in new[] { ("random", "AlexNet", 1.15, 1.0), ("unico", "AlexNet", 3.5, 0.6), ("other", "VGG16", 2.0, 1.0) })
            {
                var run = Seed.Run(Seed.Config() with { Name = name, TrainingWorkloads = [training] }, RunStatus.Succeeded);
                run.Hypervolume = ownHv;
                db.Runs.Add(run);
                await db.SaveChangesAsync();
                var points = new List<PointEntity> { Seed.Point(run.Id, 0, 4e6 * factor, 4e9, 2), Seed.Point(run.Id, 1, 3e6, 6e9 * factor, 2.5 * factor) };
                db.Points.AddRange(points);
                await db.SaveChangesAsync();
                runs.Add((run, points));
            }
        }

        var cut = ctx.Render<RunsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#runs-table tbody tr").Count));

        static List<ScoredPoint> Scored(List<PointEntity> points) => [.. points.Select(p => new ScoredPoint(RunStore.Objectives(p), true, 0, 0))];
        var alexNet = CommonScale.Bounds([Scored(runs[0].Points), Scored(runs[1].Points)])!;
        var expected = new Dictionary<string, double>
        {
            ["random"] = CommonScale.Final(Scored(runs[0].Points), alexNet),
            ["unico"] = CommonScale.Final(Scored(runs[1].Points), alexNet),
            ["other"] = CommonScale.Final(Scored(runs[2].Points), CommonScale.Bounds([Scored(runs[2].Points)])!),
        };
        Assert.True(expected["unico"] > expected["random"]);
        Assert.Contains("common scale", cut.Find("#runs-table thead").TextContent, StringComparison.Ordinal);
        foreach (var row in cut.FindAll("#runs-table tbody tr"))
        {
            var name = expected.Keys.Single(k => row.QuerySelector("a")!.TextContent.EndsWith(" " + k, StringComparison.Ordinal));
            var shown = row.QuerySelector(".common-hypervolume span")!.TextContent.Trim();
            Assert.Equal(expected[name].ToString("0.####", CultureInfo.InvariantCulture), shown);
        }
        Assert.DoesNotContain(cut.FindAll("#runs-table tbody tr .common-hypervolume"), c => c.TextContent.Contains("3.5", StringComparison.Ordinal));
    }
}
