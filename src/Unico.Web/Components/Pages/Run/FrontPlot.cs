using System.Globalization;
using System.Text;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

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
    /// <summary>Axis keys and labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> Axes { get; } =
    [
        ("latency", "latency (cycles)"), ("energy", "energy (pJ)"), ("area", "area (mm²)"), ("edp", "EDP (J × cycles)"), ("robustness", "robustness R"),
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

/// <summary>Builds the Plotly traces of the run page and the payloads that extend them.</summary>
public static class FrontPlot
{
    /// <summary>Trace index of all points (faded).</summary>
    public const int AllTrace = 0;

    /// <summary>Trace index of the front (highlighted).</summary>
    public const int FrontTrace = 1;

    /// <summary>Trace index of the selected point.</summary>
    public const int SelectedTrace = 2;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Hover text: id, batch, objectives, the free hardware parameters.</summary>
    public static string Hover(PointRow p, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(parameters);
        var b = new StringBuilder();
        b.Append(C, $"<b>point {p.Id}</b> (batch {p.Batch}{(p.HighFidelity ? "" : ", low fidelity")})<br>");
        b.Append(C, $"{p.Latency:0.000e+0} cycles · {p.Energy / 1e6:0.0} uJ · {p.Area:0.000} mm²");
        if (p.Robustness is { } r) b.Append(C, $" · R {r:0.000}");
        foreach (var name in parameters)
        {
            if (p.Parameters.TryGetValue(name, out var value)) b.Append("<br>").Append(name).Append(" = ").Append(value);
        }
        return b.ToString();
    }

    /// <summary>The three traces for the given points (all, front, selected).</summary>
    public static List<ITrace> Traces(FrontView view, IReadOnlyList<PointRow> all, IReadOnlyList<PointRow> front, PointRow? selected, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(front);
        return
        [
            Trace(view, all, parameters, "all points", "#c5ccd4", 1m, 6, withHover: false),
            Trace(view, front, parameters, "Pareto front", "#2f5d8a", 1m, 10),
            Trace(view, selected is null ? [] : [selected], parameters, "selected", "#c2185b", 1m, 16),
        ];
    }

    /// <summary>Layout with the view's axes and scales.</summary>
    public static Plotly.Blazor.Layout Layout(FrontView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var layout = new Plotly.Blazor.Layout
        {
            Height = 480,
            Margin = new Margin { L = 70, R = 20, T = 30, B = 60 },
            UiRevision = "front",
            ShowLegend = true,
        };
        if (view.ThreeD)
        {
            layout.Scene =
            [
                new Scene
                {
                    XAxis = new Plotly.Blazor.LayoutLib.SceneLib.XAxis { Title = new() { Text = FrontView.Label(view.X) }, Type = view.LogX ? Plotly.Blazor.LayoutLib.SceneLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.SceneLib.XAxisLib.TypeEnum.Linear },
                    YAxis = new Plotly.Blazor.LayoutLib.SceneLib.YAxis { Title = new() { Text = FrontView.Label(view.Y) }, Type = view.LogY ? Plotly.Blazor.LayoutLib.SceneLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.SceneLib.YAxisLib.TypeEnum.Linear },
                    ZAxis = new Plotly.Blazor.LayoutLib.SceneLib.ZAxis { Title = new() { Text = FrontView.Label(view.Z) }, Type = view.LogZ ? Plotly.Blazor.LayoutLib.SceneLib.ZAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.SceneLib.ZAxisLib.TypeEnum.Linear },
                },
            ];
        }
        else
        {
            layout.XAxis = [new XAxis { Title = new() { Text = FrontView.Label(view.X) }, Type = view.LogX ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear }];
            layout.YAxis = [new YAxis { Title = new() { Text = FrontView.Label(view.Y) }, Type = view.LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear }];
        }
        return layout;
    }

    /// <summary>
    /// The update object of <c>Plotly.extendTraces</c> / <c>Plotly.restyle</c> for one trace:
    /// <c>{ x: [[...]], y: [[...]], (z), hovertext: [[...]] }</c>.
    /// </summary>
    /// <param name="view">Axes.</param>
    /// <param name="points">Points to send.</param>
    /// <param name="parameters">Parameters for the hover texts, or null to leave hover texts out.</param>
    public static Dictionary<string, object> Update(FrontView view, IReadOnlyList<PointRow> points, IReadOnlyList<string>? parameters)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(points);
        var update = new Dictionary<string, object>
        {
            ["x"] = new[] { points.Select(p => p.Axis(view.X)).ToArray() },
            ["y"] = new[] { points.Select(p => p.Axis(view.Y)).ToArray() },
        };
        if (parameters is not null) update["hovertext"] = new[] { points.Select(p => Hover(p, parameters)).ToArray() };
        if (view.ThreeD) update["z"] = new[] { points.Select(p => p.Axis(view.Z)).ToArray() };
        return update;
    }

    /// <summary>The hover texts of points, as a restyle update of one trace.</summary>
    public static Dictionary<string, object> HoverUpdate(IReadOnlyList<PointRow> points, IReadOnlyList<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new Dictionary<string, object> { ["hovertext"] = new[] { points.Select(p => Hover(p, parameters)).ToArray() } };
    }

    // The faded trace of every point is drawn without hover texts (they are most of the bytes); the
    // page sends them right after the first paint (see RunPage), so thousands of points show at once.
    private static ITrace Trace(FrontView view, IReadOnlyList<PointRow> points, IReadOnlyList<string> parameters, string name, string color, decimal opacity, decimal size,
        bool withHover = true)
    {
        var xs = points.Select(p => (object)p.Axis(view.X)).ToList();
        var ys = points.Select(p => (object)p.Axis(view.Y)).ToList();
        var hover = withHover ? points.Select(p => Hover(p, parameters)).ToList() : [.. points.Select(_ => "")];
        if (view.ThreeD)
        {
            return new Scatter3D
            {
                Name = name, X = xs, Y = ys, Z = points.Select(p => (object)p.Axis(view.Z)).ToList(), HoverTextArray = hover,
                HoverTemplate = "%{hovertext}<extra></extra>", Mode = Plotly.Blazor.Traces.Scatter3DLib.ModeFlag.Markers,
                Marker = new Plotly.Blazor.Traces.Scatter3DLib.Marker { Color = color, Opacity = opacity, Size = size / 2 + 1 },
            };
        }
        return new Scatter
        {
            Name = name, X = xs, Y = ys, HoverTextArray = hover, HoverTemplate = "%{hovertext}<extra></extra>",
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = color, Opacity = opacity, Size = size },
        };
    }
}
