using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Unico.Web.Components.Common;

namespace Unico.Web.Components.Pages.Run;

/// <summary>The view state of the run page that lives in the query string.</summary>
/// <param name="X">X axis: latency, energy, area, edp, robustness.</param>
/// <param name="Y">Y axis.</param>
/// <param name="Z">Z axis (3D).</param>
/// <param name="ThreeD">3D view.</param>
/// <param name="LogX">Log scale on X.</param>
/// <param name="LogY">Log scale on Y.</param>
/// <param name="LogZ">Log scale on Z.</param>
/// <param name="Filter">feasible (every feasible point) or high (high-fidelity only).</param>
public sealed record FrontView(string X, string Y, string Z, bool ThreeD, bool LogX, bool LogY, bool LogZ, string Filter)
{
    /// <summary>Axis keys and labels (the units are the chart's, see <see cref="ChartUnits"/>).</summary>
    public static IReadOnlyList<(string Key, string Label)> Axes { get; } =
    [
        ("latency", "latency"), ("energy", "energy"), ("area", "area"), ("edp", "EDP"), ("robustness", "robustness R"),
    ];

    /// <summary>Label of an axis key.</summary>
    public static string Label(string key) => Axes.FirstOrDefault(a => a.Key == key).Label ?? key;

    /// <summary>A known axis key, else the fallback.</summary>
    public static string Axis(string? key, string fallback) => Axes.Any(a => a.Key == key) ? key! : fallback;

    /// <summary>Default scale of an axis: log for quantities spanning orders of magnitude.</summary>
    public static bool DefaultLog(string key) => key is "latency" or "energy" or "edp";

    /// <summary>Points the front chart shows.</summary>
    public bool Shows(PointRow p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Evaluated && p.Feasible && (Filter != "high" || p.HighFidelity) && Valid(p);
    }

    private bool Valid(PointRow p) => Finite(p.Axis(X)) && Finite(p.Axis(Y)) && (!ThreeD || Finite(p.Axis(Z)));

    private static bool Finite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
}

/// <summary>
/// The units of a run's charts: latency as time at the run's clock, energy in one unit, chosen
/// from the points the chart is drawn with (and kept for the points appended later).
/// </summary>
/// <param name="ClockGhz">The run's clock.</param>
/// <param name="Latency">Time unit of latency.</param>
/// <param name="Energy">Unit of energy.</param>
public sealed record ChartUnits(double ClockGhz, Unit Latency, Unit Energy)
{
    /// <summary>Units for these points at this clock.</summary>
    public static ChartUnits For(IReadOnlyCollection<PointRow> points, double clockGhz)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new ChartUnits(clockGhz, Units.LatencyFor(points.Select(p => p.Latency), clockGhz), Units.EnergyFor(points.Select(p => p.Energy)));
    }

    /// <summary>An axis value in the chart's units: latency in time, energy in the energy unit, EDP in J × s.</summary>
    public double Value(PointRow p, string axis)
    {
        ArgumentNullException.ThrowIfNull(p);
        return axis switch
        {
            "latency" => Latency.Of(Units.Seconds(p.Latency, ClockGhz)),
            "energy" => Energy.Of(p.Energy),
            "edp" => p.Energy * 1e-12 * Units.Seconds(p.Latency, ClockGhz),
            _ => p.Axis(axis),
        };
    }

    /// <summary>An axis title with its unit.</summary>
    public string Title(string axis) => axis switch
    {
        "latency" => $"latency ({Latency.Symbol})",
        "energy" => $"energy ({Energy.Symbol})",
        "area" => "area (mm²)",
        "edp" => "EDP (J × s)",
        _ => FrontView.Label(axis),
    };
}

/// <summary>
/// Builds the run page's front chart for Plotly (drawn by <c>unicoCharts.plot</c>, see
/// wwwroot/js/unico-charts.js) and the payloads that extend it. Hover boxes are a Plotly hover
/// template over each point's custom data (id, batch, objectives, free parameters): a few numbers
/// per point instead of a formatted text, and no second pass over the chart to add them.
/// </summary>
public static class FrontPlot
{
    /// <summary>Trace index of all points (faded).</summary>
    public const int AllTrace = 0;

