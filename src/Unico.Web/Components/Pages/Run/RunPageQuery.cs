namespace Unico.Web.Components.Pages.Run;

/// <summary>
/// The run page's view state, as its permalink keeps it in the query string: the front chart's
/// axes, scales and filter, the selected point, the robustness chart's axis and the table's rows
/// and search. Defaults are left out of the link, so links stay short; a link read back gives the
/// same view.
/// </summary>
/// <param name="Front">Axes, scales and filter of the front chart.</param>
/// <param name="Selected">The selected point, or null.</param>
/// <param name="RobustnessAxis">What the robustness chart plots R against (any axis but robustness).</param>
/// <param name="Rows">Table rows: <c>all</c>, <c>front</c>, <c>high</c> (fidelity) or <c>infeasible</c>.</param>
/// <param name="Search">Table search text.</param>
public sealed record RunPageQuery(FrontView Front, int? Selected, string RobustnessAxis, string Rows, string Search)
{
    /// <summary>The view of a link without view state.</summary>
    public static RunPageQuery Default { get; } = Read(null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>The view a link's query values describe; unknown values fall back to the defaults.</summary>
    public static RunPageQuery Read(string? x, string? y, string? z, string? view, bool? logX, bool? logY, bool? logZ, string? filter,
        int? selected, string? robustness, string? search, string? rows)
    {
        var ax = FrontView.Axis(x, "latency");
        var ay = FrontView.Axis(y, "energy");
        var az = FrontView.Axis(z, "area");
        var front = new FrontView(ax, ay, az, view == "3d", logX ?? FrontView.DefaultLog(ax), logY ?? FrontView.DefaultLog(ay),
            logZ ?? FrontView.DefaultLog(az), filter == "high" ? "high" : "feasible");
        var rob = FrontView.Axis(robustness, "latency") is var r && r != "robustness" ? r : "latency";
        return new RunPageQuery(front, selected, rob, rows is "front" or "high" or "infeasible" ? rows : "all", search ?? "");
    }

    /// <summary>The query values of this view (null: left out, the default), for <c>GetUriWithQueryParameters</c>.</summary>
    public Dictionary<string, object?> ToQuery() => new()
    {
        ["x"] = Front.X == "latency" ? null : Front.X,
        ["y"] = Front.Y == "energy" ? null : Front.Y,
        ["z"] = Front.Z == "area" ? null : Front.Z,
        ["view"] = Front.ThreeD ? "3d" : null,
        ["logx"] = Explicit(Front.LogX, Front.X),
        ["logy"] = Explicit(Front.LogY, Front.Y),
        ["logz"] = Explicit(Front.LogZ, Front.Z),
        ["filter"] = Front.Filter == "high" ? "high" : null,
        ["sel"] = Selected,
        ["rob"] = RobustnessAxis == "latency" ? null : RobustnessAxis,
        ["search"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        ["rows"] = Rows == "all" ? null : Rows,
    };

    /// <summary>The front chart on another x axis, on that axis' default scale.</summary>
    public RunPageQuery WithX(string axis) => this with { Front = Front with { X = axis, LogX = FrontView.DefaultLog(axis) } };

    /// <summary>The front chart on another y axis, on that axis' default scale.</summary>
    public RunPageQuery WithY(string axis) => this with { Front = Front with { Y = axis, LogY = FrontView.DefaultLog(axis) } };

    /// <summary>The front chart on another z axis, on that axis' default scale.</summary>
    public RunPageQuery WithZ(string axis) => this with { Front = Front with { Z = axis, LogZ = FrontView.DefaultLog(axis) } };

    // A scale is written only when it is not its axis' default.
    private static bool? Explicit(bool log, string axis) => log == FrontView.DefaultLog(axis) ? null : log;
}
