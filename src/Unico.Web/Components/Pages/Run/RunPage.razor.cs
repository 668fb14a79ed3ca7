using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Margin = Plotly.Blazor.LayoutLib.Margin;
using Plotly.Blazor.Traces;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Components.Common;
using Unico.Web.Runs;

namespace Unico.Web.Components.Pages.Run;

/// <summary>
/// The run page: loads the run from the database, subscribes to its live updates and applies them
/// every <see cref="UnicoOptions.ChartFlushMilliseconds"/> in one batch: new points are appended
/// to the charts with extend calls (never a full redraw), the front and selection are restyled, the
/// table and log re-render once. View state (axes, scales, filter, selection, search) is in the query string.
/// </summary>
public sealed partial class RunPage
{
    /// <summary>DOM id of the front chart.</summary>
    public const string FrontChartId = "front-chart";

    /// <summary>DOM id of the hypervolume-against-evaluations chart.</summary>
    public const string HvEvalChartId = "hv-evals-chart";

    /// <summary>DOM id of the hypervolume-against-time chart.</summary>
    public const string HvTimeChartId = "hv-time-chart";

    /// <summary>DOM id of the robustness chart.</summary>
    public const string RobustnessChartId = "robustness-chart";

    // Plotly.Blazor's bundles (the names wwwroot/js/plotly-early.js loads).
    private const string PlotlyBasic = "_content/Plotly.Blazor/plotly-basic-3.7.0.min.js";
    private const string PlotlyFull = "_content/Plotly.Blazor/plotly-3.7.0.min.js";

    private static readonly int[] AllTraceIndex = [FrontPlot.AllTrace];
    private static readonly int[] FrontTraceIndex = [FrontPlot.FrontTrace];
    private static readonly int[] SelectedTraceIndex = [FrontPlot.SelectedTrace];
    private static readonly int[] ExtremesTraceIndex = [FrontPlot.ExtremesTrace];
    private static readonly int[] FirstTraceIndex = [0];
    private ConcurrentQueue<RunUpdate> _updates = new();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private static readonly object FrontConfig = new { responsive = true, displaylogo = false };
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private readonly List<ITrace> _hvEvalData = [];
    private readonly List<ITrace> _hvTimeData = [];
    private readonly List<ITrace> _robData = [];
    private readonly Plotly.Blazor.Layout _hvEvalLayout = LineLayout("mapping evaluations", "hypervolume (run's own scale)");
    private readonly Plotly.Blazor.Layout _hvTimeLayout = LineLayout("wall time (s)", "hypervolume (run's own scale)");
    private readonly Plotly.Blazor.Layout _robLayout = new() { Height = 360, Margin = new Margin { L = 60, R = 20, T = 20, B = 50 } };
    private readonly List<int> _plotted = [];
    private readonly HashSet<int> _plottedSet = [];
    private readonly List<int> _robPlotted = [];
    private readonly HashSet<int> _robPlottedSet = [];
    private IReadOnlyList<int> _frontPlotted = [];
    private IReadOnlyList<int> _extremesPlotted = [];
    private int? _selectedPlotted;
    private int _hvPlotted;
    private bool _chartsBuilt;
    private ChartUnits _units = new(1, Common.Units.Times[2], Common.Units.Energies[3]);
    private bool _unitsFixed;
    private ChartUnits? _robUnits;
    private RunView? _view;
    private FrontView _front = new("latency", "energy", "area", false, true, true, false, "feasible");
    private string _robustnessAxis = "latency";
    private string _search = "";
    private const int RungsPerPage = 10;
    private string _rows = "all";
    private int _rungPage;
    private string? _tableQuery;
    private MudTable<PointRow>? _table;
    private PointRow? _selected;
    private IReadOnlyList<string> _freeParameters = [];
    private bool _basicPlotly = true;
    private bool _frontDrawn;
    private GeneralizationReport? _generalization;
    private CoSearchConfig? _runConfig;
    private string? _configError;
    private DotNetObjectReference<RunPage>? _self;
    private PlotlyChart? _hvEvalChart;
    private PlotlyChart? _hvTimeChart;
    private PlotlyChart? _robChart;
    private IDisposable? _subscription;
    private CancellationTokenSource? _loop;
    private long? _loadedId;

    /// <summary>Run id.</summary>
    [Parameter] public long Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>x axis.</summary>
    [SupplyParameterFromQuery(Name = "x")] public string? QueryX { get; set; }

    /// <summary>y axis.</summary>
    [SupplyParameterFromQuery(Name = "y")] public string? QueryY { get; set; }

