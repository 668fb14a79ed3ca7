using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.Hardware;

namespace Unico.Web.Components.Pages.DesignSpaces;

/// <summary>One parameter row of the design-space editor.</summary>
public sealed class ParameterDraft
{
    /// <summary>Template parameter name.</summary>
    public required string Name { get; init; }

    /// <summary>What the parameter means.</summary>
    public string Description { get; init; } = "";

    /// <summary>True for a category (names) parameter.</summary>
    public bool IsCategory { get; init; }

    /// <summary>fixed, range, pow2, set, choices.</summary>
    public string Kind { get; set; } = "fixed";

    /// <summary>Fixed value.</summary>
    public string Value { get; set; } = "";

    /// <summary>Range/pow2 minimum.</summary>
    public long? Min { get; set; }

    /// <summary>Range/pow2 maximum.</summary>
    public long? Max { get; set; }

    /// <summary>Range step.</summary>
    public long? Step { get; set; }

    /// <summary>Set or choices, comma separated.</summary>
    public string List { get; set; } = "";

    /// <summary>Default value (empty: the template's or the domain's first).</summary>
    public string Default { get; set; } = "";
}

/// <summary>
/// The design-space editor's state. It writes the space's JSON format and lets the engine parse
/// it: the engine's errors name the key (<c>parameters.pe_rows.max</c>), which the editor shows
/// on the parameter's row.
/// </summary>
public sealed class SpaceDraft
{
    /// <summary>Kinds of domain.</summary>
    public static IReadOnlyList<(string Key, string Label)> Kinds { get; } =
        [("fixed", "fixed"), ("range", "integer range"), ("pow2", "powers of two"), ("set", "set of integers"), ("choices", "choices")];

    /// <summary>Space name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Description.</summary>
    public string Description { get; set; } = "";

    /// <summary>Area cap (mm^2).</summary>
    public double? MaxAreaMm2 { get; set; }

    /// <summary>PE cap.</summary>
    public long? MaxPes { get; set; }

    /// <summary>MAC cap.</summary>
    public long? MaxMacs { get; set; }

    /// <summary>One row per template parameter.</summary>
    public List<ParameterDraft> Parameters { get; } = [];

    /// <summary>
    /// A draft of a space (every template parameter listed): the space itself to edit it, or with a
    /// new <paramref name="name"/> a copy, which says what it was copied from rather than
    /// claiming the original's description.
    /// </summary>
    public static SpaceDraft From(DesignSpace space, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        var draft = new SpaceDraft
        {
            Name = name ?? space.Name,
            Description = name is null ? space.Description : $"Based on {space.Name}.",
            MaxAreaMm2 = space.Constraints.MaxAreaMm2,
            MaxPes = space.Constraints.MaxPes,
            MaxMacs = space.Constraints.MaxMacs,
        };
        foreach (var p in space.Parameters)
        {
            var template = HardwareParameters.Find(p.Name);
            var d = p.Domain;
            var row = new ParameterDraft
            {
                Name = p.Name,
                Description = template?.Description ?? "",
                IsCategory = template?.Type == ParameterType.Category,
                Default = space.Default.Contains(p.Name) ? space.Default[p.Name].ToString() : "",
            };
            switch (d.Kind)
            {
                case DomainKind.Fixed:
                    row.Kind = "fixed";
                    row.Value = d.Listed[0].ToString();
                    row.Default = "";
                    break;
                case DomainKind.IntegerRange:
                    row.Kind = "range";
                    row.Min = d.Min;
                    row.Max = d.Max;
                    row.Step = d.Step == 1 ? null : d.Step;
                    break;
                case DomainKind.PowerOfTwo:
                    row.Kind = "pow2";
                    row.Min = d.Min;
                    row.Max = d.Max;
                    break;
                case DomainKind.IntegerSet:
                    row.Kind = "set";
                    row.List = string.Join(", ", d.Listed);
                    break;
                default:
                    row.Kind = "choices";
                    row.List = string.Join(", ", d.Listed);
                    break;
            }
            draft.Parameters.Add(row);
        }
        return draft;
    }

    /// <summary>The space JSON (engine format). Values that are not numbers stay text for the engine to judge.</summary>
    public string ToJson()
    {
        var parameters = new JsonObject();
        var defaults = new JsonObject();
        foreach (var p in Parameters)
        {
            parameters[p.Name] = p.Kind switch
            {
                "range" => Range(p),
                "pow2" => new JsonObject { ["min"] = p.Min, ["max"] = p.Max, ["pow2"] = true },
                "set" => new JsonObject { ["values"] = ListOf(p.List) },
                "choices" => new JsonObject { ["choices"] = ListOf(p.List) },
                _ => Scalar(p.Value),
            };
            if (p.Kind != "fixed" && !string.IsNullOrWhiteSpace(p.Default)) defaults[p.Name] = Scalar(p.Default);
        }
        var obj = new JsonObject { ["name"] = Name };
        if (!string.IsNullOrWhiteSpace(Description)) obj["description"] = Description;
        obj["parameters"] = parameters;
        var constraints = new JsonObject();
        if (MaxAreaMm2 is { } a) constraints["max_area_mm2"] = a;
        if (MaxPes is { } pes) constraints["max_pes"] = pes;
        if (MaxMacs is { } macs) constraints["max_macs"] = macs;
        if (constraints.Count > 0) obj["constraints"] = constraints;
        if (defaults.Count > 0) obj["default"] = defaults;
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The row a field path such as <c>parameters.pe_rows.max</c> or <c>default.pe_rows</c> belongs to.</summary>
    public static string? RowOf(string? field)
    {
        if (field is null) return null;
        var parts = field.Split('.');
        if (parts.Length >= 2 && parts[0] is "parameters" or "default") return parts[1];
        return HardwareParameters.Find(field) is not null ? field : null;
    }

    private static JsonObject Range(ParameterDraft p)
    {
        var o = new JsonObject { ["min"] = p.Min, ["max"] = p.Max };
        if (p.Step is { } s) o["step"] = s;
        return o;
    }

    private static JsonArray ListOf(string text) =>
        new([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Scalar)]);

    private static JsonNode Scalar(string text)
    {
        var t = text.Trim();
        return long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(t);
    }
}
