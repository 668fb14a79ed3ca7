using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using YamlDocument = Unico.Engine.Interop.Timeloop.YamlDocument;

namespace Unico.Engine.Hardware;

/// <summary>
/// Reads and writes the parameter file of a space around a user's Timeloop architecture
/// (docs/hardware.md): the architecture (a file beside it, or inline), optional energy and area
/// tables, the free parameters as paths into the architecture with their domains, constraint sets,
/// caps and the default point. Every error names the file, line and key.
/// </summary>
internal static class ArchitectureSpaceReader
{
    private static readonly string[] TopKeys =
        ["name", "description", "architecture", "architecture_yaml", "ert", "ert_yaml", "art", "art_yaml", "parameters", "costs", "constraints", "default"];

    public static DesignSpace Read(JsonSource src, string? file)
    {
        var root = src.Root;
        foreach (var property in root.EnumerateObject())
        {
            if (!TopKeys.Contains(property.Name, StringComparer.Ordinal))
                throw src.Error(property.Name, $"unknown key (expected: {string.Join(", ", TopKeys)})");
        }
        var name = DesignSpaceReader.OptionalString(src, root, "name") ?? (file is null ? "space" : Path.GetFileNameWithoutExtension(file));
        var description = DesignSpaceReader.OptionalString(src, root, "description") ?? "";
        var directory = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        var archYaml = Text(src, root, "architecture", directory) ?? throw src.Error("", "missing key 'architecture' (a Timeloop v0.4 architecture file) or 'architecture_yaml'");
        // Errors inside the architecture name its own file (full path), or the inline key.
        var archName = root.TryGetProperty("architecture", out var archPath) && archPath.ValueKind == JsonValueKind.String && directory is not null
            ? Path.GetFullPath(Path.Combine(directory, archPath.GetString()!)) : "architecture_yaml";
        var ert = Text(src, root, "ert", directory);
        var art = Text(src, root, "art", directory);
        var archDoc = Parse(src, archYaml, archName, "architecture");
        var ertTable = ert is null ? null : Check(src, "ert", () => AccelergyTables.Parse(ert, "ert"));
        if (art is not null) Check(src, "art", () => AccelergyTables.Parse(art, "art"));

        if (!root.TryGetProperty("parameters", out var parametersElement) || parametersElement.ValueKind != JsonValueKind.Object)
            throw src.Error(root.TryGetProperty("parameters", out _) ? "parameters" : "", "expected 'parameters': an object of parameter: {\"path\": ..., domain}");
        var placed = ImmutableArray.CreateBuilder<ArchitectureParameter>();
        var domains = new List<DesignParameter>();
        foreach (var property in parametersElement.EnumerateObject())
        {
            var path = $"parameters.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.Object) throw src.Error(path, "expected {\"path\": \"NODE.attributes.KEY\", domain} or {\"constraint_sets\": {...}}");
            var (p, domain) = ReadParameter(src, property.Name, property.Value, archDoc, archName, directory);
            placed.Add(p);
            domains.Add(new DesignParameter(property.Name, domain));
        }
        if (placed.Count == 0) throw src.Error("parameters", "a space needs at least one parameter");

        var constraints = DesignSpaceReader.ReadConstraints(src, root);
        DesignPoint? defaultPoint = null;
        if (root.TryGetProperty("default", out _))
        {
            defaultPoint = DesignPoint.FromJson(src, "default");
            foreach (var (key, value) in defaultPoint.Values)
            {
                var listed = domains.FirstOrDefault(p => p.Name == key) ?? throw src.Error($"default.{key}", $"unknown parameter (parameters: {string.Join(", ", domains.Select(p => p.Name))})");
                if (!listed.Domain.Contains(value)) throw src.Error($"default.{key}", $"{value} is not in the space ({listed.Domain})");
            }
        }

        var costs = ReadCosts(src, root, archDoc, archName, ertTable);
        var arch = new ArchitectureSpace(archYaml, ert, art, placed.ToImmutable(), file, costs, archName);
        DesignSpace space;
        try
        {
            space = DesignSpace.FromArchitecture(name, arch, domains, constraints, defaultPoint, description, file);
        }
        catch (UnicoInputException e) when (e.Line is null)
        {
            var at = e.Field is null ? "" : domains.Any(d => d.Name == e.Field) ? $"parameters.{e.Field}" : e.Field;
            throw new UnicoInputException(e.Detail, file, src.LineOf(at) ?? src.LineOf(e.Field ?? ""), e.Field);
        }

        // Every value of every domain must give a valid architecture with the other parameters at
        // their defaults: a domain that makes a level impossible is the parameter's error.
        foreach (var d in domains)
        {
            foreach (var value in Probes(d.Domain))
            {
                if (!space.TryBuild(space.Default.With(d.Name, value), out _, out var reason) && !IsCap(reason))
                    throw src.Error($"parameters.{d.Name}", $"the value {value} makes the architecture invalid: {reason}");
            }
        }
        return space;
    }

