using System.Globalization;
using System.Text;

namespace Unico.Engine.CoSearch;

/// <summary>What a hypervolume curve is plotted against.</summary>
public enum CurveAxis
{
    /// <summary>Mapping evaluations spent.</summary>
    MappingEvaluations,

    /// <summary>Wall-clock seconds.</summary>
    Seconds,
}

/// <summary>One line of a hypervolume plot: a contestant and its per-seed curves of (x, hypervolume), x increasing.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Curves">One curve per seed.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<IReadOnlyList<(double X, double Y)>> Curves)
{
    /// <summary>A contestant's hypervolume curves against evaluations or seconds, x and y divided by the given scales.</summary>
    public static PlotSeries Of(string name, IEnumerable<IReadOnlyList<HypervolumePoint>> curves, CurveAxis axis, double xScale = 1, double yScale = 1) =>
        new(name, [.. curves.Select(c => (IReadOnlyList<(double, double)>)[.. c.Select(p => ((axis == CurveAxis.Seconds ? p.Seconds : p.MappingEvaluations) / xScale, p.Hypervolume / yScale))])]);
}

/// <summary>
/// SVG plots of hypervolume against mapping evaluations or seconds: per contestant, the median over
/// seeds of each seed's best hypervolume so far, on a common grid, with a dashed target line.
/// </summary>
public static class HypervolumePlot
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"];

    /// <summary>The plot of hypervolume against evaluations or seconds as SVG text.</summary>
    /// <param name="series">The lines.</param>
    /// <param name="axis">The x axis.</param>
    /// <param name="target">Height of the dashed target line (HASCO's median final hypervolume), or null.</param>
    /// <param name="title">Optional title above the plot.</param>
    public static string Svg(IReadOnlyList<PlotSeries> series, CurveAxis axis, double? target, string? title = null) =>
        Svg(series, axis == CurveAxis.Seconds ? "wall-clock seconds" : "mapping evaluations", "hypervolume (median over seeds)",
            x => Tick(x, axis), target, title);

    /// <summary>The plot as SVG text, with any axes.</summary>
    /// <param name="series">The lines.</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="yLabel">Label of the y axis.</param>
    /// <param name="tick">Text of an x tick.</param>
    /// <param name="target">Height of the dashed target line, or null.</param>
    /// <param name="title">Optional title above the plot.</param>
    public static string Svg(IReadOnlyList<PlotSeries> series, string xLabel, string yLabel, Func<double, string> tick, double? target, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(tick);
        ArgumentNullException.ThrowIfNull(series);
        const int width = 720, height = 420, left = 70, right = 190, bottom = 50;
        var top = title is null ? 20 : 36;
        var curves = series.SelectMany(s => s.Curves).Where(c => c.Count > 0).ToList();
        var maxX = Math.Max(curves.Count == 0 ? 1 : curves.Max(c => c[^1].X), 1e-9);
        var maxY = Math.Max(Math.Max(curves.Count == 0 ? 0 : curves.Max(c => c.Max(p => p.Y)), target ?? 0), 1e-9);
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        if (title is not null) svg.Append(c, $"<text x=\"{(left + width - right) / 2}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{Escape(title)}</text>\n");
        double Px(double x) => left + (width - left - right) * x / maxX;
        double Py(double v) => height - bottom - (height - top - bottom) * v / maxY;
        svg.Append(c, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(c, $"<text x=\"16\" y=\"{(top + height - bottom) / 2}\" transform=\"rotate(-90 16 {(top + height - bottom) / 2})\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        for (var t = 0; t <= 4; t++)
        {
            var x = maxX * t / 4.0;
            var v = maxY * t / 4.0;
            svg.Append(c, $"<line x1=\"{Px(x):F1}\" y1=\"{height - bottom}\" x2=\"{Px(x):F1}\" y2=\"{height - bottom + 5}\" stroke=\"black\"/>\n");
            svg.Append(c, $"<text x=\"{Px(x):F1}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{Escape(tick(x))}</text>\n");
            svg.Append(c, $"<line x1=\"{left - 5}\" y1=\"{Py(v):F1}\" x2=\"{left}\" y2=\"{Py(v):F1}\" stroke=\"black\"/>\n");
            svg.Append(c, $"<text x=\"{left - 8}\" y=\"{Py(v) + 4:F1}\" text-anchor=\"end\">{v.ToString("0.00", c)}</text>\n");
        }
        var grid = Enumerable.Range(0, 101).Select(i => maxX * i / 100.0).ToList();
        for (var line = 0; line < series.Count; line++)
        {
            var color = Colors[line % Colors.Length];
            var median = grid.Select(x => Statistics.Median(series[line].Curves.Select(curve => At(curve, x)))).ToList();
            var points = string.Join(" ", grid.Select((x, i) => $"{Px(x).ToString("F1", c)},{Py(median[i]).ToString("F1", c)}"));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            svg.Append(c, $"<rect x=\"{width - right + 15}\" y=\"{top + 18 * line}\" width=\"12\" height=\"12\" fill=\"{color}\"/>\n");
            svg.Append(c, $"<text x=\"{width - right + 32}\" y=\"{top + 18 * line + 10}\">{Escape(series[line].Name)}</text>\n");
        }
        if (target is { } goal)
        {
            var y = Py(goal).ToString("F1", c);
            svg.Append(c, $"<line x1=\"{left}\" y1=\"{y}\" x2=\"{width - right}\" y2=\"{y}\" stroke=\"gray\" stroke-dasharray=\"4 4\"/>\n");
            svg.Append(c, $"<text x=\"{width - right - 4}\" y=\"{Py(goal) - 4:F1}\" text-anchor=\"end\" fill=\"gray\">HASCO final (median)</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    // A curve's value once x was spent (0 before its first point).
    private static double At(IReadOnlyList<(double X, double Y)> curve, double x)
    {
        var value = 0.0;
        foreach (var p in curve)
        {
            if (p.X > x) break;
            value = p.Y;
        }
        return value;
    }

    private static string Tick(double x, CurveAxis axis)
    {
        var c = CultureInfo.InvariantCulture;
        if (axis == CurveAxis.Seconds) return x.ToString(x >= 10 ? "0" : "0.#", c);
        return x >= 1e6 ? (x / 1e6).ToString("0.#", c) + "M" : (x / 1e3).ToString("0", c) + "k";
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
