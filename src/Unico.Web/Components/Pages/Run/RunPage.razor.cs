using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Margin = Plotly.Blazor.LayoutLib.Margin;
using Plotly.Blazor.Traces;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
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

    private static readonly int[] AllTraceIndex = [FrontPlot.AllTrace];
    private static readonly int[] FrontTraceIndex = [FrontPlot.FrontTrace];
    private static readonly int[] SelectedTraceIndex = [FrontPlot.SelectedTrace];
    private static readonly int[] FirstTraceIndex = [0];
    private readonly ConcurrentQueue<RunUpdate> _updates = new();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private readonly List<ITrace> _frontData = [];
    private readonly List<ITrace> _hvEvalData = [];
    private readonly List<ITrace> _hvTimeData = [];
    private readonly List<ITrace> _robData = [];
    private readonly List<ITrace> _preloadData = [];
    private readonly Plotly.Blazor.Layout _frontLayout = new();
    private readonly Plotly.Blazor.Layout _hvEvalLayout = LineLayout("mapping evaluations", "hypervolume");
    private readonly Plotly.Blazor.Layout _hvTimeLayout = LineLayout("seconds", "hypervolume");
    private readonly Plotly.Blazor.Layout _robLayout = new() { Height = 360, Margin = new Margin { L = 60, R = 20, T = 20, B = 50 } };
    private readonly List<int> _plotted = [];
    private readonly HashSet<int> _plottedSet = [];
    private readonly List<int> _robPlotted = [];
    private readonly HashSet<int> _robPlottedSet = [];
    private IReadOnlyList<int> _frontPlotted = [];
    private int? _selectedPlotted;
    private bool _hoverSent;
    private int _hvPlotted;
    private bool _chartsBuilt;
    private bool _clickSubscribed;
    private RunView? _view;
    private FrontView _front = new("latency", "energy", "area", false, true, true, false, "feasible");
    private string _robustnessAxis = "latency";
    private string _search = "";
    private const int RungsPerPage = 10;
    private const int BulkPoints = 500;
    private string _rows = "all";
    private int _rungPage;
    private string? _tableQuery;
    private MudTable<PointRow>? _table;
    private PointRow? _selected;
    private IReadOnlyList<string> _freeParameters = [];
    private bool _basicPlotly = true;
    private bool _frontDrawn;
    private GeneralizationReport? _generalization;
    private PlotlyChart? _frontChart;
    private PlotlyChart? _hvEvalChart;
    private PlotlyChart? _hvTimeChart;
    private PlotlyChart? _robChart;
    private IDisposable? _subscription;
    private CancellationTokenSource? _loop;
    private long? _loadedId;

    /// <summary>Run id.</summary>
    [Parameter] public long Id { get; set; }

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
            // Prerendering: only tell an unknown id apart (404); the data loads once the circuit is up.
            if (await Store.GetAsync(Id) is null) Nav.NotFound();
            return;
        }
        if (_loadedId != Id) await LoadAsync();
        if (_view is null) return;
        _selected = QuerySelected is { } sel && _view.Points.TryGetValue(sel, out var p) && p.Evaluated ? p : null;
        if (_chartsBuilt) await SyncChartsAsync();
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
        _basicPlotly = QueryView != "3d";
        StateHasChanged(); // the preloading chart starts fetching Plotly now
        _subscription = Hub.Subscribe(Id, u => _updates.Enqueue(u)); // before loading: nothing is missed
        var run = await Store.GetAsync(Id);
        if (run is null)
        {
            Nav.NotFound();
            return;
        }
        // Three independent reads, each on its own context (SQLite in WAL mode serves them together).
        var points = Store.PointsAsync(Id);
        var structural = Store.EventsAsync(Id, types: ["front_changed", "rung_started", "rung_finished"]);
        var recent = Store.EventsAsync(Id, last: 200);
        await Task.WhenAll(points, structural, recent);
        _view = RunView.Load(run, await points, await structural, await recent);
        _generalization = EventJson.Deserialize<GeneralizationReport>(run.GeneralizationJson);
        _freeParameters = FreeParameters(run.ResolvedConfigJson, _view);
        _selected = QuerySelected is { } sel && _view.Points.TryGetValue(sel, out var selected) && selected.Evaluated ? selected : null;
        // Plotly's basic bundle (a third of the full one) draws everything but 3D; a 3D view loads the full bundle.
        _basicPlotly = !_front.ThreeD;
        BuildCharts();
        _loop = new CancellationTokenSource();
        _ = FlushLoopAsync(_loop.Token);
    }

    private static List<string> FreeParameters(string resolvedConfig, RunView view)
    {
        try
        {
            var space = DesignSpace.Resolve(CoSearchConfigJson.Parse(resolvedConfig).Space);
            return [.. space.FreeParameters.Select(p => p.Name)];
        }
        catch (Engine.UnicoInputException)
        {
            return [.. view.Points.Values.SelectMany(p => p.Parameters.Keys).Distinct().Order(StringComparer.Ordinal)];
        }
    }

    private void BuildCharts()
    {
        BuildFront();
        var hv = _view!.Hypervolume;
        _hvEvalData.Clear();
        _hvEvalData.Add(Line(hv.Select(h => (object)h.Evaluations), hv.Select(h => (object)h.Hypervolume)));
        _hvTimeData.Clear();
        _hvTimeData.Add(Line(hv.Select(h => (object)h.Seconds), hv.Select(h => (object)h.Hypervolume)));
        _hvPlotted = hv.Count;
        BuildRobustness();
        _chartsBuilt = true;
    }

    // The traces start with the front and the selection only; every point arrives through the same
    // extend call that appends live points (compact number arrays, then the hover texts), which is
    // much cheaper than Plotly.Blazor's serialization of thousands of boxed values.
    private void BuildFront()
    {
        var front = FrontPoints();
        _frontData.Clear();
        _frontData.AddRange(FrontPlot.Traces(_front, [], front, _selected, _freeParameters));
        var layout = FrontPlot.Layout(_front);
        _frontLayout.XAxis = layout.XAxis;
        _frontLayout.YAxis = layout.YAxis;
        _frontLayout.Scene = layout.Scene;
        _frontLayout.Height = layout.Height;
        _frontLayout.Margin = layout.Margin;
        _frontLayout.UiRevision = $"{_front.X}-{_front.Y}-{_front.Z}-{_front.ThreeD}";
        _plotted.Clear();
        _plottedSet.Clear();
        _frontPlotted = [.. front.Select(p => p.Id)];
        _selectedPlotted = _selected?.Id;
        _shownView = _front;
        _hoverSent = true;
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
            X = [.. robust.Select(p => (object)p.Axis(_robustnessAxis))],
            Y = [.. robust.Select(p => (object)p.Robustness!.Value)],
            HoverTextArray = [.. robust.Select(p => FrontPlot.Hover(p, _freeParameters))],
            HoverTemplate = "%{hovertext}<extra></extra>",
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = "#2f5d8a", Size = 7, Opacity = 0.7m },
        });
        _robLayout.XAxis = [new XAxis { Title = new() { Text = FrontView.Label(_robustnessAxis) }, Type = FrontView.DefaultLog(_robustnessAxis) ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear }];
        _robLayout.YAxis = [new YAxis { Title = new() { Text = "robustness R" } }];
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
        : [.. _view.Front.Where(_view.Points.ContainsKey).Select(id => _view.Points[id]).Where(p => p.Evaluated && p.Feasible).OrderBy(p => p.Axis(_front.X))];

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
                await InvokeAsync(FlushAsync);
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
        if (_frontChart is not null && await ReadyAsync(FrontChartId))
        {
            if (_shownView != _front)
            {
                BuildFront();
                await _frontChart!.React();
                any = true;
            }
            else
            {
                var pending = VisiblePoints().Where(p => !_plottedSet.Contains(p.Id)).ToList();
                if (pending.Count > 0)
                {
                    // Many points at once (the page's first draw): coordinates first, hover texts right after.
                    var bulk = pending.Count > BulkPoints;
                    await JS.InvokeAsync<bool>("unicoCharts.extend", FrontChartId, FrontPlot.Update(_front, pending, bulk ? null : _freeParameters), AllTraceIndex);
                    foreach (var p in pending)
                    {
                        _plotted.Add(p.Id);
                        _plottedSet.Add(p.Id);
                    }
                    if (bulk) _hoverSent = false;
                    any = true;
                }
                if (!_hoverSent)
                {
                    await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.HoverUpdate([.. _plotted.Select(id => _view.Points[id])], _freeParameters), AllTraceIndex);
                    _hoverSent = true;
                }
                var front = FrontPoints();
                if (!front.Select(p => p.Id).SequenceEqual(_frontPlotted))
                {
                    await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.Update(_front, front, _freeParameters), FrontTraceIndex);
                    _frontPlotted = [.. front.Select(p => p.Id)];
                    any = true;
                }
                if (_selected?.Id != _selectedPlotted)
                {
                    await JS.InvokeAsync<bool>("unicoCharts.restyle", FrontChartId, FrontPlot.Update(_front, _selected is null ? [] : [_selected], _freeParameters), SelectedTraceIndex);
                    _selectedPlotted = _selected?.Id;
                    any = true;
                }
            }
            if (!_clickSubscribed)
            {
                _clickSubscribed = true;
                await _frontChart!.SubscribeClickEvent();
            }
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
            if (_shownRobustness != _robustnessAxis)
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
                        ["x"] = new[] { pending.Select(p => p.Axis(_robustnessAxis)).ToArray() },
                        ["y"] = new[] { pending.Select(p => p.Robustness!.Value).ToArray() },
                        ["hovertext"] = new[] { pending.Select(p => FrontPlot.Hover(p, _freeParameters)).ToArray() },
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

    // The other charts are drawn once the front is on screen, so the front does not wait for them.
    private void OnFrontRendered() => _ = InvokeAsync(async () =>
    {
        if (!_frontDrawn)
        {
            _frontDrawn = true;
            StateHasChanged();
        }
        await FlushAsync();
    });

    private void OnChartClick(IEnumerable<EventDataPoint> points)
    {
        var first = points.FirstOrDefault();
        if (first is null) return;
        var curve = Convert.ToInt32(first.CurveNumber, CultureInfo.InvariantCulture);
        var index = Convert.ToInt32(first.PointIndex, CultureInfo.InvariantCulture);
        int? id = curve switch
        {
            FrontPlot.AllTrace when index < _plotted.Count => _plotted[index],
            FrontPlot.FrontTrace when index < _frontPlotted.Count => _frontPlotted[index],
            _ => null,
        };
        if (id is { } selected) _ = InvokeAsync(() => SetView(sel: selected));
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

    private static bool? Explicit(bool log, string axis) => log == FrontView.DefaultLog(axis) ? null : log;

    private async Task CancelAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<RunService>().CancelAsync(Id)) Snackbar.Add("Cancelling the run", Severity.Info);
    }

    private async Task CopyLinkAsync()
    {
        var copied = await JS.InvokeAsync<bool>("unicoCharts.copy", Nav.Uri);
        Snackbar.Add(copied ? "Link to this view copied" : $"Copy this link: {Nav.Uri}", Severity.Info);
    }

    private static async Task DownloadImageAsync(PlotlyChart? chart, string name)
    {
        if (chart is not null) await chart.DownloadImage(ImageFormat.Png, 700, 1200, name);
    }

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
        XAxis = [new XAxis { Title = new() { Text = x } }],
        YAxis = [new YAxis { Title = new() { Text = y } }],
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
        _sync.Dispose();
    }
}
