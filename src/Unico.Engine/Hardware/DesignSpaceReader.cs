using System.Numerics;
using System.Text.Json;

namespace Unico.Engine.Hardware;

/// <summary>Reads the design-space JSON format (docs/hardware.md), reporting errors with file, line and key.</summary>
internal static class DesignSpaceReader
{
    private static readonly string[] TopKeys = ["name", "description", "names", "parameters", "constraints", "default"];
    private static readonly string[] ConstraintKeys = ["max_area_mm2", "max_pes", "max_macs"];
    private const string ParameterForms = "expected a value, {\"min\", \"max\"[, \"step\"]}, {\"min\", \"max\", \"pow2\": true}, {\"values\": [...]}, {\"choices\": [...]} or {\"value\": ...}";

    public static DesignSpace Read(string json, string? file)
    {
        using var src = JsonSource.Parse(json, file);
        var root = src.Root;
        if (root.ValueKind != JsonValueKind.Object) throw src.Error("", "a design space must be a JSON object");
        if (root.TryGetProperty("architecture", out _) || root.TryGetProperty("architecture_yaml", out _))
            return ArchitectureSpaceReader.Read(src, file);
        foreach (var property in root.EnumerateObject())
        {
            if (!TopKeys.Contains(property.Name, StringComparer.Ordinal))
                throw src.Error(property.Name, $"unknown key (expected: {string.Join(", ", TopKeys)})");
        }
        var name = OptionalString(src, root, "name") ?? (file is null ? "space" : Path.GetFileNameWithoutExtension(file));
        var description = OptionalString(src, root, "description") ?? "";
        var names = ReadNames(src, root);

        if (!root.TryGetProperty("parameters", out var parametersElement))
            throw src.Error("", "missing key 'parameters' (an object of parameter: domain)");
        if (parametersElement.ValueKind != JsonValueKind.Object)
            throw src.Error("parameters", "expected an object of parameter: domain");
        var parameters = new List<DesignParameter>();
        foreach (var property in parametersElement.EnumerateObject())
            parameters.Add(ReadParameter(src, property.Name, property.Value));

        var constraints = ReadConstraints(src, root);

        DesignPoint? defaultPoint = null;
        if (root.TryGetProperty("default", out _))
        {
            defaultPoint = DesignPoint.FromJson(src, "default");
            foreach (var (key, value) in defaultPoint.Values)
            {
                var template = HardwareParameters.Find(key)
                    ?? throw src.Error($"default.{key}", $"unknown parameter (template parameters: {string.Join(", ", HardwareParameters.Names)})");
                var listed = parameters.FirstOrDefault(p => p.Name == key);
                if (listed is not null && !listed.Domain.Contains(value))
                    throw src.Error($"default.{key}", $"{value} is not in the space ({listed.Domain})");
                if (listed is null && template.Check(value) is { } problem)
                    throw src.Error($"default.{key}", problem);
            }
        }

        try
        {
            return DesignSpace.Create(name, parameters, constraints, defaultPoint, names, description, file);
        }
        catch (UnicoInputException e) when (e.File == file && e.Line is null)
        {
            var path = e.Field is null ? "" : e.Field == "default" || e.Field == "names" ? e.Field : $"parameters.{e.Field}";
            throw new UnicoInputException(e.Detail, file, src.LineOf(path) ?? src.LineOf(e.Field ?? ""), e.Field);
        }
    }

