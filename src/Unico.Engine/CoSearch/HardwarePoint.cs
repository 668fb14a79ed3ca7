using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>
/// A hardware point under evaluation: its parameters, the built architecture and the mapping
/// searches of every distinct layer of the training workload, whose budgets successive halving
/// raises rung by rung.
/// </summary>
internal sealed class HardwarePoint
{
    public HardwarePoint(int id, int batch, double[] vector, DesignPoint design, DesignSpace space, Workload workload, CoSearchConfig config)
    {
        Id = id;
        Batch = batch;
        Vector = vector;
        Design = design;
        if (!space.TryBuild(design, out var hardware, out var reason))
        {
            InfeasibleReason = reason ?? "cannot be built";
            return;
        }
        Hardware = hardware!;
        if (config.Caps.AreaMm2 is { } cap && hardware!.AreaMm2 > cap)
        {
            InfeasibleReason = $"area {hardware.AreaMm2:F3} mm^2 exceeds the cap of {cap} mm^2";
            return;
        }
        var mapper = config.Mapper with { Seed = Prng.Derive(config.Seed, 0x5EA2C4UL + (ulong)id) };
        Search = new WorkloadMappingSearch(workload, hardware!.Architecture, hardware.ConstraintsFor, hardware.ContainerLevels, mapper);
        _stopped = new bool[Search.Layers.Count];
    }

    private readonly bool[] _stopped = [];

    public int Id { get; }

    public int Batch { get; }

    public double[] Vector { get; }

    public DesignPoint Design { get; }

    public BuiltHardware? Hardware { get; }

    public WorkloadMappingSearch? Search { get; }

    /// <summary>Set when the point cannot be evaluated (build failure or a cap before any mapping).</summary>
    public string? InfeasibleReason { get; }

    public bool CanEvaluate => Search is not null;

    public long PerLayerBudget => Search?.PerLayerEvaluations ?? 0;

    public long Evaluations => Search?.TotalEvaluations ?? 0;

    /// <summary>The objectives measured after each rung (the low-fidelity values the multi-fidelity surrogate learns from).</summary>
    public List<RungObjectives> Rungs { get; } = [];

    /// <summary>Layer searches that still take budget (not stopped by per-layer promotion).</summary>
    public IEnumerable<LayerSearch> ActiveLayers => Search is null ? [] : Search.Layers.Where((_, i) => !_stopped[i]);

    /// <summary>True once every layer search was stopped.</summary>
    public bool AllLayersStopped => _stopped.Length > 0 && _stopped.All(s => s);

    /// <summary>Stops the layer searches that have plateaued (per-layer promotion); returns how many are stopped in all.</summary>
    public int StopPlateaued(long window, double epsilon)
    {
        for (var i = 0; i < _stopped.Length; i++)
        {
            if (!_stopped[i] && Search!.Layers[i].Search.HasPlateaued(window, epsilon)) _stopped[i] = true;
        }
        return _stopped.Count(s => s);
    }

    /// <summary>Robustness from the layers' traces, between b0 and the budget each layer reached.</summary>
    public (double Robustness, double Sensitivity) Robustness(long initialBudget)
    {
        var traces = Search!.Layers.Select(l => l.Search.Trace).ToList();
        // A layer stopped early by per-layer promotion ends at its own budget: BestAfter of the
        // largest budget reached is each trace's final cost.
        var budget = Math.Max(initialBudget, Search.Layers.Max(l => l.Search.Evaluations));
        var sensitivity = CoSearch.Robustness.Sensitivity(traces, Math.Min(initialBudget, PerLayerBudget), budget);
        return (CoSearch.Robustness.FromSensitivity(sensitivity), sensitivity);
    }

    /// <summary>Per-layer results with the best mappings; the early-cost ratio is c(b0) / c(final) where both exist.</summary>
    public IReadOnlyList<LayerOutcome> LayerOutcomes(long initialBudget)
    {
        if (Search is null) return [];
        return [.. Search.Layers.Select(l =>
        {
            var early = l.Search.Trace.BestAfter(Math.Min(initialBudget, l.Search.Evaluations));
            double? ratio = l.Search.HasValidMapping && double.IsFinite(early) ? early / l.Search.BestCost : null;
            return new LayerOutcome(
                l.Layer.LayerNames, l.Layer.Repeat,
                l.Search.HasValidMapping ? l.Search.BestSummary.Cycles : 0,
                l.Search.HasValidMapping ? l.Search.BestSummary.EnergyPj : 0,
                l.Search.Evaluations,
                l.Search.BestMapping is { } m ? TimeloopMappingWriter.Write(m, l.Layer.Problem, Hardware!.Architecture) : null,
                ratio);
        })];
    }
}
