using Unico.Web.Components.Pages.Run;

namespace Unico.Web.Tests.Components;

/// <summary>The run page's permalink: the view state read from and written to the query string.</summary>
public sealed class RunPageQueryTests
{
    private static RunPageQuery Read(Dictionary<string, object?> q) => RunPageQuery.Read(
        (string?)q["x"], (string?)q["y"], (string?)q["z"], (string?)q["view"], (bool?)q["logx"], (bool?)q["logy"], (bool?)q["logz"],
        (string?)q["filter"], (int?)q["sel"], (string?)q["rob"], (string?)q["search"], (string?)q["rows"]);

    [Fact]
    public void The_default_view_leaves_every_value_out_of_the_link()
    {
        Assert.All(RunPageQuery.Default.ToQuery(), kv => Assert.Null(kv.Value));
        Assert.Equal(new FrontView("latency", "energy", "area", false, true, true, false, "feasible"), RunPageQuery.Default.Front);
    }

    [Fact]
    public void A_view_written_to_the_link_reads_back_the_same()
    {
        var view = RunPageQuery.Default.WithX("area").WithY("edp") with { Selected = 7, RobustnessAxis = "energy", Rows = "front", Search = "row_stationary" };
        view = view with { Front = view.Front with { ThreeD = true, LogZ = true, Filter = "high" } };

        var query = view.ToQuery();

        Assert.Equal(("area", "edp", "3d", "high", 7, "energy", "front", "row_stationary"),
            (query["x"], query["y"], query["view"], query["filter"], query["sel"], query["rob"], query["rows"], query["search"]));
        Assert.Null(query["logx"]); // area's default scale is linear, and so is the view's
        Assert.Equal(true, query["logz"]);
        Assert.Equal(view, Read(query));
    }

    [Fact]
    public void Another_axis_takes_its_own_default_scale_and_unknown_values_fall_back_to_the_defaults()
    {
        var linear = RunPageQuery.Default with { Front = RunPageQuery.Default.Front with { LogX = false } };
        Assert.Equal(false, linear.ToQuery()["logx"]);
        Assert.True(linear.WithX("edp").Front.LogX);
        Assert.False(linear.WithX("area").Front.LogX);

        var odd = RunPageQuery.Read("volume", null, null, "4d", null, null, null, "all", null, "robustness", "  ", "some");
        Assert.Equal(RunPageQuery.Default with { Search = "  " }, odd);
        Assert.Null(odd.ToQuery()["search"]);
    }
}