    private static DesignParameter ReadParameter(JsonSource src, string name, JsonElement value)
    {
        var path = $"parameters.{name}";
        var template = HardwareParameters.Find(name)
            ?? throw src.Error(path, $"unknown parameter (template parameters: {string.Join(", ", HardwareParameters.Names)})");
        ParameterDomain domain;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number or JsonValueKind.String:
                domain = ParameterDomain.Fixed(DesignPoint.ReadValue(src, value, path));
                break;
            case JsonValueKind.Object:
                domain = ReadDomain(src, path, value);
                break;
            default:
                throw src.Error(path, $"{ParameterForms}; got {DesignPoint.Describe(value)}");
        }
        if (domain.Kind == DomainKind.IntegerSet && template.Type == ParameterType.Number)
        {
            // Report a bad value at its position in the file (the domain keeps them sorted).
            var raw = value.GetProperty("values").EnumerateArray().Select(e => e.GetInt64()).ToList();
            for (var i = 0; i < raw.Count; i++)
            {
                if (template.Check(ParameterValue.Of(raw[i])) is { } problem) throw src.Error($"{path}.values[{i}]", problem);
            }
        }
        DesignSpace.CheckDomain(template, domain, src.File, (suffix, message) => src.Error(path + suffix, message));
        return new DesignParameter(name, domain);
    }

    internal static ParameterDomain ReadDomain(JsonSource src, string path, JsonElement obj, string? alsoAllowed = null)
    {
        var keys = obj.EnumerateObject().Select(p => p.Name).Where(k => k != alsoAllowed).ToList();
        string[] known = ["value", "min", "max", "step", "pow2", "values", "choices"];
        foreach (var key in keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal)) throw src.Error($"{path}.{key}", $"unknown key: {ParameterForms}");
        }
        bool Only(params string[] allowed) => keys.All(k => allowed.Contains(k, StringComparer.Ordinal));

        if (keys.Contains("value"))
        {
            if (!Only("value")) throw src.Error(path, $"'value' cannot be combined with other keys: {ParameterForms}");
            return ParameterDomain.Fixed(DesignPoint.ReadValue(src, obj.GetProperty("value"), $"{path}.value"));
        }
        if (keys.Contains("values"))
        {
            if (!Only("values")) throw src.Error(path, $"'values' cannot be combined with other keys: {ParameterForms}");
            var list = Array(src, obj, path, "values");
            var numbers = new List<long>();
            for (var i = 0; i < list.Count; i++)
            {
                var v = DesignPoint.ReadValue(src, list[i], $"{path}.values[{i}]");
                if (v.IsText) throw src.Error($"{path}.values[{i}]", $"expected an integer, got '{v}' (use \"choices\" for names)");
                if (numbers.Contains(v.Number)) throw src.Error($"{path}.values[{i}]", $"{v} is listed twice");
                numbers.Add(v.Number);
            }
            return ParameterDomain.Set(numbers);
        }
        if (keys.Contains("choices"))
        {
            if (!Only("choices")) throw src.Error(path, $"'choices' cannot be combined with other keys: {ParameterForms}");
            var list = Array(src, obj, path, "choices");
            var names = new List<string>();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].ValueKind != JsonValueKind.String)
                    throw src.Error($"{path}.choices[{i}]", $"expected a name, got {DesignPoint.Describe(list[i])} (use \"values\" for integers)");
                var s = list[i].GetString()!;
                if (names.Contains(s, StringComparer.Ordinal)) throw src.Error($"{path}.choices[{i}]", $"'{s}' is listed twice");
                names.Add(s);
            }
            return ParameterDomain.Categories(names);
        }
        if (!keys.Contains("min") || !keys.Contains("max"))
            throw src.Error(path, $"a range needs both 'min' and 'max': {ParameterForms}");
        var min = Integer(src, obj, path, "min");
        var max = Integer(src, obj, path, "max");
        if (max < min) throw src.Error($"{path}.max", $"max ({max}) is below min ({min})");
        var pow2 = false;
        if (obj.TryGetProperty("pow2", out var pow2Element))
        {
            if (pow2Element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw src.Error($"{path}.pow2", $"expected true or false, got {DesignPoint.Describe(pow2Element)}");
            pow2 = pow2Element.GetBoolean();
        }
        if (pow2)
        {
            if (keys.Contains("step")) throw src.Error($"{path}.step", "a power-of-two range has no step");
            if (min <= 0 || !BitOperations.IsPow2(min)) throw src.Error($"{path}.min", $"{min} is not a power of two");
            if (!BitOperations.IsPow2(max)) throw src.Error($"{path}.max", $"{max} is not a power of two");
            return ParameterDomain.PowerOfTwo(min, max);
        }
        var step = keys.Contains("step") ? Integer(src, obj, path, "step") : 1;
        if (step <= 0) throw src.Error($"{path}.step", $"step must be a positive integer, got {step}");
        return ParameterDomain.Range(min, max, step);
    }

    internal static SpaceConstraints ReadConstraints(JsonSource src, JsonElement root)
    {
        if (!root.TryGetProperty("constraints", out var obj)) return SpaceConstraints.None;
        if (obj.ValueKind != JsonValueKind.Object) throw src.Error("constraints", "expected an object");
        double? area = null;
        long? pes = null, macs = null;
        foreach (var property in obj.EnumerateObject())
        {
            var path = $"constraints.{property.Name}";
            switch (property.Name)
            {
                case "max_area_mm2":
                    if (property.Value.ValueKind != JsonValueKind.Number || property.Value.GetDouble() is not (> 0 and < double.PositiveInfinity))
                        throw src.Error(path, $"expected a positive number of mm^2, got {DesignPoint.Describe(property.Value)}");
                    area = property.Value.GetDouble();
                    break;
                case "max_pes":
                    pes = Positive(src, property.Value, path);
                    break;
                case "max_macs":
                    macs = Positive(src, property.Value, path);
                    break;
                default:
                    throw src.Error(path, $"unknown constraint (expected: {string.Join(", ", ConstraintKeys)})");
            }
        }
        return new SpaceConstraints(area, pes, macs);
    }

    private static LevelNames? ReadNames(JsonSource src, JsonElement root)
    {
        if (!root.TryGetProperty("names", out var obj)) return null;
        if (obj.ValueKind != JsonValueKind.Object) throw src.Error("names", "expected an object of level: name");
        var names = new LevelNames();
        foreach (var property in obj.EnumerateObject())
        {
            var path = $"names.{property.Name}";
            if (!LevelNames.Keys.Contains(property.Name, StringComparer.Ordinal))
                throw src.Error(path, $"unknown level (expected: {string.Join(", ", LevelNames.Keys)})");
            if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                throw src.Error(path, "expected a non-empty name");
            names = names.With(property.Name, property.Value.GetString()!);
        }
        return names;
    }

    internal static string? OptionalString(JsonSource src, JsonElement obj, string key)
    {
        if (!obj.TryGetProperty(key, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw src.Error(key, $"expected a string, got {DesignPoint.Describe(v)}");
        return v.GetString();
    }

    private static List<JsonElement> Array(JsonSource src, JsonElement obj, string path, string key)
    {
        var v = obj.GetProperty(key);
        if (v.ValueKind != JsonValueKind.Array) throw src.Error($"{path}.{key}", $"expected an array, got {DesignPoint.Describe(v)}");
        var list = v.EnumerateArray().ToList();
        if (list.Count == 0) throw src.Error($"{path}.{key}", "the list is empty");
        return list;
    }

    private static long Integer(JsonSource src, JsonElement obj, string path, string key)
    {
        var v = obj.GetProperty(key);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
            throw src.Error($"{path}.{key}", $"expected an integer, got {DesignPoint.Describe(v)}");
        return n;
    }

    private static long Positive(JsonSource src, JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n <= 0)
            throw src.Error(path, $"expected a positive integer, got {DesignPoint.Describe(v)}");
        return n;
    }
}
