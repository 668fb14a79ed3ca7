using Plotly.Blazor.LayoutLib;

namespace Unico.Web.Components.Common;

/// <summary>
/// Axes that read well: a title with the unit, powers of ten written as powers (never Plotly's
/// "B" for billions), and on log axes every labelled tick written out in full ("20", "50", not a
/// bare "2", "5").
/// </summary>
public static class ChartAxes
{
    /// <summary>An x axis.</summary>
    public static XAxis X(string title, bool log = false) => new()
    {
        Title = new() { Text = title },
        Type = log ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
        ExponentFormat = Plotly.Blazor.LayoutLib.XAxisLib.ExponentFormatEnum.Power,
        MinorLogLabels = Plotly.Blazor.LayoutLib.XAxisLib.MinorLogLabelsEnum.Complete,
    };

    /// <summary>A y axis.</summary>
    public static YAxis Y(string title, bool log = false, string? tickFormat = null) => new()
    {
        Title = new() { Text = title },
        Type = log ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
        ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power,
        MinorLogLabels = Plotly.Blazor.LayoutLib.YAxisLib.MinorLogLabelsEnum.Complete,
        TickFormat = tickFormat,
    };
}
