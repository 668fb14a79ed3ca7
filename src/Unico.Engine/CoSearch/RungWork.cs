using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Unico.Engine.Hardware;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>
/// One unit of a rung's mapping work: continue some layer searches of one hardware point to their
/// targets. Items are what a run hands to other machines (<see cref="IRungExecutor"/>); each
/// carries its searches' state, so any machine can continue them, and the run is the same
/// whoever executes them and however a rung is cut into items.
/// </summary>
/// <param name="PointId">The point.</param>
/// <param name="Batch">The batch that proposed it.</param>
/// <param name="Rung">The rung (0-based) of the batch.</param>
/// <param name="Part">Which part of the point's layers (0 when the point is one item).</param>
/// <param name="Vector">The point's coordinates in the hardware search space.</param>
/// <param name="Layers">Which distinct layers to run, from where, and to how many evaluations.</param>
public sealed record RungItem(int PointId, int Batch, int Rung, int Part, ImmutableArray<double> Vector, ImmutableArray<LayerTarget> Layers)
{
    /// <summary>Mapping evaluations the item runs.</summary>
    public long Work => Layers.Sum(l => l.Work);
}

/// <summary>A layer search, its state so far and the evaluation count it is to reach.</summary>
/// <param name="Layer">Index among the workload's distinct layers.</param>
/// <param name="Start">The search's state before the item (null: not started).</param>
/// <param name="Evaluations">Evaluations the search has made when the item is done (cumulative over rungs).</param>
public sealed record LayerTarget(int Layer, MappingSearchSnapshot? Start, long Evaluations)
{
    /// <summary>Mapping evaluations it runs.</summary>
    public long Work => Evaluations - (Start?.Evaluations ?? 0);
}

/// <summary>What executing a <see cref="RungItem"/> found: one snapshot per layer it named, in its order.</summary>
/// <param name="PointId">The point.</param>
/// <param name="Rung">The rung.</param>
/// <param name="Part">The part.</param>
/// <param name="Layers">The layer searches' snapshots.</param>
public sealed record RungItemResult(int PointId, int Rung, int Part, ImmutableArray<LayerSnapshot> Layers);

/// <summary>A layer search's snapshot.</summary>
/// <param name="Layer">Index among the workload's distinct layers.</param>
/// <param name="Search">Its state.</param>
public sealed record LayerSnapshot(int Layer, MappingSearchSnapshot Search);

/// <summary>
/// Executes a rung's mapping work somewhere else than the run's own threads (other processes or
/// machines). A run given one hands it the rungs worth handing out and waits for their results.
/// </summary>
public interface IRungExecutor
{
    /// <summary>How many items it runs at once now; a rung is cut into about twice as many.</summary>
    int Parallelism { get; }

    /// <summary>A rung that needs fewer mapping evaluations than this runs on the run's own threads.</summary>
    long MinEvaluations { get; }

    /// <summary>
    /// Executes the items (all of one rung) and returns one result per item, in the items' order.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// fires, and any other exception to fail the run.
    /// </summary>
    IReadOnlyList<RungItemResult> Execute(IReadOnlyList<RungItem> items, CancellationToken cancellationToken);
}

/// <summary>The JSON of rung items and results (snake_case; infinities as named literals).</summary>
public static class RungWorkJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>An item as JSON.</summary>
    public static string Write(RungItem item) => JsonSerializer.Serialize(item, Options);

    /// <summary>A result as JSON.</summary>
    public static string Write(RungItemResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Reads an item; <paramref name="source"/> names it in errors.</summary>
    public static RungItem ReadItem(string json, string source) => Read<RungItem>(json, source);

    /// <summary>Reads a result; <paramref name="source"/> names it in errors.</summary>
    public static RungItemResult ReadResult(string json, string source) => Read<RungItemResult>(json, source);

    private static T Read<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new UnicoInputException("is empty", source);
        }
        catch (JsonException e)
        {
            throw new UnicoInputException($"is damaged: {e.Message}", source, (int?)(e.LineNumber + 1));
        }
    }
}