    /// <summary>z axis.</summary>
    [SupplyParameterFromQuery(Name = "z")] public string? QueryZ { get; set; }

    /// <summary>2d or 3d.</summary>
    [SupplyParameterFromQuery(Name = "view")] public string? QueryView { get; set; }

    /// <summary>Log scale on x.</summary>
    [SupplyParameterFromQuery(Name = "logx")] public bool? QueryLogX { get; set; }

    /// <summary>Log scale on y.</summary>
    [SupplyParameterFromQuery(Name = "logy")] public bool? QueryLogY { get; set; }

    /// <summary>Log scale on z.</summary>
    [SupplyParameterFromQuery(Name = "logz")] public bool? QueryLogZ { get; set; }

    /// <summary>feasible or high.</summary>
    [SupplyParameterFromQuery(Name = "filter")] public string? QueryFilter { get; set; }

    /// <summary>Selected point id.</summary>
    [SupplyParameterFromQuery(Name = "sel")] public int? QuerySelected { get; set; }

    /// <summary>Axis of the robustness chart.</summary>
    [SupplyParameterFromQuery(Name = "rob")] public string? QueryRobustness { get; set; }

    /// <summary>Table search text.</summary>
    [SupplyParameterFromQuery(Name = "search")] public string? QuerySearch { get; set; }

    /// <summary>Table rows: <c>all</c>, <c>front</c>, <c>high</c> (fidelity) or <c>infeasible</c>.</summary>
    [SupplyParameterFromQuery(Name = "rows")] public string? QueryRows { get; set; }

