using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Unico.Web.Components.Pages.Run;

namespace Unico.Web.Tests.Components;

public sealed class FrontPlotTests
{
    private static readonly string[] Parameters = ["pe_rows", "glb_kib"];
    private static readonly JsonSerializerOptions Interop = new(JsonSerializerDefaults.Web); // camel case, as Blazor's JS interop
    private static readonly ChartUnits Units = new(2, Unico.Web.Components.Common.Units.Times[1], Unico.Web.Components.Common.Units.Energies[2]); // µs at 2 GHz, µJ

    private static PointRow Point(int id, bool high = true, double? robustness = null, double latency = 1.5e6, double energy = 2.25e9) => new()
    {
        Id = id, Batch = 2, Evaluated = true, Feasible = true, Latency = latency, Energy = energy, Area = 1.23456, HighFidelity = high, Robustness = robustness,
        Parameters = new Dictionary<string, string> { ["pe_rows"] = "16", ["glb_kib"] = "128", ["fixed"] = "x" },
    };

    [Fact]
    public void Every_field_of_the_hover_template_points_at_the_matching_custom_data_entry()
    {
        var template = FrontPlot.HoverTemplate(Parameters, Units);
        var data = FrontPlot.CustomData(Point(7, high: false, robustness: 0.5), Parameters, Units);

        var fields = Regex.Matches(template, @"customdata\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, data.Length), fields.Distinct());
        Assert.Equal(7, data[0]);
        Assert.Equal(2, data[1]);
        Assert.Equal(", low fidelity", data[2]);
        Assert.Equal(750.0, data[3]); // 1.5e6 cycles at 2 GHz: 750 µs
        Assert.Equal(1.5e6, data[4]); // cycles
        Assert.Equal(2250.0, data[5]); // µJ
        Assert.Equal(" · R 0.500", data[7]);
        Assert.Contains("%{customdata[3]:.4~g} µs (%{customdata[4]:.3e} cycles) · %{customdata[5]:.4~g} µJ", template, StringComparison.Ordinal);
        Assert.Matches(@"pe_rows = %\{customdata\[" + Array.IndexOf(data, "16") + @"\]\}", template);
        Assert.Matches(@"glb_kib = %\{customdata\[" + Array.IndexOf(data, "128") + @"\]\}", template);
    }

    private static PointRow At(int id, double latency, double energy) => Point(id, latency: latency, energy: energy);

    [Fact]
    public void The_2d_chart_has_all_points_for_the_canvas_the_front_the_selection_and_the_extremes_on_the_views_axes()
    {
        var view = new FrontView("area", "energy", "latency", false, false, true, true, "feasible");
        var chart = FrontPlot.Chart(view, [Point(1), Point(2), Point(3)], [Point(2)], Point(3), Parameters, Units);

        Assert.Equal(["all points", "Pareto front", "selected", "all points"], chart.Data.Select(t => t.Name));
        Assert.All(chart.Data, t => Assert.Equal("scatter", t.Type));
        Assert.Equal([1.23456, 1.23456, 1.23456], chart.Data[FrontPlot.AllTrace].X);
        Assert.Equal([2], chart.Data[FrontPlot.FrontTrace].Customdata.Select(d => d[0]));
        Assert.Equal("linear", chart.Layout.Xaxis!.Type);
        Assert.Equal("log", chart.Layout.Yaxis!.Type);
        Assert.Equal("energy (µJ)", chart.Layout.Yaxis.Title.Text);
        Assert.Equal([2250.0, 2250.0, 2250.0], chart.Data[FrontPlot.AllTrace].Y);
        Assert.Equal("power", chart.Layout.Yaxis.Exponentformat); // 10^9, never Plotly's "1B"
        Assert.Equal("complete", chart.Layout.Yaxis.Minorloglabels); // "20", "50", not a bare "2", "5"
        Assert.Null(chart.Layout.Scene);
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(chart, Interop));
        var all = doc.RootElement.GetProperty("data")[FrontPlot.AllTrace];
        Assert.False(all.TryGetProperty("z", out _));
        // Painted on a canvas (unico-charts.js): Plotly draws nothing for it but hovers and clicks its points.
        Assert.Equal("dots", all.GetProperty("meta").GetString());
        Assert.Equal("none", all.GetProperty("mode").GetString());
        Assert.Equal("points", all.GetProperty("hoveron").GetString());
        Assert.False(all.GetProperty("showlegend").GetBoolean());
        var extremes = doc.RootElement.GetProperty("data")[FrontPlot.ExtremesTrace];
        Assert.Equal("markers", extremes.GetProperty("mode").GetString());
        Assert.Equal("skip", extremes.GetProperty("hoverinfo").GetString());
        Assert.Equal(all.GetProperty("legendgroup").GetString(), extremes.GetProperty("legendgroup").GetString());
        Assert.False(doc.RootElement.GetProperty("layout").TryGetProperty("scene", out _));
        Assert.False(doc.RootElement.GetProperty("data")[FrontPlot.FrontTrace].TryGetProperty("meta", out _));
    }

    [Fact]
    public void The_extremes_are_the_lowest_and_highest_point_on_each_axis_once_each()
    {
        var view = new FrontView("latency", "energy", "area", false, true, true, false, "feasible");
        PointRow[] points = [At(1, 5, 50), At(2, 1, 40), At(3, 9, 10), At(4, 4, 90), At(5, 6, 30)];

        Assert.Equal([2, 3, 4], FrontPlot.Extremes(view, points).Select(p => p.Id).Order());
        Assert.Equal([7], FrontPlot.Extremes(view, [At(7, 1, 1)]).Select(p => p.Id));
        Assert.Empty(FrontPlot.Extremes(view, []));
    }

    [Fact]
    public void The_3d_view_gives_scatter3d_traces_and_a_scene_and_serializes_with_plotlys_names()
    {
        var view = new FrontView("latency", "energy", "robustness", true, true, true, false, "feasible");
        var chart = FrontPlot.Chart(view, [Point(1, robustness: 0.9)], [], null, Parameters, Units);

        var json = JsonSerializer.Serialize(chart, Interop);
        using var doc = JsonDocument.Parse(json);
        var trace = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter3d", trace.GetProperty("type").GetString());
        Assert.Equal("markers", trace.GetProperty("mode").GetString()); // WebGL: Plotly draws every point itself
        Assert.False(trace.TryGetProperty("meta", out _));
        Assert.Equal(3, doc.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(0.9, trace.GetProperty("z")[0].GetDouble());
        Assert.True(trace.TryGetProperty("customdata", out _));
        Assert.True(trace.TryGetProperty("hovertemplate", out _));
        var layout = doc.RootElement.GetProperty("layout");
        Assert.Equal("robustness R", layout.GetProperty("scene").GetProperty("zaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.TryGetProperty("xaxis", out _));
    }
}