    /// <summary>Trace index of the front (highlighted).</summary>
    public const int FrontTrace = 1;

    /// <summary>Trace index of the selected point.</summary>
    public const int SelectedTrace = 2;

    /// <summary>
    /// Trace index (2D only) of the faded points' legend entry: the few points at the ends of either
    /// axis, drawn by Plotly over the same points of the canvas, so the axes leave room for the
    /// markers and the legend can hide and show all points.
    /// </summary>
    public const int ExtremesTrace = 3;

    private const string AllColor = "#c5ccd4";
    private const double AllSize = 6;

    // Leading custom-data entries before the parameter values (see CustomData).
    private const int FixedFields = 8;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The hover template matching <see cref="CustomData"/> for these free parameters, in these units.</summary>
    public static string HoverTemplate(IReadOnlyList<string> parameters, ChartUnits units)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(units);
        var b = new StringBuilder("<b>point %{customdata[0]}</b> (batch %{customdata[1]}%{customdata[2]})<br>");
        b.Append(C, $"%{{customdata[3]:.4~g}} {units.Latency.Symbol} (%{{customdata[4]:.3e}} cycles) · %{{customdata[5]:.4~g}} {units.Energy.Symbol} · %{{customdata[6]:.3f}} mm²%{{customdata[7]}}");
        for (var k = 0; k < parameters.Count; k++) b.Append(C, $"<br>{parameters[k]} = %{{customdata[{FixedFields + k}]}}");
        return b.Append("<extra></extra>").ToString();
    }

    /// <summary>
    /// A point's hover data: id, batch, a low-fidelity note, latency (in the latency unit), latency
    /// (cycles), energy (in the energy unit), area (mm²), a robustness note, then the value of each
    /// free parameter.
    /// </summary>
    public static object[] CustomData(PointRow p, IReadOnlyList<string> parameters, ChartUnits units)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(units);
        var data = new object[FixedFields + parameters.Count];
        data[0] = p.Id;
        data[1] = p.Batch;
        data[2] = p.HighFidelity ? "" : ", low fidelity";
        data[3] = Round(units.Value(p, "latency")); // the template shows 4 digits: fewer digits, fewer bytes
        data[4] = p.Latency;
        data[5] = Round(units.Value(p, "energy"));
        data[6] = Math.Round(p.Area, 4);
        data[7] = p.Robustness is { } r ? string.Create(C, $" · R {r:0.000}") : "";
        for (var k = 0; k < parameters.Count; k++) data[FixedFields + k] = p.Parameters.GetValueOrDefault(parameters[k]) ?? "";
        return data;
    }

    /// <summary>
    /// The whole chart for the given points: the traces (all, front, selected; in 2D the all-points
    /// trace is painted by unicoCharts on a canvas and a fourth trace holds the extremes) and the layout.
    /// </summary>
    /// <param name="view">Axes and scales.</param>
    /// <param name="all">Every point shown (faded).</param>
    /// <param name="front">The front.</param>
    /// <param name="selected">The selected point.</param>
    /// <param name="parameters">Free parameters for the hover boxes.</param>
    /// <param name="units">Units of latency and energy.</param>
    /// <param name="hoverAll">False to leave the faded points' hover data out (sent after the drawing).</param>
    public static FrontChart Chart(FrontView view, IReadOnlyList<PointRow> all, IReadOnlyList<PointRow> front, PointRow? selected, IReadOnlyList<string> parameters,
        ChartUnits units, bool hoverAll = true)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(front);
        var template = HoverTemplate(parameters, units);
        var frontTrace = Trace(view, units, front, parameters, template, "Pareto front", "#2f5d8a", 10);
        var traces = new List<FrontTrace>
        {
            Trace(view, units, all, hoverAll ? parameters : null, template, "all points", AllColor, AllSize),
            frontTrace with { Marker = frontTrace.Marker with { Symbol = Symbols(front) } },
            Trace(view, units, selected is null ? [] : [selected], parameters, template, "selected", "#c2185b", 16),
        };
        if (!view.ThreeD)
        {
            // Thousands of faded points: painted on one canvas by unicoCharts (meta "dots"); Plotly keeps
            // the trace, drawing nothing, for the axis ranges, hover and clicks.
            traces[AllTrace] = traces[AllTrace] with { Mode = "none", Hoveron = "points", Meta = "dots", Legendgroup = "all", Showlegend = false };
            traces.Add(Trace(view, units, Extremes(view, all), null, template, "all points", AllColor, AllSize) with { Legendgroup = "all", Hoverinfo = "skip" });
        }
        return new FrontChart(traces, Layout(view, units));
    }

    /// <summary>The points at the ends of the x and y axes (lowest and highest of each, no repeats).</summary>
    public static IReadOnlyList<PointRow> Extremes(FrontView view, IReadOnlyList<PointRow> points)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return [];
        PointRow minX = points[0], maxX = points[0], minY = points[0], maxY = points[0];
        foreach (var p in points)
        {
            if (p.Axis(view.X) < minX.Axis(view.X)) minX = p;
            if (p.Axis(view.X) > maxX.Axis(view.X)) maxX = p;
            if (p.Axis(view.Y) < minY.Axis(view.Y)) minY = p;
            if (p.Axis(view.Y) > maxY.Axis(view.Y)) maxY = p;
        }
        return [.. new[] { minX, maxX, minY, maxY }.DistinctBy(p => p.Id)];
    }

    /// <summary>Layout with the view's axes and scales; 3D gets a taller chart and the whole width for its scene.</summary>
    public static FrontLayout Layout(FrontView view, ChartUnits units)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(units);
        var x = Axis(units.Title(view.X), view.LogX);
        var y = Axis(units.Title(view.Y), view.LogY);
        return view.ThreeD
            ? new FrontLayout(Scene: new FrontScene(x, y, Axis(units.Title(view.Z), view.LogZ)), Uirevision: $"{view.X}-{view.Y}-{view.Z}-3d") { Height = 680, Margin = new FrontMargin(0, 0, 10, 0) }
            : new FrontLayout(Xaxis: x, Yaxis: y, Uirevision: $"{view.X}-{view.Y}");
    }

    /// <summary>
    /// The update object of <c>Plotly.extendTraces</c> / <c>Plotly.restyle</c> for one trace:
    /// <c>{ x: [[...]], y: [[...]], (z), customdata: [[...]] }</c>.
    /// </summary>
    public static Dictionary<string, object> Update(FrontView view, IReadOnlyList<PointRow> points, IReadOnlyList<string> parameters, ChartUnits units)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(units);
        var update = new Dictionary<string, object>
        {
            ["x"] = new[] { points.Select(p => units.Value(p, view.X)).ToArray() },
            ["y"] = new[] { points.Select(p => units.Value(p, view.Y)).ToArray() },
            ["customdata"] = new[] { points.Select(p => CustomData(p, parameters, units)).ToArray() },
        };
        if (view.ThreeD) update["z"] = new[] { points.Select(p => units.Value(p, view.Z)).ToArray() };
        return update;
    }

    /// <summary>Marker symbols of front points: hollow for low fidelity (their costs may still improve).</summary>
    public static string[] Symbols(IReadOnlyList<PointRow> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return [.. points.Select(p => p.HighFidelity ? "circle" : "circle-open")];
    }

    /// <summary>The restyle of the front trace: <see cref="Update"/> and the markers' symbols.</summary>
    public static Dictionary<string, object> FrontUpdate(FrontView view, IReadOnlyList<PointRow> front, IReadOnlyList<string> parameters, ChartUnits units)
    {
        var update = Update(view, front, parameters, units);
        update["marker.symbol"] = new[] { Symbols(front) };
        return update;
    }

    private static double Round(double value) => double.IsFinite(value) && value != 0
        ? Math.Round(value, Math.Clamp(4 - (int)Math.Ceiling(Math.Log10(Math.Abs(value))), 0, 12))
        : value;

    private static FrontAxis Axis(string title, bool log) => new(new FrontTitle(title), log ? "log" : "linear");

    private static FrontTrace Trace(FrontView view, ChartUnits units, IReadOnlyList<PointRow> points, IReadOnlyList<string>? parameters, string template, string name, string color, double size) => new(
        view.ThreeD ? "scatter3d" : "scatter",
        name,
        [.. points.Select(p => units.Value(p, view.X))],
        [.. points.Select(p => units.Value(p, view.Y))],
        view.ThreeD ? [.. points.Select(p => units.Value(p, view.Z))] : null,
        parameters is null ? [] : [.. points.Select(p => CustomData(p, parameters, units))],
        template,
        new FrontMarker(color, view.ThreeD ? size / 2 + 1 : size));
}

