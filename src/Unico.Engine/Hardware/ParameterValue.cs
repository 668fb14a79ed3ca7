using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Unico.Engine.Hardware;

/// <summary>
/// The value of one design parameter: an integer or a category name. In JSON it is what a design
/// point file holds: an integer is a number (<c>16</c>), a category a string (<c>"row_stationary"</c>).
/// </summary>
[JsonConverter(typeof(ParameterValueJsonConverter))]
public readonly record struct ParameterValue
{
    private ParameterValue(long number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The integer value (0 for a category).</summary>
    public long Number { get; }

    /// <summary>The category name, or null for an integer.</summary>
    public string? Text { get; }

    /// <summary>True for a category name.</summary>
    public bool IsText => Text is not null;

    /// <summary>An integer value.</summary>
    public static ParameterValue Of(long number) => new(number, null);

    /// <summary>A category value.</summary>
    public static ParameterValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(0, text);
    }

    /// <summary>The value as written in JSON and on the command line.</summary>
    public override string ToString() => Text ?? Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Writes a <see cref="ParameterValue"/> as a JSON number or string and reads it back; anything else is refused.</summary>
internal sealed class ParameterValueJsonConverter : JsonConverter<ParameterValue>
{
    public override ParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => ParameterValue.Of(reader.GetString()!),
        JsonTokenType.Number when reader.TryGetInt64(out var n) => ParameterValue.Of(n),
        _ => throw new JsonException("a parameter value is an integer or a string"),
    };

    public override void Write(Utf8JsonWriter writer, ParameterValue value, JsonSerializerOptions options)
    {
        if (value.IsText) writer.WriteStringValue(value.Text);
        else writer.WriteNumberValue(value.Number);
    }
}
