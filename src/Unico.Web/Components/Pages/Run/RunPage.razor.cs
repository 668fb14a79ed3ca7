using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Unico.Engine.CoSearch;
using Unico.Web.Runs;

namespace Unico.Web.Components.Pages.Run;

/// <summary>
/// The run page: loads the run (<see cref="RunPageData"/>), keeps its <see cref="RunView"/> current
/// from the live updates (<see cref="RunLiveUpdates"/>), applied every
/// <see cref="UnicoOptions.ChartFlushMilliseconds"/> in one batch: new points are appended to the
/// charts (<see cref="LiveFrontChart"/>, <see cref="HypervolumeCharts"/>, <see cref="RobustnessChart"/>)
/// with extend calls, never a full redraw, and the table and log re-render once. The view state
/// (axes, scales, filter, selection, table rows and search) is the link's (<see cref="RunPageQuery"/>).
/// </summary>
public sealed partial class RunPage
{
    // Plotly.Blazor's bundles (the names wwwroot/js/plotly-early.js loads).
    private const string PlotlyBasic = "_content/Plotly.Blazor/plotly-basic-3.7.0.min.js";
    private const string PlotlyFull = "_content/Plotly.Blazor/plotly-3.7.0.min.js";

    private readonly SemaphoreSlim _sync = new(1, 1);
    private RunView? _view;
    private RunPageQuery _query = RunPageQuery.Default;
    private PointRow? _selected;
    private IReadOnlyList<string> _freeParameters = [];
    private GeneralizationReport? _generalization;
    private CoSearchConfig? _runConfig;
    private string? _configError;
    private bool _basicPlotly = true;
    private bool _frontDrawn;
    private long? _loadedId;
    private RunLiveUpdates? _live;
    private LiveFrontChart? _frontChart;
    private HypervolumeCharts? _hypervolume;
    private RobustnessChart? _robustness;
    private PointsTable? _points;

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

    /// <summary>The front chart of the loaded run (its clicks come from the browser).</summary>
    internal LiveFrontChart? FrontChart => _frontChart;

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        _query = RunPageQuery.Read(QueryX, QueryY, QueryZ, QueryView, QueryLogX, QueryLogY, QueryLogZ, QueryFilter, QuerySelected, QueryRobustness, QuerySearch, QueryRows);
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
        _selected = SelectedPoint();
        if (firstLoad) _ = FirstDrawAsync();
        else await SyncChartsAsync();
    }

    private PointRow? SelectedPoint() => _query.Selected is { } sel && _view!.Points.TryGetValue(sel, out var p) && p.Evaluated ? p : null;

    private async Task LoadAsync()
    {
        await StopAsync();
        _loadedId = Id;
        _view = null;
        // Plotly's basic bundle (a third of the full one) draws everything but 3D; a 3D view loads the
        // full bundle, for as long as this page is open (switching to 3D later reloads the page).
        _basicPlotly = !_query.Front.ThreeD;
        _frontDrawn = false;
        _ = PreloadPlotlyAsync();
        RunPageData? data;
        if (Preloads.Take(Id) is { } preload)
        {
            // Loading since the prerender, with the updates published since then.
            _live = RunLiveUpdates.From(preload);
            data = await preload.Data;
        }
        else
        {
            _live = RunLiveUpdates.Subscribe(Hub, Id); // before loading: nothing is missed
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
        _frontChart = new LiveFrontChart(JS, _view.ClockGhz, FrontFirstDrawn, id => InvokeAsync(() => Navigate(_query with { Selected = id })));
        _live.Start(TimeSpan.FromMilliseconds(Math.Clamp(Options.Value.ChartFlushMilliseconds, 20, 5000)), InvokeAsync, FlushAsync);
    }

    // The rest of the page (other charts, tables, log) renders once the front is drawn.
    private void FrontFirstDrawn()
    {
        if (_frontDrawn) return;
        _frontDrawn = true;
        StateHasChanged();
    }

    /// <summary>Applies queued updates and brings the charts up to date (public for tests).</summary>
    public async Task FlushAsync()
    {
        if (_view is null || _live is null) return;
        var updates = _live.Drain();
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
            _selected ??= SelectedPoint();
            changed = true;
        }
        changed |= await SyncChartsAsync();
        if (changed)
        {
            if (_points is not null && updates.Count > 0) await _points.ReloadAsync();
            StateHasChanged();
        }
    }

    // Brings every chart in line with the view. Flushes from the timer, the front's first drawing and
    // parameter changes interleave at awaits: one at a time, so a point is never appended twice.
    private async Task<bool> SyncChartsAsync()
    {
        if (_view is null || _frontChart is null) return false;
        await _sync.WaitAsync();
        try
        {
            var any = await _frontChart.SyncAsync(_view, _query.Front, _selected, _freeParameters);
            if (_hypervolume is not null) any |= await _hypervolume.SyncAsync();
            if (_robustness is not null) any |= await _robustness.SyncAsync(_query.RobustnessAxis, _frontChart.Units);
            return any;
        }
        finally
        {
            _sync.Release();
        }
    }

    // The front is drawn as soon as its element is on the page: the call goes out while the page
    // renders (the browser waits for the element) rather than after the render is acknowledged.
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
        FrontFirstDrawn();
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

    // A view is a link: the page follows it (and redraws what changed when its parameters are set).
    private void Navigate(RunPageQuery query)
    {
        // 3D needs the full Plotly bundle, which replaces the basic one for every chart of the page: reload it.
        var reload = query.Front.ThreeD && _basicPlotly;
        Nav.NavigateTo(Nav.GetUriWithQueryParameters(query.ToQuery()), forceLoad: reload, replace: true);
    }

    private async Task StopAsync()
    {
        if (_live is not null) await _live.DisposeAsync();
        _live = null;
        _frontChart?.Dispose();
        _frontChart = null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _sync.Dispose();
    }
}