    /// <summary>The space as a self-contained parameter file: the architecture, tables and constraint sets inline.</summary>
    public static JsonObject ToJson(DesignSpace space)
    {
        var arch = space.Architecture!;
        var obj = new JsonObject { ["name"] = space.Name };
        if (space.Description.Length > 0) obj["description"] = space.Description;
        obj["architecture_yaml"] = arch.ArchitectureYaml;
        if (arch.EnergyTableYaml is { } ert) obj["ert_yaml"] = ert;
        if (arch.AreaTableYaml is { } art) obj["art_yaml"] = art;
        var parameters = new JsonObject();
        foreach (var p in space.Parameters)
        {
            var placed = arch.Parameter(p.Name);
            if (placed.Node is null)
            {
                var sets = new JsonObject();
                foreach (var choice in p.Domain.Values().Select(v => v.ToString()))
                    sets[choice] = placed.ConstraintSets![choice] is { } set ? ConstraintsYaml(set) : null;
                parameters[p.Name] = new JsonObject { ["constraint_sets_yaml"] = sets };
                continue;
            }
            var domain = DesignSpace.DomainJson(p.Domain);
            var entry = domain is JsonObject o ? o : new JsonObject { ["value"] = domain };
            var withPath = new JsonObject { ["path"] = placed.Path };
            foreach (var (k, v) in entry.ToList()) withPath[k] = v?.DeepClone();
            parameters[p.Name] = withPath;
        }
        obj["parameters"] = parameters;
        if (!arch.Costs.IsEmpty)
        {
            var costs = new JsonObject();
            foreach (var (component, source) in arch.Costs.OrderBy(kv => kv.Key, StringComparer.Ordinal)) costs[component] = source.Name();
            obj["costs"] = costs;
        }
        var limits = new JsonObject();
        if (space.Constraints.MaxAreaMm2 is { } a) limits["max_area_mm2"] = a;
        if (space.Constraints.MaxMacs is { } macs) limits["max_macs"] = macs;
        if (limits.Count > 0) obj["constraints"] = limits;
        obj["default"] = space.Default.ToJsonObject();
        return obj;
    }

