using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.Mapping;

namespace Unico.Engine.CoSearch;

/// <summary>
/// The JSON form of a co-search run (the file `unico search --config` reads, the body of
/// <c>POST /api/runs</c>). Unknown keys, wrong types and out-of-range values are errors naming the
/// key and the line; omitted settings take documented defaults.
/// </summary>
/// <example>
/// <code>
/// { "name": "small", "workloads": { "training": ["ResNet-18"], "held_out": ["BERT-base"] },
///   "space": "eyeriss-like", "objectives": ["latency", "energy", "area"],
///   "algorithm": "unico", "settings": { "initial_points": 8, "batch_size": 4, "b0": 250, "eta": 3, "full_budget": 4000 },
///   "budget": { "mapping_evaluations": 2000000 }, "seed": 1 }
/// </code>
/// </example>
public static class CoSearchConfigJson
{
    /// <summary>Longest run name.</summary>
    public const int MaxNameLength = 200;

    // Worker threads of one run: more than any machine has is a typo.
    private const int MaxThreads = 4096;

    private static readonly string[] TopKeys = ["name", "workloads", "space", "objectives", "caps", "algorithm", "settings", "budget", "mapper", "seed", "clock_ghz", "threads"];
    private static readonly string[] SettingKeys =
    [
        "initial_points", "batch_size", "b0", "eta", "full_budget", "adaptive_promotion", "plateau_window", "plateau_epsilon",
        "ranking", "robustness", "robustness_quantile", "robustness_penalty", "surrogate", "acquisition",
        "schedule", "promotion", "feasibility_filter", "warm_start", "optimizer_cost", "robustness_measure",
    ];

