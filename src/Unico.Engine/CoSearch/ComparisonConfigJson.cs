using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.CoSearch;

/// <summary>
/// The comparison config file (what <c>unico compare --config</c> and the web's comparisons take):
/// the keys of a run config shared by every contestant, plus <c>full_budget</c>, <c>seeds</c> and
/// <c>algorithms</c>, read and written so that a written config reads back as the same comparison.
/// </summary>
public static class ComparisonConfigJson
{
    /// <summary>Reads a comparison config file.</summary>
    public static ComparisonConfig Read(string path)
    {
        if (!File.Exists(path)) throw new UnicoInputException("file not found", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>
    /// Parses a comparison config: the keys of a run config shared by every contestant, plus
    /// <c>full_budget</c>, <c>seeds</c> and <c>algorithms</c> (a list of { name, algorithm, settings }).
    /// A contestant may not set the full budget: it is the comparison's.
    /// </summary>
    public static ComparisonConfig Parse(string json, string? file = "comparison")
    {
        using var src = JsonSource.Parse(json, file);
        var root = src.Root;
        if (root.ValueKind != JsonValueKind.Object) throw src.Error("", "a comparison config must be a JSON object");
        if (!root.TryGetProperty("algorithms", out var algorithms) || algorithms.ValueKind != JsonValueKind.Array || algorithms.GetArrayLength() == 0)
            throw src.Error("algorithms", "give a non-empty list of { \"name\", \"algorithm\", \"settings\" }");
        if (!root.TryGetProperty("seeds", out var seedsNode) || seedsNode.ValueKind != JsonValueKind.Array || seedsNode.GetArrayLength() == 0)
            throw src.Error("seeds", "give a non-empty list of seeds, e.g. [1, 2, 3]");
        if (!root.TryGetProperty("full_budget", out var full) || full.ValueKind != JsonValueKind.Number || !full.TryGetInt64(out var fullBudget) || fullBudget <= 0)
            throw src.Error("full_budget", "give the full mapping budget per distinct layer (B), a positive integer, once for every algorithm");

        var seeds = new List<ulong>();
        var index = 0;
        foreach (var s in seedsNode.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out var seed)) throw src.Error($"seeds[{index}]", $"expected a non-negative integer, got {s.GetRawText()}");
            if (seeds.Contains(seed)) throw src.Error($"seeds[{index}]", $"seed {seed} is listed twice");
            seeds.Add(seed);
            index++;
        }

        // The shared part is a run config without the per-contestant keys.
        var shared = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        shared.Remove("algorithms");
        shared.Remove("seeds");
        shared.Remove("full_budget");
        var baseSettings = new JsonObject { ["full_budget"] = fullBudget };
        var baseConfig = CoSearchConfigJson.Parse(WithSettings(shared, baseSettings), file);

        var entries = new List<ComparisonEntry>();
        index = 0;
        foreach (var a in algorithms.EnumerateArray())
        {
            var path = $"algorithms[{index++}]";
            if (a.ValueKind != JsonValueKind.Object) throw src.Error(path, "expected { \"name\", \"algorithm\", \"settings\" }");
            foreach (var p in a.EnumerateObject())
            {
                if (p.Name is not ("name" or "algorithm" or "settings")) throw src.Error($"{path}.{p.Name}", "unknown key (expected: name, algorithm, settings)");
            }
            var algorithmName = a.TryGetProperty("algorithm", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString()! : throw src.Error(path, "missing 'algorithm' (unico, hasco, random, nsga2)");
            var name = a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : algorithmName;
            if (entries.Any(e => e.Name == name)) throw src.Error($"{path}.name", $"'{name}' is used twice");
            if (a.TryGetProperty("settings", out var st) && st.ValueKind != JsonValueKind.Object)
                throw src.Error($"{path}.settings", $"expected an object of settings, e.g. {{ \"batch_size\": 4 }}, got {EnumNames.Of(st.ValueKind)}");
            var settings = st.ValueKind == JsonValueKind.Object ? JsonNode.Parse(st.GetRawText())!.AsObject() : [];
            if (settings.ContainsKey("full_budget"))
                throw src.Error($"{path}.settings.full_budget", "the full budget is the comparison's (top-level full_budget), the same for every algorithm");
            settings["full_budget"] = fullBudget;
            var entryJson = (JsonObject)shared.DeepClone();
            entryJson["algorithm"] = algorithmName;
            CoSearchConfig entryConfig;
            try
            {
                entryConfig = CoSearchConfigJson.Parse(WithSettings(entryJson, settings), file);
            }
            catch (UnicoInputException e) when (e.Field is { } f && f.StartsWith("settings.", StringComparison.Ordinal))
            {
                // The settings at fault are this contestant's: say so in the comparison's terms.
                throw new UnicoInputException($"{name}: {e.Detail}", file, field: $"{path}.{f}");
            }
            entries.Add(new ComparisonEntry(name, entryConfig.Algorithm, entryConfig.Settings));
        }
        var comparisonName = baseConfig.Name;
        return new ComparisonConfig(comparisonName, baseConfig, seeds, entries);
    }

    /// <summary>
    /// Writes a comparison config as <see cref="Parse"/> reads it: the shared run settings
    /// (written by <see cref="CoSearchConfigJson.Write"/>), <c>full_budget</c>, <c>seeds</c> and every
    /// contestant with its complete settings, so parsing the text gives the same comparison.
    /// </summary>
    public static string Write(ComparisonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var shared = JsonNode.Parse(CoSearchConfigJson.Write(config.Base with { Name = config.Name }))!.AsObject();
        shared.Remove("settings");
        shared.Remove("algorithm");
        shared.Remove("seed");
        shared["full_budget"] = config.Base.Settings.FullBudget;
        shared["seeds"] = new JsonArray([.. config.Seeds.Select(s => JsonValue.Create(s))]);
        var algorithms = new JsonArray();
        foreach (var entry in config.Entries)
        {
            var run = JsonNode.Parse(CoSearchConfigJson.Write(config.RunConfig(entry, config.Seeds[0])))!.AsObject();
            var settings = run["settings"]!.AsObject();
            settings.Remove("full_budget");
            algorithms.Add(new JsonObject { ["name"] = entry.Name, ["algorithm"] = EnumNames.Of(entry.Algorithm), ["settings"] = settings.DeepClone() });
        }
        shared["algorithms"] = algorithms;
        return shared.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string WithSettings(JsonObject shared, JsonObject settings)
    {
        var copy = (JsonObject)shared.DeepClone();
        if (copy["settings"] is JsonObject existing)
        {
            foreach (var (key, value) in settings) existing[key] = value?.DeepClone();
        }
        else copy["settings"] = settings.DeepClone();
        return copy.ToJsonString();
    }
}
