using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.Hardware;

/// <summary>
/// One hardware design point: parameter name to value, e.g. <c>{"pe_rows": 12, "dataflow":
/// "row_stationary"}</c>. Compared by value. A point read from a file may list only some
/// parameters; <see cref="DesignSpace.Complete"/> fills in the space's defaults.
/// </summary>
public sealed record DesignPoint
{
    /// <summary>Creates a point from name/value pairs (later pairs win).</summary>
    public DesignPoint(IEnumerable<KeyValuePair<string, ParameterValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var (k, v) in values) builder[k] = v;
        Values = builder.ToImmutable();
    }

    /// <summary>Values by parameter name, sorted by name.</summary>
    public ImmutableSortedDictionary<string, ParameterValue> Values { get; }

    /// <summary>The value of a parameter; throws when the point does not list it.</summary>
    public ParameterValue this[string name] =>
        Values.TryGetValue(name, out var v) ? v : throw new UnicoInputException("the design point has no value for this parameter", field: name);

    /// <summary>True when the point lists the parameter.</summary>
    public bool Contains(string name) => Values.ContainsKey(name);

    /// <summary>This point with one value set.</summary>
    public DesignPoint With(string name, ParameterValue value) => new(Values.SetItem(name, value));

    /// <summary>This point with one integer value set.</summary>
    public DesignPoint With(string name, long value) => With(name, ParameterValue.Of(value));

    /// <summary>This point with one category value set.</summary>
    public DesignPoint With(string name, string value) => With(name, ParameterValue.Of(value));

    /// <summary>Value equality over all parameters.</summary>
    public bool Equals(DesignPoint? other)
    {
        if (other is null || other.Values.Count != Values.Count) return false;
        foreach (var (k, v) in Values)
        {
            if (!other.Values.TryGetValue(k, out var w) || v != w) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in Values)
        {
            hash.Add(k, StringComparer.Ordinal);
            hash.Add(v);
        }
        return hash.ToHashCode();
    }

    /// <summary>Canonical one-line form, <c>name=value</c> pairs sorted by name.</summary>
    public override string ToString() => string.Join(",", Values.Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>The point as a flat JSON object.</summary>
    public JsonObject ToJsonObject()
    {
        var obj = new JsonObject();
        foreach (var (k, v) in Values) obj[k] = v.IsText ? JsonValue.Create(v.Text) : JsonValue.Create(v.Number);
        return obj;
    }

    /// <summary>The point as JSON text.</summary>
    public string ToJson(bool indented = true) => ToJsonObject().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>
    /// Reads a point: a flat JSON object of integers and strings. Errors name the file, line and key.
    /// Values are not checked against a space here (see <see cref="DesignSpace.ParsePoint"/>).
    /// </summary>
    public static DesignPoint Parse(string json, string? file = null)
    {
        using var source = JsonSource.Parse(json, file);
        return FromJson(source);
    }

    /// <summary>Reads a point from a file.</summary>
    public static DesignPoint Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    internal static DesignPoint FromJson(JsonSource source, string prefix = "")
    {
        var root = source.Root;
        if (prefix.Length > 0)
        {
            foreach (var part in prefix.Split('.')) root = root.GetProperty(part);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw source.Error(prefix, "a design point must be a JSON object of parameter: value pairs");
        var values = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var property in root.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            values.Add(KeyValuePair.Create(property.Name, ReadValue(source, property.Value, path)));
        }
        return new DesignPoint(values);
    }

    internal static ParameterValue ReadValue(JsonSource source, JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => ParameterValue.Of(value.GetString()!),
        JsonValueKind.Number when value.TryGetInt64(out var n) => ParameterValue.Of(n),
        JsonValueKind.Number => throw source.Error(path, $"expected an integer, got {value.GetRawText()}"),
        _ => throw source.Error(path, $"expected an integer or a string, got {Describe(value)}"),
    };

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
