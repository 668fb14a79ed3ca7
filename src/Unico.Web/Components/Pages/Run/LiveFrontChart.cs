using Microsoft.JSInterop;

namespace Unico.Web.Components.Pages.Run;

/// <summary>
/// The run page's Pareto front chart in the browser, kept in line with the page's <see cref="RunView"/>:
/// drawn whole in one <c>unicoCharts.plot</c> call (<see cref="FrontPlot"/> builds it), then new
/// points appended with extend calls and the front, extremes and selection restyled; redrawn only
/// when the axes, scales or filter change. It remembers which point is where in each trace, so a
/// click in the browser names a point.
/// </summary>
public sealed class LiveFrontChart : IDisposable
{
    /// <summary>DOM id of the chart.</summary>
    public const string ChartId = "front-chart";

    private static readonly int[] AllTraceIndex = [FrontPlot.AllTrace];
    private static readonly int[] FrontTraceIndex = [FrontPlot.FrontTrace];
    private static readonly int[] SelectedTraceIndex = [FrontPlot.SelectedTrace];
    private static readonly int[] ExtremesTraceIndex = [FrontPlot.ExtremesTrace];
    private static readonly object Config = new { responsive = true, displaylogo = false };

    private readonly IJSRuntime _js;
    private readonly Action _firstDrawn;
    private readonly Func<int, Task> _clicked;
    private readonly DotNetObjectReference<LiveFrontChart> _self;
    private readonly List<int> _plotted = [];
    private readonly HashSet<int> _plottedSet = [];
    private IReadOnlyList<int> _frontPlotted = [];
    private IReadOnlyList<int> _extremesPlotted = [];
    private int? _selectedPlotted;
    private FrontView? _shown;
    private bool _unitsFixed;

    /// <summary>A chart not drawn yet.</summary>
    /// <param name="js">The page's JavaScript runtime.</param>
    /// <param name="clockGhz">The run's clock (latency as time).</param>
    /// <param name="firstDrawn">Called once, as soon as the chart is drawn for the first time (the rest of the page waits for it).</param>
    /// <param name="clicked">Called with the id of a point clicked in the browser.</param>
    public LiveFrontChart(IJSRuntime js, double clockGhz, Action firstDrawn, Func<int, Task> clicked)
    {
        _js = js;
        _firstDrawn = firstDrawn;
        _clicked = clicked;
        _self = DotNetObjectReference.Create(this);
        Units = new ChartUnits(clockGhz, Common.Units.Times[2], Common.Units.Energies[3]);
    }

    /// <summary>
    /// The units the chart is drawn in, chosen from the points of its drawing (and kept for the
    /// points appended later); the page's other charts and the table use them too.
    /// </summary>
    public ChartUnits Units { get; private set; }

    /// <summary>True once the chart was drawn.</summary>
    public bool Drawn { get; private set; }