    private static (ArchitectureParameter Parameter, ParameterDomain Domain) ReadParameter(JsonSource src, string name, JsonElement value,
        YamlDocument arch, string archName, string? directory)
    {
        var path = $"parameters.{name}";
        var sets = value.TryGetProperty("constraint_sets", out var s) ? (Key: "constraint_sets", Element: s)
            : value.TryGetProperty("constraint_sets_yaml", out var sy) ? (Key: "constraint_sets_yaml", Element: sy) : default;
        if (sets.Key is not null)
        {
            if (value.EnumerateObject().Count() != 1) throw src.Error(path, $"'{sets.Key}' stands alone: an object of choice: constraints file (or null for none)");
            if (sets.Element.ValueKind != JsonValueKind.Object || !sets.Element.EnumerateObject().Any())
                throw src.Error($"{path}.{sets.Key}", "expected an object of choice: Timeloop constraints (a file, or null for none)");
            var choices = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<string, LevelConstraints>?>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var choice in sets.Element.EnumerateObject())
            {
                order.Add(choice.Name);
                var at = $"{path}.{sets.Key}.{choice.Name}";
                if (choice.Value.ValueKind == JsonValueKind.Null)
                {
                    choices[choice.Name] = null;
                    continue;
                }
                if (choice.Value.ValueKind != JsonValueKind.String) throw src.Error(at, "expected a constraints file name, or null");
                var text = sets.Key == "constraint_sets" ? ReadFile(src, at, choice.Value.GetString()!, directory) : choice.Value.GetString()!;
                choices[choice.Name] = Check(src, at, () => TimeloopConstraintsReader.Parse(text, choice.Name));
            }
            var constraintSets = choices.ToImmutable();
            // Choices in file order: the first is the default when 'default' does not pick one.
            return (new ArchitectureParameter(name, null, [], constraintSets), ParameterDomain.Categories(order));
        }