// The chart as Plotly takes it; Blazor's interop serializes with camel case, which gives Plotly's lower-case names.
#pragma warning disable CA1819 // arrays are the payload: they go to the browser as they are

/// <summary>The front chart: traces and layout.</summary>
public sealed record FrontChart(IReadOnlyList<FrontTrace> Data, FrontLayout Layout);

/// <summary>One marker trace.</summary>
public sealed record FrontTrace(
    string Type, string Name, double[] X, double[] Y, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Z,
    object[][] Customdata, string Hovertemplate, FrontMarker Marker)
{
    /// <summary>Plotly's drawing mode: markers, or none for points painted by unicoCharts.</summary>
    public string Mode { get; init; } = "markers";

    /// <summary>What hovering reacts to (points, for a trace that draws nothing).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Hoveron { get; init; }

    /// <summary>"skip": the trace takes no hover or clicks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Hoverinfo { get; init; }

    /// <summary>"dots": unicoCharts paints the points.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Meta { get; init; }

    /// <summary>Traces of a group are hidden and shown together from the legend.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Legendgroup { get; init; }

    /// <summary>False to leave the trace out of the legend.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Showlegend { get; init; }
}

/// <summary>Marker colour and size.</summary>
/// <param name="Color">Marker colour.</param>
/// <param name="Size">Marker size, px.</param>
/// <param name="Symbol">Per point: "circle", or "circle-open" for a low-fidelity point on the front.</param>
public sealed record FrontMarker(string Color, double Size, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Symbol = null);

