using System.Text.Json;
using Unico.Engine.CoSearch;

namespace Unico.Web.Runs;

/// <summary>JSON of engine events and stored lists (snake_case, as the engine's result files).</summary>
public static class EventJson
{
    /// <summary>Options used for every stored JSON column and API body.</summary>
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>An event with its "type" discriminator.</summary>
    public static string Write(CoSearchEvent e) => JsonSerializer.Serialize(e, Options);

    /// <summary>Reads an event written by <see cref="Write(CoSearchEvent)"/>.</summary>
    public static CoSearchEvent Read(string json) =>
        JsonSerializer.Deserialize<CoSearchEvent>(json, Options) ?? throw new JsonException("empty event");

    /// <summary>The discriminator of an event type, e.g. point_evaluated.</summary>
    public static string TypeName(CoSearchEvent e) => e switch
    {
        RunStarted => "run_started",
        HardwarePointProposed => "point_proposed",
        RungStarted => "rung_started",
        RungFinished => "rung_finished",
        HardwarePointEvaluated => "point_evaluated",
        RobustnessComputed => "robustness_computed",
        FrontChanged => "front_changed",
        RunFinished => "run_finished",
        RunFailed => "run_failed",
        RunCancelled => "run_cancelled",
        _ => "event",
    };

    /// <summary>Serializes any value.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads any value (default when the text is null or empty).</summary>
    public static T? Deserialize<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
