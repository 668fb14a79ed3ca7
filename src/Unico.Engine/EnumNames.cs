using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Unico.Engine;

/// <summary>
/// The one naming table of the engine's vocabularies: every enum value is written as its name in
/// snake_case (<c>HighFidelityOnly</c> is <c>high_fidelity_only</c>) in config files, result files,
/// the CLI, the web API and the database, and read back by name only (never by number).
/// </summary>
public static class EnumNames
{
    /// <summary>The value's name in snake_case.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Snake(value.ToString());

    /// <summary>Every value's name, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => [.. Enum.GetValues<T>().Select(Of)];

    /// <summary>The value named <paramref name="name"/> (snake_case, any case; hyphens as underscores); false for anything else, numbers included.</summary>
    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrEmpty(name)) return false;
        var wanted = name.Replace('-', '_').ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Of(candidate) == wanted)
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>A PascalCase name in snake_case.</summary>
    public static string Snake(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var b = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) b.Append('_');
            b.Append(char.ToLowerInvariant(pascal[i]));
        }
        return b.ToString();
    }
}

/// <summary>Writes and reads an enum in JSON by its <see cref="EnumNames"/> name (never by number).</summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class EnumNameConverter<T> : JsonConverter<T> where T : struct, Enum
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return EnumNames.TryParse<T>(name, out var value) ? value
            : throw new JsonException($"expected one of {string.Join(", ", EnumNames.All<T>())}");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(EnumNames.Of(value));
    }
}
