using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Unico.Web.Components.Common;
using Unico.Web.Data;
using Unico.Web.Runs;
using Margin = Plotly.Blazor.LayoutLib.Margin;

namespace Unico.Web.Components.Pages.Point;

/// <summary>
/// A hardware point: its configuration, objectives, fidelity and robustness, and per layer the
/// best mapping as a loop nest with its energy and cycles by level. <c>?layer=N</c> selects the layer.
/// </summary>
public sealed partial class PointPage : IDisposable
{
    private IDisposable? _subscription;
    private DateTime _lastRefresh;
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private readonly List<ITrace> _layerData = [];
    private readonly List<ITrace> _energyData = [];
    private readonly List<ITrace> _cyclesData = [];
    private readonly Plotly.Blazor.Layout _layerLayout = new()
    {
        Height = 300, BarMode = BarModeEnum.Group, Margin = new Margin { L = 60, R = 60, T = 20, B = 90 },
        YAxis = [ChartAxes.Y("share of the workload (%)", tickFormat: ".0%")],
    };
    private readonly Plotly.Blazor.Layout _barLayout = new() { Height = 300, Margin = new Margin { L = 60, R = 20, T = 10, B = 90 }, ShowLegend = false };
    private readonly Plotly.Blazor.Layout _energyLayout = new() { Height = 300, Margin = new Margin { L = 60, R = 20, T = 10, B = 90 }, ShowLegend = false };
    private RunEntity? _run;
    private PointEntity? _point;
    private PointDetail? _detail;

    // The Timeloop export reads the stored result, which exists once the run succeeded.
    private bool RunSucceeded => _run?.Status == Data.RunStatus.Succeeded;
    private IReadOnlyDictionary<string, string> _parameters = new Dictionary<string, string>();
    private List<BreadcrumbItem> _crumbs = [];
    private bool _onFront;
    private int _layer;
    private (long, int)? _loaded;
    private int _chartsFor = -1;
    private PlotlyChart? _layerChart;
    private PlotlyChart? _energyChart;
    private PlotlyChart? _cyclesChart;
    private bool _clickSubscribed;
    private double _clock = 1;
    private Unit _levelEnergy = Units.Energies[2];

    /// <summary>Run id.</summary>
    [Parameter] public long RunId { get; set; }

    /// <summary>Point id within the run.</summary>
    [Parameter] public int PointId { get; set; }

