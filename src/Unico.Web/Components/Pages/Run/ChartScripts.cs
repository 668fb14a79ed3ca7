using Microsoft.JSInterop;
using Plotly.Blazor.Traces;

namespace Unico.Web.Components.Pages.Run;

/// <summary>The calls of <c>wwwroot/js/unico-charts.js</c> the run page's Plotly.Blazor charts share.</summary>
public static class ChartScripts
{
    /// <summary>True once Plotly has drawn the chart of that id (an extend before that would fail in the browser).</summary>
    public static async Task<bool> ReadyAsync(IJSRuntime js, string chartId)
    {
        ArgumentNullException.ThrowIfNull(js);
        try
        {
            return await js.InvokeAsync<bool>("unicoCharts.ready", chartId);
        }
        catch (JSException)
        {
            return false;
        }
    }

    /// <summary>A hypervolume curve: a step line through the samples.</summary>
    public static Scatter Line(IEnumerable<object> x, IEnumerable<object> y) => new()
    {
        Name = "hypervolume",
        X = [.. x],
        Y = [.. y],
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv, Color = "#2f5d8a" },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = 5, Color = "#2f5d8a" },
    };
}
