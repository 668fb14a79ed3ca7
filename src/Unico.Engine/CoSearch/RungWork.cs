using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Unico.Engine.Hardware;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>
/// One unit of a rung's mapping work: bring some layer searches of one hardware point to their
/// targets. Items are what a run hands to other machines (<see cref="IRungExecutor"/>); a run is
/// deterministic whoever executes them, since a layer search's result depends only on the run's
/// seed, the point and the number of evaluations it reached.
/// </summary>
/// <param name="PointId">The point (its id seeds its mapping searches).</param>
/// <param name="Batch">The batch that proposed it.</param>
/// <param name="Rung">The rung (0-based) of the batch.</param>
/// <param name="Vector">The point's coordinates in the hardware search space.</param>
/// <param name="Layers">Which distinct layers to run, and to how many evaluations each.</param>
public sealed record RungItem(int PointId, int Batch, int Rung, ImmutableArray<double> Vector, ImmutableArray<LayerTarget> Layers)
{
    /// <summary>Mapping evaluations the item's layers reach in all.</summary>
    public long TargetEvaluations => Layers.Sum(l => l.Evaluations);

    /// <summary>True when <paramref name="other"/> asks for exactly the same work.</summary>
    public bool SameWork(RungItem other) =>
        other is not null && PointId == other.PointId && Batch == other.Batch && Rung == other.Rung
        && Vector.SequenceEqual(other.Vector) && Layers.SequenceEqual(other.Layers);
}

/// <summary>A layer search and the evaluation count it is to reach.</summary>
/// <param name="Layer">Index among the workload's distinct layers.</param>
/// <param name="Evaluations">Evaluations the search has made when the item is done (cumulative over rungs).</param>
public readonly record struct LayerTarget(int Layer, long Evaluations);

/// <summary>What executing a <see cref="RungItem"/> found: one snapshot per layer it named, in its order.</summary>
/// <param name="PointId">The point.</param>
/// <param name="Rung">The rung.</param>
/// <param name="Layers">The layer searches' snapshots.</param>
public sealed record RungItemResult(int PointId, int Rung, ImmutableArray<LayerSnapshot> Layers);

/// <summary>A layer search's snapshot.</summary>
/// <param name="Layer">Index among the workload's distinct layers.</param>
/// <param name="Search">What it found.</param>
public sealed record LayerSnapshot(int Layer, MappingSearchSnapshot Search);

/// <summary>
/// Executes a rung's mapping work somewhere else than the run's own threads (other processes or
/// machines). A run given one hands it every rung's items and waits for their results.
/// </summary>
public interface IRungExecutor
{
    /// <summary>
    /// Executes the items and returns one result per item (any order). Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, and
    /// any other exception to fail the run.
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
/// Executes rung items of one run config on this machine's cores. It keeps the searches it ran
/// (up to a bound), so the next rung of a point it ran continues them; any other item is replayed
/// from the point's seed, which gives the same searches (see <see cref="MappingSearch.Run"/>).
/// Thread-safe: items of different points run at once, items of the same point one after another.
/// </summary>
public sealed class RungItemRunner
{
    private readonly CoSearchConfig _config;
    private readonly DesignSpace _space;
    private readonly Workload _training;
    private readonly int _keep;
    private readonly ConcurrentDictionary<int, Cached> _points = new();
    private long _uses;

    /// <summary>Resolves the config's space and training workloads (as the run does).</summary>
    /// <param name="config">The run's config, with inputs this machine can read.</param>
    /// <param name="keep">How many points' searches to keep for their next rung.</param>
    public RungItemRunner(CoSearchConfig config, int keep = 64)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        (_space, _training) = CoSearchRun.ResolveTraining(config);
        _keep = Math.Max(1, keep);
    }

    /// <summary>Mapping evaluations run here that a cached search did not already hold (replays included).</summary>
    public long EvaluationsRun => Interlocked.Read(ref _evaluationsRun);

    private long _evaluationsRun;

    /// <summary>
    /// Brings the item's layer searches to their targets, <paramref name="threads"/> layers at a
    /// time (-1: every core), and returns their snapshots.
    /// </summary>
    /// <exception cref="UnicoInputException">The item does not fit the config (a layer or point that cannot exist).</exception>
    public RungItemResult Execute(RungItem item, int threads = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var cached = _points.AddOrUpdate(item.PointId, _ => Build(item), (_, c) => c.Vector.SequenceEqual(item.Vector) ? c : Build(item));
        lock (cached)
        {
            cached.LastUse = Interlocked.Increment(ref _uses);
            var search = cached.Point.Search
                ?? throw new UnicoInputException($"point {item.PointId} cannot be evaluated: {cached.Point.InfeasibleReason}", "rung item");
            foreach (var l in item.Layers)
            {
                if (l.Layer < 0 || l.Layer >= search.Layers.Count)
                    throw new UnicoInputException($"layer {l.Layer} does not exist (the training workloads have {search.Layers.Count} distinct layers)", "rung item");
            }
            // A search past its target (an item run again after a later rung ran here) is replayed.
            if (item.Layers.Any(l => search.Layers[l.Layer].Search.Evaluations > l.Evaluations))
                search = cached.Replay(Build(item));
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
            var work = item.Layers.OrderByDescending(l => l.Evaluations - search.Layers[l.Layer].Search.Evaluations).ToList();
            Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering), options, l =>
            {
                var s = search.Layers[l.Layer].Search;
                var before = s.Evaluations;
                try
                {
                    s.Run(l.Evaluations - before, cancellationToken);
                }
                finally
                {
                    Interlocked.Add(ref _evaluationsRun, s.Evaluations - before);
                }
            });
            var result = new RungItemResult(item.PointId, item.Rung, [.. item.Layers.Select(l => new LayerSnapshot(l.Layer, search.Layers[l.Layer].Search.Snapshot()))]);
            Trim();
            return result;
        }
    }

    private Cached Build(RungItem item)
    {
        var vector = item.Vector.ToArray();
        var design = _space.Decode(vector);
        return new Cached(item.Vector, new HardwarePoint(item.PointId, item.Batch, vector, design, _space, _training, _config));
    }

    // The least recently used points beyond the bound are dropped (their next item replays).
    private void Trim()
    {
        if (_points.Count <= _keep) return;
        foreach (var (id, _) in _points.OrderBy(p => p.Value.LastUse).Take(_points.Count - _keep).ToList()) _points.TryRemove(id, out _);
    }

    private sealed class Cached(ImmutableArray<double> vector, HardwarePoint point)
    {
        public ImmutableArray<double> Vector { get; } = vector;

        public HardwarePoint Point { get; private set; } = point;

        public long LastUse { get; set; }

        // Starts the point's searches again from their seeds (same vector, same point).
        public WorkloadMappingSearch Replay(Cached fresh)
        {
            Point = fresh.Point;
            return Point.Search!;
        }
    }
}