/// <summary>Layout: 2D axes or a 3D scene.</summary>
public sealed record FrontLayout(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FrontAxis? Xaxis = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FrontAxis? Yaxis = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FrontScene? Scene = null,
    string Uirevision = "front")
{
    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Margins.</summary>
    public FrontMargin Margin { get; init; } = new(70, 20, 30, 60);

    /// <summary>Legend shown.</summary>
    public bool Showlegend => true;
}

/// <summary>Chart margins in pixels.</summary>
public sealed record FrontMargin(int L, int R, int T, int B);

/// <summary>A 3D scene's axes.</summary>
public sealed record FrontScene(FrontAxis Xaxis, FrontAxis Yaxis, FrontAxis Zaxis);

/// <summary>An axis: title and type (linear or log); powers of ten written as powers, minor log ticks written out.</summary>
public sealed record FrontAxis(FrontTitle Title, string Type)
{
    /// <summary>Plotly's exponentformat: "power" (never "B" for billions).</summary>
    public string Exponentformat => "power";

    /// <summary>Plotly's minorloglabels: "complete" ("20", "50", not a bare "2", "5").</summary>
    public string Minorloglabels => "complete";

    /// <summary>Room for the tick labels.</summary>
    public bool Automargin => true;
}

/// <summary>An axis title.</summary>
public sealed record FrontTitle(string Text);
#pragma warning restore CA1819