    /// <summary>Selected layer (index in the point's distinct layers).</summary>
    [SupplyParameterFromQuery(Name = "layer")] public int? QueryLayer { get; set; }

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        if (_loaded != (RunId, PointId))
        {
            _loaded = (RunId, PointId);
            _detail = null;
            _run = await Store.GetAsync(RunId);
            _point = _run is null ? null : await Store.PointAsync(RunId, PointId);
            if (_run is null || _point is null || !_point.Evaluated)
            {
                Nav.NotFound();
                return;
            }
            _parameters = RunStore.Parameters(_point);
            _clock = ClockOf(_run);
            _onFront = RunStore.Ids(_run.FrontJson).Contains(PointId);
            _crumbs = [new("Runs", "/runs"), new($"#{RunId} {_run.Name}", $"/runs/{RunId}"), new($"point {PointId}", null, disabled: true)];
            if (RendererInfo.IsInteractive)
            {
                var run = _run;
                var point = _point;
                _detail = await Task.Run(() => PointDetailService.Build(run, point));
                BuildLayerChart();
                // While the run goes on, the point's robustness and its place on the front may still
                // change (its mappings came with its evaluation): follow the run until it is over.
                _subscription?.Dispose();
                _subscription = Data.RunStatus.IsFinal(run.Status) && _point.LayersJson is not null ? null : Hub.Subscribe(RunId, update => _ = InvokeAsync(RefreshAsync));
            }
        }
        if (_detail is null) return;
        _layer = Math.Clamp(QueryLayer ?? 0, 0, Math.Max(0, _detail.Layers.Count - 1));
        if (_chartsFor != _layer)
        {
            var rebuild = _chartsFor >= 0;
            BuildLevelCharts();
            if (rebuild)
            {
                if (_energyChart is not null) await _energyChart.React();
                if (_cyclesChart is not null) await _cyclesChart.React();
            }
        }
    }

    private async Task RefreshAsync()
    {
        if (_run is null || _point is null || DateTime.UtcNow - _lastRefresh < TimeSpan.FromSeconds(1)) return;
        _lastRefresh = DateTime.UtcNow;
        var point = await Store.PointAsync(RunId, PointId);
        var run = await Store.GetAsync(RunId);
        if (point is null || run is null) return;
        var changed = point.LayersJson != _point.LayersJson || point.Robustness != _point.Robustness || run.FrontJson != _run.FrontJson;
        _run = run;
        _point = point;
        _onFront = RunStore.Ids(run.FrontJson).Contains(PointId);
        if (changed)
        {
            _detail = await Task.Run(() => PointDetailService.Build(run, point));
            BuildLayerChart();
            _chartsFor = -1;
            _layer = Math.Clamp(QueryLayer ?? 0, 0, Math.Max(0, _detail.Layers.Count - 1));
            BuildLevelCharts();
        }
        if (Data.RunStatus.IsFinal(run.Status) && point.LayersJson is not null)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
        StateHasChanged();
    }

    /// <inheritdoc/>
    public void Dispose() => _subscription?.Dispose();

    private void BuildLayerChart()
    {
        _layerData.Clear();
        if (_detail is null || _detail.Layers.Count == 0) return;
        var names = _detail.Layers.Select(l => (object)Short(l)).ToList();
        var totalCycles = _detail.Layers.Sum(l => (double)l.Cycles * l.Repeat);
        var totalEnergy = _detail.Layers.Sum(l => l.EnergyPj * l.Repeat);
        _layerData.Add(new Bar { Name = "latency", X = names, Y = [.. _detail.Layers.Select(l => (object)(totalCycles > 0 ? l.Cycles * l.Repeat / totalCycles : 0))] });
        _layerData.Add(new Bar { Name = "energy", X = names, Y = [.. _detail.Layers.Select(l => (object)(totalEnergy > 0 ? l.EnergyPj * l.Repeat / totalEnergy : 0))] });
    }

    private void BuildLevelCharts()
    {
        _chartsFor = _layer;
        _energyData.Clear();
        _cyclesData.Clear();
        if (_detail?.Layers.ElementAtOrDefault(_layer)?.Evaluation is not { IsValid: true } e) return;
        var levels = e.Levels.Where(l => l.EnergyPj > 0 || l.Tensors.Length > 0).ToList();
        _levelEnergy = Units.EnergyFor(levels.Select(l => l.EnergyPj));
        _barLayout.XAxis = [ChartAxes.X("level")];
        _energyLayout.XAxis = [ChartAxes.X("level")];
        _energyLayout.YAxis = [ChartAxes.Y($"energy ({_levelEnergy.Symbol})")];
        _barLayout.YAxis = [ChartAxes.Y("cycles")];
        _energyData.Add(new Bar
        {
            Name = $"energy ({_levelEnergy.Symbol})",
            X = [.. levels.Select(l => (object)l.Name)],
            Y = [.. levels.Select(l => (object)_levelEnergy.Of(l.EnergyPj))],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = "#2f5d8a" },
        });
        _cyclesData.Add(new Bar
        {
            Name = "cycles",
            X = [.. levels.Select(l => (object)l.Name)],
            Y = [.. levels.Select(l => (object)l.Cycles)],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = "#c2185b" },
        });
    }

    private static double ClockOf(RunEntity run)
    {
        try
        {
            return Engine.CoSearch.CoSearchConfigJson.Parse(run.ConfigJson, "config").ClockGhz;
        }
        catch (Engine.UnicoInputException)
        {
            return 1;
        }
    }

    private static string Short(LayerDetail l) => l.Layers.Count == 1 ? l.Layers[0] : $"{l.Layers[0]} (+{l.Layers.Count - 1})";

    private void SelectLayer(int index) =>
        Nav.NavigateTo(Nav.GetUriWithQueryParameter("layer", index == 0 ? null : index), replace: true);

    private void SubscribeLayerClick()
    {
        if (_clickSubscribed || _layerChart is null) return;
        _clickSubscribed = true;
        _ = InvokeAsync(() => _layerChart.SubscribeClickEvent());
    }

    private void OnLayerClick(IEnumerable<EventDataPoint> points)
    {
        var first = points.FirstOrDefault();
        if (first is null) return;
        var index = Convert.ToInt32(first.PointIndex, CultureInfo.InvariantCulture);
        _ = InvokeAsync(() => SelectLayer(index));
    }
}