/// <summary>
/// Executes rung items of one run config on this machine's cores: each layer search is rebuilt
/// from the item's state and continued to its target. The built hardware and map-spaces of recent
/// points are kept, since a point's next rung (or its other parts) often comes here too.
/// Thread-safe.
/// </summary>
public sealed class RungItemRunner
{
    private readonly CoSearchConfig _config;
    private readonly DesignSpace _space;
    private readonly Workload _training;
    private readonly int _keep;
    private readonly ConcurrentDictionary<int, (ImmutableArray<double> Vector, Lazy<HardwarePoint> Point, long LastUse)> _points = new();
    private long _uses;

    /// <summary>Resolves the config's space and training workloads (as the run does).</summary>
    /// <param name="config">The run's config, with inputs this machine can read.</param>
    /// <param name="keep">How many points' map-spaces to keep.</param>
    public RungItemRunner(CoSearchConfig config, int keep = 64)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        (_space, _training) = CoSearchRun.ResolveTraining(config);
        _keep = Math.Max(1, keep);
    }

    /// <summary>
    /// Continues the item's layer searches to their targets, <paramref name="threads"/> layers at
    /// a time (0 or less: one per core), and returns their snapshots.
    /// </summary>
    /// <exception cref="UnicoInputException">The item does not fit the config (a layer, point or state that cannot be).</exception>
    public RungItemResult Execute(RungItem item, int threads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var point = Point(item);
        var layers = point.Search?.Layers
            ?? throw new UnicoInputException($"point {item.PointId} cannot be evaluated: {point.InfeasibleReason}", "rung item");
        var searches = new MappingSearch[item.Layers.Length];
        for (var i = 0; i < searches.Length; i++)
        {
            var target = item.Layers[i];
            if (target.Layer < 0 || target.Layer >= layers.Count)
                throw new UnicoInputException($"layer {target.Layer} does not exist (the training workloads have {layers.Count} distinct layers)", "rung item");
            var template = layers[target.Layer].Search;
            searches[i] = MappingSearch.Create(template.Space, template.Options);
            if (target.Start is { } start)
            {
                try
                {
                    searches[i].Restore(start);
                }
                catch (ArgumentException e)
                {
                    throw new UnicoInputException($"layer {target.Layer}: {e.Message}", "rung item");
                }
            }
            if (searches[i].Evaluations > target.Evaluations)
                throw new UnicoInputException($"layer {target.Layer} starts past its target ({searches[i].Evaluations} > {target.Evaluations} evaluations)", "rung item");
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancellationToken };
        var order = Enumerable.Range(0, searches.Length).OrderByDescending(i => item.Layers[i].Evaluations - searches[i].Evaluations).ToList();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options,
            i => searches[i].Run(item.Layers[i].Evaluations - searches[i].Evaluations, cancellationToken));
        return new RungItemResult(item.PointId, item.Rung, item.Part,
            [.. item.Layers.Select((l, i) => new LayerSnapshot(l.Layer, searches[i].Snapshot()))]);
    }

    // The point's hardware and map-spaces (its searches only serve as templates).
    private HardwarePoint Point(RungItem item)
    {
        var use = Interlocked.Increment(ref _uses);
        var entry = _points.AddOrUpdate(item.PointId,
            _ => (item.Vector, Build(item), use),
            (_, e) => e.Vector.SequenceEqual(item.Vector) ? e with { LastUse = use } : (item.Vector, Build(item), use));
        if (_points.Count > _keep)
        {
            foreach (var (id, _) in _points.OrderBy(p => p.Value.LastUse).Take(_points.Count - _keep).ToList()) _points.TryRemove(id, out _);
        }
        return entry.Point.Value;
    }

    private Lazy<HardwarePoint> Build(RungItem item) => new(() =>
    {
        var vector = item.Vector.ToArray();
        return new HardwarePoint(item.PointId, item.Batch, vector, _space.Decode(vector), _space, _training, _config);
    });
}
