using Unico.Engine.CostModel;
using Unico.Engine.Workloads;

namespace Unico.Engine.Mapping;

/// <summary>One distinct layer of a workload and its mapping search.</summary>
/// <param name="Layer">The layer (problem and how many times the workload runs it).</param>
/// <param name="Search">Its resumable search.</param>
public sealed record LayerSearch(DistinctLayer Layer, MappingSearch Search);

/// <summary>Totals of a workload on one piece of hardware, from the best mapping of each layer.</summary>
/// <param name="Cycles">Sum over layers of cycles x repeat.</param>
/// <param name="EnergyPj">Sum over layers of energy x repeat.</param>
/// <param name="Complete">True when every layer has a valid mapping.</param>
public readonly record struct WorkloadCost(double Cycles, double EnergyPj, bool Complete);

/// <summary>
/// The mapping searches of a whole workload on one piece of hardware: each distinct layer is
/// searched once (repeats and identical layers share a search) and the searches run in parallel.
/// Budgets are per layer and cumulative, so successive halving can raise them rung by rung.
/// </summary>
public sealed class WorkloadMappingSearch
{
    /// <summary>Creates one search per distinct layer, each seeded from <paramref name="options"/>'s seed and its index.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="architecture">The hardware.</param>
    /// <param name="constraints">Mapping constraints by level name.</param>
    /// <param name="containerLevels">Container to fan-out level names (may be empty).</param>
    /// <param name="options">Mapper settings.</param>
    public WorkloadMappingSearch(Workload workload, Architecture architecture,
        IReadOnlyDictionary<string, LevelConstraints> constraints, IReadOnlyDictionary<string, string>? containerLevels, MapperOptions options)
        : this(workload, architecture, _ => constraints, containerLevels, options)
    {
    }

    /// <summary>As the other constructor, with constraints chosen per problem shape (e.g. a conv
    /// dataflow translated to GEMM dimensions).</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="architecture">The hardware.</param>
    /// <param name="constraintsFor">Mapping constraints by level name, for a problem shape.</param>
    /// <param name="containerLevels">Container to fan-out level names (may be empty).</param>
    /// <param name="options">Mapper settings.</param>
    public WorkloadMappingSearch(Workload workload, Architecture architecture,
        Func<ProblemShape, IReadOnlyDictionary<string, LevelConstraints>> constraintsFor,
        IReadOnlyDictionary<string, string>? containerLevels, MapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(constraintsFor);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        Workload = workload;
        Architecture = architecture;
        var layers = new List<LayerSearch>();
        var index = 0UL;
        foreach (var layer in workload.DistinctLayers())
        {
            var space = MapSpace.Create(layer.Problem, architecture, constraintsFor(layer.Problem.Shape), containerLevels, ignoreUnknownDimensions: true);
            var seed = Prng.Derive(options.Seed, index++);
            layers.Add(new LayerSearch(layer, MappingSearch.Create(space, options with { Seed = seed })));
        }
        Layers = layers;
    }

    /// <summary>The workload.</summary>
    public Workload Workload { get; }

    /// <summary>The hardware.</summary>
    public Architecture Architecture { get; }

    /// <summary>One search per distinct layer.</summary>
    public IReadOnlyList<LayerSearch> Layers { get; }

    /// <summary>Evaluations per layer reached so far (the smallest, if they differ).</summary>
    public long PerLayerEvaluations => Layers.Count == 0 ? 0 : Layers.Min(l => l.Search.Evaluations);

    /// <summary>Mapping evaluations spent over all layers.</summary>
    public long TotalEvaluations => Layers.Sum(l => l.Search.Evaluations);

    /// <summary>Runs every layer's search up to <paramref name="perLayerBudget"/> evaluations, <paramref name="maxParallelism"/> at a time (0 or less: one per core).</summary>
    public void RunTo(long perLayerBudget, int maxParallelism = 0, CancellationToken cancellationToken = default)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.ForEach(Layers, options, layer =>
        {
            var more = perLayerBudget - layer.Search.Evaluations;
            if (more > 0) layer.Search.Run(more, cancellationToken);
        });
    }

    /// <summary>Totals from the best mapping of each layer, weighted by repeat count.</summary>
    public WorkloadCost Cost()
    {
        double cycles = 0, energy = 0;
        var complete = true;
        foreach (var (layer, search) in Layers)
        {
            if (!search.HasValidMapping)
            {
                complete = false;
                continue;
            }
            cycles += (double)search.BestSummary.Cycles * layer.Repeat;
            energy += search.BestSummary.EnergyPj * layer.Repeat;
        }
        return new WorkloadCost(cycles, energy, complete);
    }

    /// <summary>True when every layer's search has plateaued (see <see cref="MappingSearch.HasPlateaued"/>).</summary>
    public bool HasPlateaued(long window, double epsilon) => Layers.All(l => l.Search.HasPlateaued(window, epsilon));
}