    /// <summary>Brings the chart in line with the view; false when nothing was sent (or the chart is not on the page yet).</summary>
    public async Task<bool> SyncAsync(RunView view, FrontView front, PointRow? selected, IReadOnlyList<string> freeParameters)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(front);
        // A point without a value on an axis (a low-fidelity point has no R) cannot be drawn: Plotly would get NaN.
        var shown = selected is { } p && front.Shows(p) ? p : null;
        return _shown != front
            ? await DrawAsync(view, front, selected, shown, freeParameters)
            : await UpdateAsync(view, front, selected, shown, freeParameters);
    }

    /// <summary>A click on a point of the chart (called by unicoCharts): selects that point.</summary>
    [JSInvokable]
    public Task OnChartClick(int trace, int index)
    {
        int? id = trace switch
        {
            FrontPlot.AllTrace when index >= 0 && index < _plotted.Count => _plotted[index],
            FrontPlot.FrontTrace when index >= 0 && index < _frontPlotted.Count => _frontPlotted[index],
            _ => null,
        };
        return id is { } clicked ? _clicked(clicked) : Task.CompletedTask;
    }

    private static List<PointRow> Visible(RunView view, FrontView front) => [.. view.EvaluationOrder.Select(id => view.Points[id]).Where(front.Shows)];

    private static List<PointRow> FrontPoints(RunView view, FrontView front) =>
        [.. view.Front.Where(view.Points.ContainsKey).Select(id => view.Points[id]).Where(front.Shows).OrderBy(p => p.Axis(front.X))];

    // Every visible point in one Plotly call.
    private async Task<bool> DrawAsync(RunView view, FrontView front, PointRow? selected, PointRow? shown, IReadOnlyList<string> parameters)
    {
        var visible = Visible(view, front);
        var onFront = FrontPoints(view, front);
        // 2D: the faded points' hover data follows the drawing (it is most of the bytes and needs every
        // point's parameters); it is put in place without a redraw, so the points show without waiting.
        var deferHover = !front.ThreeD;
        // Units from the points drawn (kept for the points appended later; a chart drawn empty takes them from its first points).
        var units = ChartUnits.For(visible, view.ClockGhz);
        var chart = FrontPlot.Chart(front, visible, onFront, shown, parameters, units, hoverAll: !deferHover);
        if (!await _js.InvokeAsync<bool>("unicoCharts.plot", ChartId, chart, Config, _self, front.ThreeD))
        {
            return false; // not on the page yet
        }
        _plotted.Clear();
        _plottedSet.Clear();
        foreach (var p in visible)
        {
            _plotted.Add(p.Id);
            _plottedSet.Add(p.Id);
        }
        _frontPlotted = [.. onFront.Select(p => p.Id)];
        _extremesPlotted = front.ThreeD ? [] : [.. FrontPlot.Extremes(front, visible).Select(p => p.Id)];
        _selectedPlotted = selected?.Id;
        _shown = front;
        Units = units;
        _unitsFixed = visible.Count > 0;
        if (!Drawn)
        {
            Drawn = true;
            _firstDrawn();
        }
        if (deferHover && visible.Count > 0)
        {
            await _js.InvokeAsync<bool>("unicoCharts.hover", ChartId, FrontPlot.AllTrace, visible.Select(p => FrontPlot.CustomData(p, parameters, units)).ToArray());
        }
        return true;
    }

    // Live changes to a drawn chart: new points appended, the front and the selection restyled.
    private async Task<bool> UpdateAsync(RunView view, FrontView front, PointRow? selected, PointRow? shown, IReadOnlyList<string> parameters)
    {
        var any = false;
        var pending = Visible(view, front).Where(p => !_plottedSet.Contains(p.Id)).ToList();
        if (pending.Count > 0 && !_unitsFixed) return await DrawAsync(view, front, selected, shown, parameters); // the first points choose the units
        if (pending.Count > 0)
        {
            await _js.InvokeAsync<bool>("unicoCharts.extend", ChartId, FrontPlot.Update(front, pending, parameters, Units), AllTraceIndex);
            foreach (var p in pending)
            {
                _plotted.Add(p.Id);
                _plottedSet.Add(p.Id);
            }
            any = true;
            if (!front.ThreeD)
            {
                // Points are only appended: the new extremes are among the old ones and the new points.
                var extremes = FrontPlot.Extremes(front, [.. _extremesPlotted.Select(id => view.Points[id]), .. pending]);
                if (!extremes.Select(p => p.Id).SequenceEqual(_extremesPlotted))
                {
                    await _js.InvokeAsync<bool>("unicoCharts.restyle", ChartId, FrontPlot.Update(front, extremes, parameters, Units), ExtremesTraceIndex);
                    _extremesPlotted = [.. extremes.Select(p => p.Id)];
                }
            }
        }
        var onFront = FrontPoints(view, front);
        if (!onFront.Select(p => p.Id).SequenceEqual(_frontPlotted))
        {
            await _js.InvokeAsync<bool>("unicoCharts.restyle", ChartId, FrontPlot.FrontUpdate(front, onFront, parameters, Units), FrontTraceIndex);
            _frontPlotted = [.. onFront.Select(p => p.Id)];
            any = true;
        }
        if (selected?.Id != _selectedPlotted)
        {
            await _js.InvokeAsync<bool>("unicoCharts.restyle", ChartId, FrontPlot.Update(front, shown is null ? [] : [shown], parameters, Units), SelectedTraceIndex);
            _selectedPlotted = selected?.Id;
            any = true;
        }
        return any;
    }

    /// <inheritdoc/>
    public void Dispose() => _self.Dispose();
}