    // The table pages, sorts and filters here: only the rows of the page are rendered, whatever the run's size.
    private Task<TableData<PointRow>> LoadRowsAsync(TableState state, CancellationToken cancellationToken)
    {
        if (_view is null) return Task.FromResult(new TableData<PointRow> { Items = [], TotalItems = 0 });
        var search = _search.Trim();
        var rows = _view.EvaluationOrder.Select(id => _view.Points[id]).Where(p => _rows switch
        {
            "front" => p.OnFront,
            "high" => p.HighFidelity,
            "infeasible" => !p.Feasible,
            _ => true,
        });
        if (search.Length > 0)
        {
            rows = rows.Where(p => p.Id.ToString(CultureInfo.InvariantCulture) == search
                || p.Parameters.Values.Any(v => v.Contains(search, StringComparison.OrdinalIgnoreCase)));
        }
        Func<PointRow, double> key = state.SortLabel switch
        {
            "batch" => p => p.Batch,
            "latency" => p => p.Latency,
            "energy" => p => p.Energy,
            "area" => p => p.Area,
            "edp" => p => p.Edp,
            "robustness" => p => p.Robustness ?? double.NegativeInfinity,
            _ => p => p.Id,
        };
        var list = rows.ToList();
        var sorted = state.SortDirection == SortDirection.Descending ? list.OrderByDescending(key).ThenBy(p => p.Id) : list.OrderBy(key).ThenBy(p => p.Id);
        return Task.FromResult(new TableData<PointRow> { Items = [.. sorted.Skip(state.Page * state.PageSize).Take(state.PageSize)], TotalItems = list.Count });
    }

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        ApplyQuery();
        if (!RendererInfo.IsInteractive)
        {
            // Prerendering: tell an unknown id apart (404) and start loading the run for the page that
            // is about to connect; the page renders its data once the circuit is up.
            if (await Preloads.Start(Id) is null) Nav.NotFound();
            return;
        }
        var firstLoad = _loadedId != Id;
        if (firstLoad) await LoadAsync();
        if (_view is null) return;
        _selected = QuerySelected is { } sel && _view.Points.TryGetValue(sel, out var p) && p.Evaluated ? p : null;
        if (firstLoad) _ = FirstDrawAsync();
        else if (_chartsBuilt) await SyncChartsAsync();
        var tableQuery = $"{_rows}|{_search}";
        if (_table is not null && _tableQuery is not null && tableQuery != _tableQuery) await _table.ReloadServerData();
        _tableQuery = tableQuery;
    }

    private void ApplyQuery()
    {
        var x = FrontView.Axis(QueryX, "latency");
        var y = FrontView.Axis(QueryY, "energy");
        var z = FrontView.Axis(QueryZ, "area");
        _front = new FrontView(x, y, z, QueryView == "3d", QueryLogX ?? FrontView.DefaultLog(x), QueryLogY ?? FrontView.DefaultLog(y),
            QueryLogZ ?? FrontView.DefaultLog(z), QueryFilter == "high" ? "high" : "feasible");
        _robustnessAxis = FrontView.Axis(QueryRobustness, "latency") is var r && r != "robustness" ? r : "latency";
        _search = QuerySearch ?? "";
        _rows = QueryRows is "front" or "high" or "infeasible" ? QueryRows : "all";
    }

    private async Task LoadAsync()
    {
        await StopAsync();
        _loadedId = Id;
        _view = null;
        // Plotly's basic bundle (a third of the full one) draws everything but 3D; a 3D view loads the
        // full bundle, for as long as this page is open (switching to 3D later reloads the page).
        _basicPlotly = !_front.ThreeD;
        _frontDrawn = false;
        _shownView = null;
        _ = PreloadPlotlyAsync();
        RunPageData? data;
        if (Preloads.Take(Id) is { } preload)
        {
            // Loading since the prerender, with the updates published since then.
            _updates = preload.Updates;
            _subscription = preload.TakeSubscription();
            data = await preload.Data;
        }
        else
        {
            var updates = new ConcurrentQueue<RunUpdate>();
            _updates = updates;
            _subscription = Hub.Subscribe(Id, updates.Enqueue); // before loading: nothing is missed
            data = await RunPageData.LoadAsync(Store, Id);
        }
        if (data is null)
        {
            Nav.NotFound();
            return;
        }
        _view = data.View;
        _generalization = data.Generalization;
        _freeParameters = data.FreeParameters;
        _runConfig = data.Config;
        _configError = data.ConfigError;
        _selected = QuerySelected is { } sel && _view.Points.TryGetValue(sel, out var selected) && selected.Evaluated ? selected : null;
        BuildCharts();
        _loop = new CancellationTokenSource();
        _ = FlushLoopAsync(_loop.Token);
    }

    private void BuildCharts()
    {
        var hv = _view!.Hypervolume;
        _hvEvalData.Clear();
        _hvEvalData.Add(Line(hv.Select(h => (object)h.Evaluations), hv.Select(h => (object)h.Hypervolume)));
        _hvTimeData.Clear();
        _hvTimeData.Add(Line(hv.Select(h => (object)h.Seconds), hv.Select(h => (object)h.Hypervolume)));
        _hvPlotted = hv.Count;
        BuildRobustness();
        _chartsBuilt = true;
    }

    private FrontView? _shownView;
    private string? _shownRobustness;

    private void BuildRobustness()
    {
        List<PointRow> robust = []; // filled by the extend of the first flush, as the front
        _robData.Clear();
        _robData.Add(new Scatter
        {
            Name = "robustness",
            X = [.. robust.Select(p => (object)_units.Value(p, _robustnessAxis))],
            Y = [.. robust.Select(p => (object)p.Robustness!.Value)],
            CustomData = [.. robust.Select(p => (object)FrontPlot.CustomData(p, _freeParameters, _units))],
            HoverTemplate = FrontPlot.HoverTemplate(_freeParameters, _units),
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = "#2f5d8a", Size = 7, Opacity = 0.7m },
        });
        _robLayout.XAxis = [ChartAxes.X(_units.Title(_robustnessAxis), FrontView.DefaultLog(_robustnessAxis))];
        _robLayout.YAxis = [ChartAxes.Y("robustness R (0 to 1)")];
        _robUnits = _units;
        _robPlotted.Clear();
        _robPlottedSet.Clear();
        foreach (var p in robust)
        {
            _robPlotted.Add(p.Id);
            _robPlottedSet.Add(p.Id);
        }
        _shownRobustness = _robustnessAxis;
    }

    private List<PointRow> VisiblePoints() => _view is null ? [] : [.. _view.EvaluationOrder.Select(id => _view.Points[id]).Where(_front.Shows)];

    private List<PointRow> FrontPoints() => _view is null
        ? []
        : [.. _view.Front.Where(_view.Points.ContainsKey).Select(id => _view.Points[id]).Where(_front.Shows).OrderBy(p => p.Axis(_front.X))];

    private int LowFidelityOnFront() => _view is null
        ? 0
        : _view.Front.Count(id => _view.Points.TryGetValue(id, out var p) && p.Evaluated && p.Feasible && !p.HighFidelity);

    // A point without a value on an axis (a low-fidelity point has no R) cannot be drawn: Plotly would get NaN.
    private PointRow? SelectedShown => _selected is { } p && _front.Shows(p) ? p : null;

    private List<PointRow> RobustPoints() => _view is null
        ? []
        : [.. _view.EvaluationOrder.Select(id => _view.Points[id]).Where(p => p.Robustness is not null && p.Feasible)];

    private async Task FlushLoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(Options.Value.ChartFlushMilliseconds, 20, 5000)));
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                try
                {
                    await InvokeAsync(FlushAsync);
                }
                catch (JSException)
                {
                    // A chart call failed in the browser (it says why in its console): the next tick
                    // tries again rather than leaving the page without updates.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Applies queued updates and brings the charts up to date (public for tests).</summary>
    public async Task FlushAsync()
    {
        if (_view is null) return;
        var updates = new List<RunUpdate>();
        while (_updates.TryDequeue(out var u)) updates.Add(u);
        var changed = false;
        if (updates.Count > 0)
        {
            if (updates.Any(u => u.Deleted))
            {
                Nav.NavigateTo("/runs");
                return;
            }
            var wasFinal = Data.RunStatus.IsFinal(_view.Summary.Status);
            _view.Summary = updates[^1].Summary;
            _view.Apply(updates.SelectMany(u => u.Events));
            if (!wasFinal && Data.RunStatus.IsFinal(_view.Summary.Status) && await Store.GetAsync(Id) is { } finished)
            {
                // The stored result: the final front and the held-out test.
                _view.SetFront(RunStore.Ids(finished.FrontJson));
                _generalization = EventJson.Deserialize<GeneralizationReport>(finished.GeneralizationJson);
            }
            if (QuerySelected is { } sel && _selected is null && _view.Points.TryGetValue(sel, out var p) && p.Evaluated) _selected = p;
            changed = true;
        }
        changed |= await SyncChartsAsync();
        if (changed)
        {
            if (_table is not null && updates.Count > 0) await _table.ReloadServerData();
            StateHasChanged();
        }
    }

    // Brings every chart in line with the view: appends what is missing, restyles the front and the
    // selection, and redraws only when the axes or scales changed.
    private async Task<bool> SyncChartsAsync()
    {
        if (_view is null || !_chartsBuilt) return false;
        // Flushes from the timer, the chart's first render and parameter changes interleave at awaits:
        // one at a time, so a point is never appended twice.
        await _sync.WaitAsync();
        try
        {
            return await SyncChartsCoreAsync();
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task<bool> SyncChartsCoreAsync()
    {
        if (_view is null) return false;
        var any = false;
        if (_shownView != _front)
        {
            any |= await DrawFrontAsync();
        }
        else
        {
            any |= await UpdateFrontAsync();
        }
        if (_view.Hypervolume.Count > _hvPlotted && _hvEvalChart is not null && _hvTimeChart is not null && await ReadyAsync(HvEvalChartId) && await ReadyAsync(HvTimeChartId))
        {
            var added = _view.Hypervolume.Skip(_hvPlotted).ToList();
            await _hvEvalChart!.ExtendTrace(added.Select(h => (object)h.Evaluations), added.Select(h => (object)h.Hypervolume), 0);
            await _hvTimeChart!.ExtendTrace(added.Select(h => (object)h.Seconds), added.Select(h => (object)h.Hypervolume), 0);
            _hvPlotted = _view.Hypervolume.Count;
            any = true;
        }
        if (_robChart is not null && await ReadyAsync(RobustnessChartId))
        {
            if (_shownRobustness != _robustnessAxis || _robUnits != _units)
            {
                BuildRobustness();
                await _robChart!.React();
                any = true;
            }
            else
            {
                var pending = RobustPoints().Where(p => !_robPlottedSet.Contains(p.Id)).ToList();
                if (pending.Count > 0)
                {
                    var update = new Dictionary<string, object>
                    {
                        ["x"] = new[] { pending.Select(p => _units.Value(p, _robustnessAxis)).ToArray() },
                        ["y"] = new[] { pending.Select(p => p.Robustness!.Value).ToArray() },
                        ["customdata"] = new[] { pending.Select(p => FrontPlot.CustomData(p, _freeParameters, _units)).ToArray() },
                    };
                    await JS.InvokeAsync<bool>("unicoCharts.extend", RobustnessChartId, update, FirstTraceIndex);
                    foreach (var p in pending)
                    {
                        _robPlotted.Add(p.Id);
                        _robPlottedSet.Add(p.Id);
                    }
                    any = true;
                }
            }
        }
        return any;
    }

    private async Task<bool> ReadyAsync(string chartId)
    {
        try
        {
            return await JS.InvokeAsync<bool>("unicoCharts.ready", chartId);
        }
        catch (JSException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => _self = DotNetObjectReference.Create(this);

    // The front is drawn as soon as its div is on the page: the call goes out while the page renders
    // (the browser waits for the div) rather than after the render is acknowledged. The rest of the
    // page (other charts, tables, log) renders once the front is drawn, or could not be.
    private async Task FirstDrawAsync()
    {
        try
        {
            await SyncChartsAsync();
        }
        catch (JSException)
        {
            // Plotly failed in the browser: the page still shows everything else.
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (TaskCanceledException)
        {
        }
        if (!_frontDrawn)
        {
            _frontDrawn = true;
            StateHasChanged();
        }
    }

    // Draws the front chart with every visible point in one Plotly call.
    private async Task<bool> DrawFrontAsync()
    {
        var visible = VisiblePoints();
        var front = FrontPoints();
        var view = _front;
        // 2D: the faded points' hover data follows the drawing (it is most of the bytes and needs every
        // point's parameters); it is put in place without a redraw, so the points show without waiting.
        var deferHover = !view.ThreeD;
        // Units from the points drawn (kept for the points appended later; a chart drawn empty takes them from its first points).
        var units = ChartUnits.For(visible, _runConfig?.ClockGhz ?? 1);
        var chart = FrontPlot.Chart(view, visible, front, SelectedShown, _freeParameters, units, hoverAll: !deferHover);
        if (!await JS.InvokeAsync<bool>("unicoCharts.plot", FrontChartId, chart, FrontConfig, _self, view.ThreeD))
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
        _frontPlotted = [.. front.Select(p => p.Id)];
        _extremesPlotted = view.ThreeD ? [] : [.. FrontPlot.Extremes(view, visible).Select(p => p.Id)];
        _selectedPlotted = _selected?.Id;
        _shownView = view;
        _units = units;
        _unitsFixed = visible.Count > 0;
        if (!_frontDrawn)
        {
            _frontDrawn = true;
            StateHasChanged();
        }
        if (deferHover && visible.Count > 0)
        {
            await JS.InvokeAsync<bool>("unicoCharts.hover", FrontChartId, FrontPlot.AllTrace, visible.Select(p => FrontPlot.CustomData(p, _freeParameters, units)).ToArray());
        }
        return true;
    }

    // Live changes to a drawn front: new points appended, the front and the selection restyled.
    private async Task<bool> UpdateFrontAsync()
    {
        var any = false;
        var pending = VisiblePoints().Where(p => !_plottedSet.Contains(p.Id)).ToList();
        if (pending.Count > 0 && !_unitsFixed) return await DrawFrontAsync(); // the first points choose the units
        if (pending.Count > 0)
        {
            await JS.InvokeAsync<bool>("unicoCharts.extend", FrontChartId, FrontPlot.Update(_front, pending, _freeParameters, _units), AllTraceIndex);
            foreach (var p in pending)
            {
                _plotted.Add(p.Id);
                _plottedSet.Add(p.Id);
            }
            any = true;
            if (!_front.ThreeD)
            {
                // Points are only appended: the new extremes are among the old ones and the new points.
                var extremes = FrontPlot.Extremes(_front, [.. _extremesPlotted.Select(id => _view!.Points[id]), .. pending]);
                if (!extremes.Select(p => p.Id).SequenceEqual(_extremesPlotted))
                {
                    await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.Update(_front, extremes, _freeParameters, _units), ExtremesTraceIndex);
                    _extremesPlotted = [.. extremes.Select(p => p.Id)];
                }
            }
        }
        var front = FrontPoints();
        if (!front.Select(p => p.Id).SequenceEqual(_frontPlotted))
        {
            await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.FrontUpdate(_front, front, _freeParameters, _units), FrontTraceIndex);
            _frontPlotted = [.. front.Select(p => p.Id)];
            any = true;
        }
        if (_selected?.Id != _selectedPlotted)
        {
            await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.Update(_front, SelectedShown is { } shown ? [shown] : [], _freeParameters, _units), SelectedTraceIndex);
            _selectedPlotted = _selected?.Id;
            any = true;
        }
        return any;
    }

    // Plotly's script starts loading (if this page was reached without a full load) while the run loads.
    private async Task PreloadPlotlyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("unicoPlotly.load", !_basicPlotly);
        }
        catch (JSException)
        {
            // The chart loads it when it draws.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>A click on a point of the front chart selects that point (called by unicoCharts).</summary>
    [JSInvokable]
    public Task OnChartClick(int trace, int index)
    {
        int? id = trace switch
        {
            FrontPlot.AllTrace when index >= 0 && index < _plotted.Count => _plotted[index],
            FrontPlot.FrontTrace when index >= 0 && index < _frontPlotted.Count => _frontPlotted[index],
            _ => null,
        };
        return id is { } selected ? InvokeAsync(() => SetView(sel: selected)) : Task.CompletedTask;
    }

    private void SetView(string? x = null, string? y = null, string? z = null, bool? threeD = null, bool? logX = null, bool? logY = null, bool? logZ = null,
        string? filter = null, int? sel = null, string? rob = null, string? search = null, string? rows = null)
    {
        var nx = x ?? _front.X;
        var ny = y ?? _front.Y;
        var nz = z ?? _front.Z;
        var parameters = new Dictionary<string, object?>
        {
            ["x"] = nx == "latency" ? null : nx,
            ["y"] = ny == "energy" ? null : ny,
            ["z"] = nz == "area" ? null : nz,
            ["view"] = (threeD ?? _front.ThreeD) ? "3d" : null,
            ["logx"] = Explicit(logX ?? (x is null ? _front.LogX : FrontView.DefaultLog(nx)), nx),
            ["logy"] = Explicit(logY ?? (y is null ? _front.LogY : FrontView.DefaultLog(ny)), ny),
            ["logz"] = Explicit(logZ ?? (z is null ? _front.LogZ : FrontView.DefaultLog(nz)), nz),
            ["filter"] = (filter ?? _front.Filter) == "high" ? "high" : null,
            ["sel"] = sel ?? QuerySelected,
            ["rob"] = (rob ?? _robustnessAxis) == "latency" ? null : rob ?? _robustnessAxis,
            ["search"] = string.IsNullOrWhiteSpace(search ?? _search) ? null : (search ?? _search).Trim(),
            ["rows"] = (rows ?? _rows) == "all" ? null : rows ?? _rows,
        };
        // 3D needs the full Plotly bundle, which replaces the basic one for every chart of the page: reload it.
        var reload = (threeD ?? _front.ThreeD) && _basicPlotly;
        Nav.NavigateTo(Nav.GetUriWithQueryParameters(parameters), forceLoad: reload, replace: true);
    }

    private double Clock => _runConfig?.ClockGhz ?? 1;

    private static bool? Explicit(bool log, string axis) => log == FrontView.DefaultLog(axis) ? null : log;

    private async Task CancelAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync("Cancel run",
                $"Stop run #{Id} now? It keeps the points of its completed batches; the batch in flight is dropped. A cancelled run cannot be resumed.",
                yesText: "Cancel the run", cancelText: "Keep running") != true)
            return;
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RunService>().CancelAsync(Id, await CurrentUser.GetAsync(AuthState));
        Snackbar.Add(result == RunActionResult.Done ? "Cancelling the run" : result.Message(Id, "cancelled"), result == RunActionResult.Done ? Severity.Info : Severity.Warning);
    }

    private async Task CopyLinkAsync()
    {
        var copied = await JS.InvokeAsync<bool>("unicoCharts.copy", Nav.Uri);
        Snackbar.Add(copied ? "Link to this view copied" : $"Copy this link: {Nav.Uri}", Severity.Info);
    }

    private async Task DownloadImageAsync(string chartId) => await JS.InvokeAsync<bool>("unicoCharts.download", chartId, $"run-{Id}-{chartId}", 1200, 700);

    private static string Ids(IReadOnlyList<int> ids) => ids.Count == 0 ? "-" : string.Join(", ", ids);

    private static Scatter Line(IEnumerable<object> x, IEnumerable<object> y) => new()
    {
        Name = "hypervolume",
        X = [.. x],
        Y = [.. y],
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv, Color = "#2f5d8a" },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = 5, Color = "#2f5d8a" },
    };

    private static Plotly.Blazor.Layout LineLayout(string x, string y) => new()
    {
        Height = 320,
        Margin = new Margin { L = 60, R = 20, T = 20, B = 50 },
        XAxis = [ChartAxes.X(x)],
        YAxis = [ChartAxes.Y(y)],
    };

    private async Task StopAsync()
    {
        _subscription?.Dispose();
        _subscription = null;
        if (_loop is not null)
        {
            await _loop.CancelAsync();
            _loop.Dispose();
            _loop = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _self?.Dispose();
        _sync.Dispose();
    }
}