    /// <summary>Reads a config file.</summary>
    public static CoSearchConfig Read(string path)
    {
        if (!File.Exists(path)) throw new UnicoInputException("file not found", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses config JSON; <paramref name="file"/> names it in errors.</summary>
    public static CoSearchConfig Parse(string json, string? file = "config")
    {
        using var src = JsonSource.Parse(json, file);
        var root = src.Root;
        if (root.ValueKind != JsonValueKind.Object) throw src.Error("", "a run config must be a JSON object");
        foreach (var p in root.EnumerateObject())
        {
            if (!TopKeys.Contains(p.Name, StringComparer.Ordinal))
                throw src.Error(p.Name, $"unknown key (expected: {string.Join(", ", TopKeys)})");
        }

        var name = Get(root, "name") is { } n ? Name(src, n) : "run";
        var (training, heldOut) = ReadWorkloads(src, root);
        var spaceNode = Required(src, root, "space", "a built-in design space such as eyeriss-like, a file, or the space's JSON object");
        var space = spaceNode.ValueKind == JsonValueKind.Object ? Inline(spaceNode) : String(src, spaceNode, "space");

        var objectives = new List<CoSearchObjective>();
        if (Get(root, "objectives") is { } objs)
        {
            if (objs.ValueKind != JsonValueKind.Array) throw src.Error("objectives", "expected a list such as [\"latency\", \"energy\", \"area\"]");
            var i = 0;
            foreach (var o in objs.EnumerateArray())
            {
                var path = $"objectives[{i++}]";
                var value = Enum<CoSearchObjective>(src, o, path);
                if (objectives.Contains(value)) throw src.Error(path, $"'{o.GetString()}' is listed twice");
                objectives.Add(value);
            }
            if (objectives.Count == 0) throw src.Error("objectives", "needs at least one objective");
        }
        else objectives.AddRange([CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area]);

        var caps = new CoSearchCaps();
        if (Get(root, "caps") is { } c)
        {
            Object(src, c, "caps", ["area_mm2", "power_w"]);
            caps = new CoSearchCaps(OptionalPositive(src, c, "caps", "area_mm2"), OptionalPositive(src, c, "caps", "power_w"));
        }

        var algorithm = Get(root, "algorithm") is { } a ? Enum<CoSearchAlgorithm>(src, a, "algorithm") : CoSearchAlgorithm.Unico;
        var settings = ReadSettings(src, root);

        var budgetNode = Required(src, root, "budget", "e.g. { \"mapping_evaluations\": 2000000 }");
        Object(src, budgetNode, "budget", ["mapping_evaluations", "seconds", "iterations"]);
        var evaluations = OptionalLong(src, budgetNode, "budget", "mapping_evaluations");
        var seconds = OptionalPositive(src, budgetNode, "budget", "seconds");
        var iterations = Get(budgetNode, "iterations") is { } it ? Long(src, it, "budget.iterations", 0, int.MaxValue) : (long?)null;
        if (evaluations is null && seconds is null && iterations is null)
            throw src.Error("budget", "give at least one of mapping_evaluations, seconds, iterations");
        if (evaluations is <= 0) throw src.Error("budget.mapping_evaluations", $"must be positive, got {evaluations}");

        var mapper = new MapperOptions();
        if (Get(root, "mapper") is { } m)
        {
            Object(src, m, "mapper", ["strategy", "objective"]);
            if (Get(m, "strategy") is { } st)
                mapper = mapper with { Strategy = Enum<MappingStrategy>(src, st, "mapper.strategy") }; // random_pruned, or Timeloop's random-pruned
            if (Get(m, "objective") is { } ob)
                mapper = mapper with { Objective = Enum<MappingObjective>(src, ob, "mapper.objective") };
        }

        var seed = Get(root, "seed") is { } s ? (ulong)Long(src, s, "seed", min: 0) : 1UL;
        var clock = OptionalPositive(src, root, null, "clock_ghz") ?? 1.0;
        var threads = Get(root, "threads") is { } t ? (int)Long(src, t, "threads", 1, MaxThreads) : (int?)null;

        var config = new CoSearchConfig(name, training, heldOut, space, objectives, caps, algorithm, settings,
            new CoSearchBudget(evaluations, seconds, iterations is null ? null : (int)iterations), mapper, seed, clock, threads);
        if (algorithm is CoSearchAlgorithm.Unico or CoSearchAlgorithm.Hasco && objectives.Count + (settings.Robustness == RobustnessUse.Objective ? 1 : 0) < 2)
            throw src.Error("objectives", "multi-objective search needs at least two objectives (or robustness as an objective)");
        return config;
    }

    /// <summary>The config as JSON (re-runnable with `unico search --config`).</summary>
    public static string Write(CoSearchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = config.Settings;
        var obj = new JsonObject
        {
            ["name"] = config.Name,
            ["workloads"] = new JsonObject
            {
                ["training"] = new JsonArray([.. config.TrainingWorkloads.Select(Reference)]),
                ["held_out"] = new JsonArray([.. config.HeldOutWorkloads.Select(Reference)]),
            },
            ["space"] = Reference(config.Space),
            ["objectives"] = new JsonArray([.. config.Objectives.Select(o => JsonValue.Create(EnumNames.Of(o)))]),
            ["caps"] = new JsonObject { ["area_mm2"] = config.Caps.AreaMm2, ["power_w"] = config.Caps.PowerW },
            ["algorithm"] = EnumNames.Of(config.Algorithm),
            ["settings"] = new JsonObject
            {
                ["initial_points"] = s.InitialPoints,
                ["batch_size"] = s.BatchSize,
                ["b0"] = s.InitialBudget,
                ["eta"] = s.Eta,
                ["full_budget"] = s.FullBudget,
                ["adaptive_promotion"] = s.AdaptivePromotion,
                ["plateau_window"] = s.PlateauWindow,
                ["plateau_epsilon"] = s.PlateauEpsilon,
                ["ranking"] = EnumNames.Of(s.Ranking),
                ["robustness"] = EnumNames.Of(s.Robustness),
                ["robustness_quantile"] = s.RobustnessQuantile,
                ["robustness_penalty"] = s.RobustnessPenalty,
                ["surrogate"] = EnumNames.Of(s.Surrogate),
                ["acquisition"] = EnumNames.Of(s.Acquisition),
                ["schedule"] = EnumNames.Of(s.Schedule),
                ["promotion"] = EnumNames.Of(s.Promotion),
                ["feasibility_filter"] = s.FeasibilityFilter,
                ["warm_start"] = s.WarmStart,
                ["optimizer_cost"] = EnumNames.Of(s.OptimizerCost),
                ["robustness_measure"] = EnumNames.Of(s.RobustnessMeasure),
            },
            ["budget"] = new JsonObject
            {
                ["mapping_evaluations"] = config.Budget.MappingEvaluations,
                ["seconds"] = config.Budget.Seconds,
                ["iterations"] = config.Budget.Iterations,
            },
            ["mapper"] = new JsonObject
            {
                ["strategy"] = EnumNames.Of(config.Mapper.Strategy),
                ["objective"] = EnumNames.Of(config.Mapper.Objective),
            },
            ["seed"] = config.Seed,
            ["clock_ghz"] = config.ClockGhz,
            ["threads"] = config.Threads,
        };
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static (List<string> Training, List<string> HeldOut) ReadWorkloads(JsonSource src, JsonElement root)
    {
        var node = Required(src, root, "workloads", "e.g. { \"training\": [\"ResNet-18\"] }");
        List<string> Names(JsonElement list, string path)
        {
            if (list.ValueKind == JsonValueKind.String) return [String(src, list, path)];
            if (list.ValueKind != JsonValueKind.Array) throw src.Error(path, "expected a list of workload names or files");
            var names = new List<string>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{path}[{i++}]";
                var name = item.ValueKind == JsonValueKind.Object ? Inline(item) : String(src, item, itemPath);
                if (names.Contains(name, StringComparer.OrdinalIgnoreCase)) throw src.Error(itemPath, $"'{name}' is listed twice");
                names.Add(name);
            }
            return names;
        }
        List<string> training, heldOut = [];
        if (node.ValueKind == JsonValueKind.Object)
        {
            Object(src, node, "workloads", ["training", "held_out"]);
            training = Names(Required(src, node, "training", "a list of workload names", "workloads"), "workloads.training");
            if (Get(node, "held_out") is { } ho) heldOut = Names(ho, "workloads.held_out");
        }
        else training = Names(node, "workloads");
        if (training.Count == 0) throw src.Error("workloads.training", "must name at least one workload to search on");
        return (training, heldOut);
    }

    private static CoSearchSettings ReadSettings(JsonSource src, JsonElement root)
    {
        var s = new CoSearchSettings();
        if (Get(root, "settings") is not { } node) return s;
        Object(src, node, "settings", SettingKeys);
        int Int(string key, int value, int min) => Get(node, key) is { } v ? (int)Long(src, v, $"settings.{key}", min, int.MaxValue) : value;
        long LongOr(string key, long value, long min) => Get(node, key) is { } v ? Long(src, v, $"settings.{key}", min) : value;
        s = s with
        {
            InitialPoints = Int("initial_points", s.InitialPoints, 1),
            BatchSize = Int("batch_size", s.BatchSize, 1),
            InitialBudget = LongOr("b0", s.InitialBudget, 1),
            Eta = Int("eta", s.Eta, 2),
            FullBudget = LongOr("full_budget", s.FullBudget, 1),
            AdaptivePromotion = Get(node, "adaptive_promotion") is { } ap ? Bool(src, ap, "settings.adaptive_promotion") : s.AdaptivePromotion,
            PlateauWindow = LongOr("plateau_window", s.PlateauWindow, 1),
            PlateauEpsilon = OptionalPositive(src, node, "settings", "plateau_epsilon") ?? s.PlateauEpsilon,
            Ranking = Get(node, "ranking") is { } r ? Enum<RungRanking>(src, r, "settings.ranking") : s.Ranking,
            Robustness = Get(node, "robustness") is { } rb ? Enum<RobustnessUse>(src, rb, "settings.robustness") : s.Robustness,
            RobustnessQuantile = Get(node, "robustness_quantile") is { } rq ? Fraction(src, rq, "settings.robustness_quantile") : s.RobustnessQuantile,
            RobustnessPenalty = OptionalPositive(src, node, "settings", "robustness_penalty") ?? s.RobustnessPenalty,
            Surrogate = Get(node, "surrogate") is { } su ? Enum<SurrogateFidelity>(src, su, "settings.surrogate") : s.Surrogate,
            Acquisition = Get(node, "acquisition") is { } aq ? Enum<CoSearchAcquisition>(src, aq, "settings.acquisition") : s.Acquisition,
            // A config that sets b0 or eta means them, unless it says the schedule is derived.
            Schedule = Get(node, "schedule") is { } sc ? Enum<HalvingSchedule>(src, sc, "settings.schedule")
                : Get(node, "b0") is not null || Get(node, "eta") is not null ? HalvingSchedule.Fixed : s.Schedule,
            Promotion = Get(node, "promotion") is { } pr ? Enum<PromotionScope>(src, pr, "settings.promotion") : s.Promotion,
            FeasibilityFilter = Get(node, "feasibility_filter") is { } ff ? Bool(src, ff, "settings.feasibility_filter") : s.FeasibilityFilter,
            WarmStart = Get(node, "warm_start") is { } ws ? Bool(src, ws, "settings.warm_start") : s.WarmStart,
            OptimizerCost = Get(node, "optimizer_cost") is { } oc ? Enum<OptimizerCost>(src, oc, "settings.optimizer_cost") : s.OptimizerCost,
            RobustnessMeasure = Get(node, "robustness_measure") is { } rm
                ? Enum<RobustnessMeasure>(src, rm, "settings.robustness_measure") : s.RobustnessMeasure,
        };
        if (s.InitialBudget > s.FullBudget)
            throw src.Error("settings.b0", $"the first rung's budget ({s.InitialBudget}) exceeds the full budget ({s.FullBudget})");
        return s;
    }

    // A workload or space given as its JSON object: kept as its compact text, which the resolvers read.
    private static string Inline(JsonElement node) => JsonNode.Parse(node.GetRawText())!.ToJsonString();

    // A reference as written: an inline workload or space as its object, a name or file as a string.
    private static JsonNode? Reference(string reference) =>
        reference.TrimStart().StartsWith('{') ? JsonNode.Parse(reference) : JsonValue.Create(reference);

    private static JsonElement? Get(JsonElement obj, string key) => obj.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    // A key that must be given and must not be null; the error names it either way.
    private static JsonElement Required(JsonSource src, JsonElement obj, string key, string hint, string? parent = null)
    {
        var path = Join(parent, key);
        if (!obj.TryGetProperty(key, out var v)) throw src.Error(path, $"missing key '{key}' ({hint})");
        return v.ValueKind == JsonValueKind.Null ? throw src.Error(path, $"must not be null ({hint})") : v;
    }

    private static string Name(JsonSource src, JsonElement node)
    {
        var name = String(src, node, "name");
        return InputText.NameProblem(name, MaxNameLength) is { } problem ? throw src.Error("name", problem) : name;
    }

    private static void Object(JsonSource src, JsonElement node, string path, string[] keys)
    {
        if (node.ValueKind != JsonValueKind.Object) throw src.Error(path, "expected an object");
        foreach (var p in node.EnumerateObject())
        {
            if (!keys.Contains(p.Name, StringComparer.Ordinal))
                throw src.Error($"{path}.{p.Name}", $"unknown key (expected: {string.Join(", ", keys)})");
        }
    }

    private static string String(JsonSource src, JsonElement node, string path) =>
        node.ValueKind == JsonValueKind.String && node.GetString() is { Length: > 0 } s ? s : throw src.Error(path, "expected a non-empty string");

    private static bool Bool(JsonSource src, JsonElement node, string path) => node.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw src.Error(path, $"expected true or false, got {node.GetRawText()}"),
    };

    // An integer in [min, max]: a value outside is refused, never wrapped (2^32 is not 0).
    private static long Long(JsonSource src, JsonElement node, string path, long min, long max = long.MaxValue)
    {
        if (node.ValueKind != JsonValueKind.Number || !node.TryGetInt64(out var value))
            throw src.Error(path, node.ValueKind == JsonValueKind.Number && IsInteger(node.GetRawText())
                ? $"must be between {min} and {max}, got {Shorten(node.GetRawText())}"
                : $"expected an integer, got {Shorten(node.GetRawText())}");
        if (value < min || value > max) throw src.Error(path, $"must be between {min} and {max}, got {value}");
        return value;
    }

    private static bool IsInteger(string raw) => raw.TrimStart('-').All(char.IsAsciiDigit);

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";

    // A JSON number as a finite double (1e400 reads as infinity, which is no budget or cap).
    private static double Finite(JsonSource src, JsonElement node, string path)
    {
        if (node.ValueKind != JsonValueKind.Number) throw src.Error(path, $"expected a number, got {Shorten(node.GetRawText())}");
        var value = node.GetDouble();
        return double.IsFinite(value) ? value : throw src.Error(path, $"must be a finite number, got {Shorten(node.GetRawText())}");
    }

    private static long? OptionalLong(JsonSource src, JsonElement obj, string? path, string key) =>
        Get(obj, key) is { } v ? Long(src, v, Join(path, key), long.MinValue) : null;

    private static double? OptionalPositive(JsonSource src, JsonElement obj, string? path, string key)
    {
        if (Get(obj, key) is not { } v) return null;
        var value = Finite(src, v, Join(path, key));
        return value > 0 ? value : throw src.Error(Join(path, key), $"must be positive, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static double Fraction(JsonSource src, JsonElement node, string path)
    {
        var value = Finite(src, node, path);
        return value is >= 0 and <= 1 ? value : throw src.Error(path, $"must be between 0 and 1, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    // By name only, the names of the one naming table (EnumNames): never a number ("1", 1), which names nothing a user wrote.
    private static T Enum<T>(JsonSource src, JsonElement node, string path) where T : struct, Enum
    {
        var text = node.ValueKind == JsonValueKind.String ? node.GetString() ?? "" : Shorten(node.GetRawText());
        return node.ValueKind == JsonValueKind.String && EnumNames.TryParse<T>(text, out var value)
            ? value
            : throw src.Error(path, $"unknown value '{text}' (expected: {string.Join(", ", EnumNames.All<T>())})");
    }

    private static string Join(string? path, string key) => path is null ? key : $"{path}.{key}";
}