        if (!value.TryGetProperty("path", out var pathElement) || pathElement.ValueKind != JsonValueKind.String)
            throw src.Error(path, "missing 'path': NODE.attributes.KEY or NODE.spatial.meshX (or 'constraint_sets')");
        var parts = pathElement.GetString()!.Split('.');
        var at2 = $"{path}.path";
        if (parts.Length < 3 || parts[1] is not ("attributes" or "spatial"))
            throw src.Error(at2, $"'{pathElement.GetString()}': expected NODE.attributes.KEY or NODE.spatial.meshX/meshY");
        var node = ArchitectureSpace.FindNode(arch.Root, parts[0])
            ?? throw src.Error(at2, $"no node named '{parts[0]}' in {archName} (is the parameter file for another architecture?)");
        YamlDotNet.RepresentationModel.YamlNode current = node;
        for (var i = 1; i < parts.Length; i++)
        {
            var child = current is YamlDotNet.RepresentationModel.YamlMappingNode m ? YamlDocument.Find(m, parts[i]) : null;
            if (child is null)
            {
                var last = i == parts.Length - 1;
                if (last && ArchitectureSpace.Settable(parts[i])) break;
                var known = current is YamlDotNet.RepresentationModel.YamlMappingNode mm ? string.Join(", ", mm.Children.Keys) : "";
                throw src.Error(at2, $"'{parts[0]}' has no '{string.Join(".", parts[1..(i + 1)])}'{(known.Length > 0 ? $" (it has: {known})" : "")}");
            }
            current = child;
        }
        var domain = DesignSpaceReader.ReadDomain(src, path, value, alsoAllowed: "path");
        return (new ArchitectureParameter(name, parts[0], [.. parts[1..]]), domain);
    }

    // "costs": {"COMPONENT": "table" | "scaled" | "model"}: a source forced per component.
    private static ImmutableDictionary<string, CostSource> ReadCosts(JsonSource src, JsonElement root, YamlDocument arch, string archName, AccelergyTables? ert)
    {
        if (!root.TryGetProperty("costs", out var element)) return ImmutableDictionary<string, CostSource>.Empty;
        if (element.ValueKind != JsonValueKind.Object) throw src.Error("costs", "expected an object of component: \"table\", \"scaled\" or \"model\"");
        var components = TimeloopArchitectureReader.Components(arch).Select(c => c.Name).ToList();
        var costs = ImmutableDictionary.CreateBuilder<string, CostSource>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = $"costs.{property.Name}";
            if (!components.Contains(property.Name, StringComparer.Ordinal))
                throw src.Error(at, $"no component named '{property.Name}' in {archName} (components: {string.Join(", ", components)})");
            var source = property.Value.ValueKind == JsonValueKind.String ? CostSourceNames.Parse(property.Value.GetString()!) : null;
            if (source is null) throw src.Error(at, "expected \"table\" (your ERT/ART entry as it is), \"scaled\" (your entry scaled by the 65 nm model) or \"model\" (the 65 nm model)");
            if (source != CostSource.Model && ert is null) throw src.Error(at, $"'{source.Value.Name()}' needs your tables: give 'ert' (and 'art')");
            if (source != CostSource.Model && ert!.Find(property.Name) is null) throw src.Error(at, $"'{source.Value.Name()}': your ERT has no entry for '{property.Name}'");
            costs[property.Name] = source.Value;
        }
        return costs.ToImmutable();
    }

    // Values probed for validity: all of a small domain, else its ends.
    private static IEnumerable<ParameterValue> Probes(ParameterDomain domain) =>
        domain.Count <= 64 ? domain.Values() : [domain.ValueAt(0), domain.ValueAt(domain.Count - 1)];

    // A point that breaks a cap (MACs, area) is a valid architecture outside the caps, not a bad domain.
    private static bool IsCap(string? reason) =>
        reason is not null && (reason.Contains("exceed max_", StringComparison.Ordinal) || reason.Contains("exceeds max_", StringComparison.Ordinal));

    private static string? Text(JsonSource src, JsonElement root, string key, string? directory)
    {
        if (root.TryGetProperty(key, out var file))
        {
            if (file.ValueKind != JsonValueKind.String) throw src.Error(key, "expected a file name");
            return ReadFile(src, key, file.GetString()!, directory);
        }
        if (root.TryGetProperty(key + "_yaml", out var inline))
        {
            if (inline.ValueKind != JsonValueKind.String) throw src.Error(key + "_yaml", "expected the file's text");
            return inline.GetString();
        }
        return null;
    }

    private static string ReadFile(JsonSource src, string at, string name, string? directory)
    {
        if (directory is null) throw src.Error(at, $"'{name}' is a file name, but this space has no folder: give the text inline (the key ending in _yaml)");
        var full = Path.GetFullPath(Path.Combine(directory, name));
        if (!File.Exists(full)) throw src.Error(at, $"file not found: {full}");
        return File.ReadAllText(full, Encoding.UTF8);
    }

    private static YamlDocument Parse(JsonSource src, string yaml, string fileName, string at) =>
        Check(src, at, () => YamlDocument.Parse(new StringReader(yaml), fileName));

    private static T Check<T>(JsonSource src, string at, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnicoInputException e)
        {
            throw src.Error(at, e.Message);
        }
    }

    private static string ConstraintsYaml(ImmutableDictionary<string, LevelConstraints> set)
    {
        var w = new StringBuilder("constraints:\n  targets:\n");
        foreach (var (target, c) in set.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!c.Keep.IsEmpty || !c.Bypass.IsEmpty)
                w.Append($"  - {{target: {target}, type: dataspace, keep: [{string.Join(", ", c.Keep)}], bypass: [{string.Join(", ", c.Bypass)}]}}\n");
            if (!c.TemporalFactors.IsEmpty || !c.TemporalPermutation.IsEmpty)
                w.Append($"  - {{target: {target}, type: temporal{Loops(c.TemporalFactors, c.TemporalPermutation, null)}}}\n");
            if (!c.SpatialFactors.IsEmpty || !c.SpatialPermutation.IsEmpty || c.SpatialSplit is not null)
                w.Append($"  - {{target: {target}, type: spatial{Loops(c.SpatialFactors, c.SpatialPermutation, c.SpatialSplit)}}}\n");
        }
        return w.ToString();
    }

    private static string Loops(ImmutableDictionary<string, int> factors, ImmutableArray<string> permutation, int? split) =>
        (factors.IsEmpty ? "" : $", factors: [{string.Join(", ", factors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))}]")
        + (permutation.IsEmpty ? "" : $", permutation: [{string.Join(", ", permutation)}]")
        + (split is { } s ? $", split: {s}" : "");
}
