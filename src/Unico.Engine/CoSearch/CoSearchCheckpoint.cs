using System.Text.Json;
using Unico.Engine.Optimization;

namespace Unico.Engine.CoSearch;

/// <summary>
/// What a run needs to continue after its process died: every completed point, the optimizer's
/// observations and state, counters and the hypervolume history. Written atomically after every
/// batch (write to a temporary file, then rename), so a crash never leaves a torn checkpoint.
/// </summary>
/// <param name="Config">The run config as JSON (a resumed run must have the same).</param>
/// <param name="NextBatch">Batch to run next.</param>
/// <param name="NextPointId">Id of the next proposed point.</param>
/// <param name="NextSequence">Sequence number of the next event.</param>
/// <param name="Seconds">Wall time spent before the checkpoint.</param>
/// <param name="MappingEvaluations">Mapping evaluations spent.</param>
/// <param name="Points">Completed points.</param>
/// <param name="Observations">The optimizer's observations, in order.</param>
/// <param name="Optimizer">The optimizer's counters and model state.</param>
/// <param name="Bounds">Hypervolume normalization, once fixed.</param>
/// <param name="History">Hypervolume history.</param>
/// <param name="ProposingSeconds">Of <paramref name="Seconds"/>, the time spent proposing points.</param>
public sealed record CoSearchCheckpoint(
    string Config, int NextBatch, int NextPointId, long NextSequence, double Seconds, long MappingEvaluations,
    IReadOnlyList<PointOutcome> Points, IReadOnlyList<Observation> Observations, OptimizerCheckpoint Optimizer,
    ObjectiveBounds? Bounds, IReadOnlyList<HypervolumePoint> History, double ProposingSeconds = 0)
{
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The checkpoint as JSON (what <see cref="Save"/> writes and <see cref="Parse"/> reads).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a checkpoint.</summary>
    public static CoSearchCheckpoint Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads a checkpoint from its text; <paramref name="path"/> names it in errors.</summary>
    public static CoSearchCheckpoint Parse(string json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CoSearchCheckpoint>(json, Json)
                ?? throw new UnicoInputException("checkpoint is empty", path);
        }
        catch (JsonException e)
        {
            throw new UnicoInputException($"checkpoint is damaged: {e.Message}", path, (int?)(e.LineNumber + 1));
        }
    }
}

/// <summary>
/// Where a run keeps its checkpoint: read once when the run starts (to resume), replaced after
/// batches (every batch when saving is cheap, see <see cref="CoSearchRun.CheckpointSpacing"/>). Called from the run's thread; a store must make each replacement atomic (a reader
/// finds the old checkpoint or the new one, never a torn one).
/// </summary>
public interface ICheckpointStore
{
    /// <summary>The stored checkpoint, or null when the run has none yet.</summary>
    CoSearchCheckpoint? Load();

    /// <summary>Replaces the stored checkpoint.</summary>
    void Save(CoSearchCheckpoint checkpoint);
}

/// <summary>A checkpoint kept as <c>checkpoint.json</c> in a run's directory (the CLI's and the comparisons' runs).</summary>
/// <param name="Directory">The run's directory (created on the first save).</param>
public sealed record CheckpointFile(string Directory) : ICheckpointStore
{
    /// <summary>The file's name in the directory.</summary>
    public const string Name = "checkpoint.json";

    /// <summary>The file's path.</summary>
    public string Path => System.IO.Path.Combine(Directory, Name);

    /// <inheritdoc/>
    public CoSearchCheckpoint? Load() => File.Exists(Path) ? CoSearchCheckpoint.Load(Path) : null;

    /// <inheritdoc/>
    public void Save(CoSearchCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        System.IO.Directory.CreateDirectory(Directory);
        checkpoint.Save(Path);
    }
}
