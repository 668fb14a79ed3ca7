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
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

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
