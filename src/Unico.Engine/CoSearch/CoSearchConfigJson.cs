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
    private static readonly string[] TopKeys = ["name", "workloads", "space", "objectives", "caps", "algorithm", "settings", "budget", "mapper", "seed", "clock_ghz", "threads"];
    private static readonly string[] SettingKeys =
    [
        "initial_points", "batch_size", "b0", "eta", "full_budget", "adaptive_promotion", "plateau_window", "plateau_epsilon",
        "ranking", "robustness", "robustness_quantile", "robustness_penalty", "surrogate", "acquisition",
        "schedule", "promotion", "feasibility_filter", "optimizer_cost", "robustness_measure",
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

        var name = Get(root, "name") is { } n ? String(src, n, "name") : "run";
        var (training, heldOut) = ReadWorkloads(src, root);
        var space = Get(root, "space") is { } sp ? String(src, sp, "space") : throw src.Error("", "missing key 'space' (a built-in design space such as eyeriss-like, or a file)");

        var objectives = new List<CoSearchObjective>();
        if (Get(root, "objectives") is { } objs)
        {
            if (objs.ValueKind != JsonValueKind.Array) throw src.Error("objectives", "expected a list such as [\"latency\", \"energy\", \"area\"]");
            var i = 0;
            foreach (var o in objs.EnumerateArray())
            {
                var path = $"objectives[{i++}]";
                var value = Enum<CoSearchObjective>(src, o, path, "latency, energy, area");
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

        var algorithm = Get(root, "algorithm") is { } a ? Enum<CoSearchAlgorithm>(src, a, "algorithm", "unico, hasco, random, nsga2") : CoSearchAlgorithm.Unico;
        var settings = ReadSettings(src, root);

        var budgetNode = Get(root, "budget") ?? throw src.Error("", "missing key 'budget' (e.g. { \"mapping_evaluations\": 2000000 })");
        Object(src, budgetNode, "budget", ["mapping_evaluations", "seconds", "iterations"]);
        var evaluations = OptionalLong(src, budgetNode, "budget", "mapping_evaluations");
        var seconds = OptionalPositive(src, budgetNode, "budget", "seconds");
        var iterations = OptionalLong(src, budgetNode, "budget", "iterations");
        if (evaluations is null && seconds is null && iterations is null)
            throw src.Error("budget", "give at least one of mapping_evaluations, seconds, iterations");
        if (evaluations is <= 0) throw src.Error("budget.mapping_evaluations", $"must be positive, got {evaluations}");
        if (iterations is < 0) throw src.Error("budget.iterations", $"must be zero or positive, got {iterations}");

        var mapper = new MapperOptions();
        if (Get(root, "mapper") is { } m)
        {
            Object(src, m, "mapper", ["strategy", "objective"]);
            if (Get(m, "strategy") is { } st)
                mapper = mapper with { Strategy = String(src, st, "mapper.strategy") switch { "annealing" => MappingStrategy.Annealing, "random-pruned" => MappingStrategy.RandomPruned, var other => throw src.Error("mapper.strategy", $"unknown strategy '{other}': expected annealing or random-pruned") } };
            if (Get(m, "objective") is { } ob)
                mapper = mapper with { Objective = Enum<MappingObjective>(src, ob, "mapper.objective", "edp, latency, energy") };
        }

        var seed = Get(root, "seed") is { } s ? (ulong)Long(src, s, "seed", min: 0) : 1UL;
        var clock = OptionalPositive(src, root, null, "clock_ghz") ?? 1.0;
        var threads = OptionalLong(src, root, null, "threads") is { } t ? (int)t : (int?)null;
        if (threads is <= 0) throw src.Error("threads", $"must be positive, got {threads}");

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
                ["training"] = new JsonArray([.. config.TrainingWorkloads.Select(w => JsonValue.Create(w))]),
                ["held_out"] = new JsonArray([.. config.HeldOutWorkloads.Select(w => JsonValue.Create(w))]),
            },
            ["space"] = config.Space,
            ["objectives"] = new JsonArray([.. config.Objectives.Select(o => JsonValue.Create(Snake(o.ToString())))]),
            ["caps"] = new JsonObject { ["area_mm2"] = config.Caps.AreaMm2, ["power_w"] = config.Caps.PowerW },
            ["algorithm"] = Snake(config.Algorithm.ToString()),
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
                ["ranking"] = Snake(s.Ranking.ToString()),
                ["robustness"] = Snake(s.Robustness.ToString()),
                ["robustness_quantile"] = s.RobustnessQuantile,
                ["robustness_penalty"] = s.RobustnessPenalty,
                ["surrogate"] = Snake(s.Surrogate.ToString()),
                ["acquisition"] = s.Acquisition,
                ["schedule"] = Snake(s.Schedule.ToString()),
                ["promotion"] = Snake(s.Promotion.ToString()),
                ["feasibility_filter"] = s.FeasibilityFilter,
                ["optimizer_cost"] = Snake(s.OptimizerCost.ToString()),
                ["robustness_measure"] = Snake(s.RobustnessMeasure.ToString()),
            },
            ["budget"] = new JsonObject
            {
                ["mapping_evaluations"] = config.Budget.MappingEvaluations,
                ["seconds"] = config.Budget.Seconds,
                ["iterations"] = config.Budget.Iterations,
            },
            ["mapper"] = new JsonObject
            {
                ["strategy"] = config.Mapper.Strategy == MappingStrategy.RandomPruned ? "random-pruned" : "annealing",
                ["objective"] = Snake(config.Mapper.Objective.ToString()),
            },
            ["seed"] = config.Seed,
            ["clock_ghz"] = config.ClockGhz,
            ["threads"] = config.Threads,
        };
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static (List<string> Training, List<string> HeldOut) ReadWorkloads(JsonSource src, JsonElement root)
    {
        var node = Get(root, "workloads") ?? throw src.Error("", "missing key 'workloads' (e.g. { \"training\": [\"ResNet-18\"] })");
        List<string> Names(JsonElement list, string path)
        {
            if (list.ValueKind == JsonValueKind.String) return [String(src, list, path)];
            if (list.ValueKind != JsonValueKind.Array) throw src.Error(path, "expected a list of workload names or files");
            var names = new List<string>();
            var i = 0;
            foreach (var item in list.EnumerateArray()) names.Add(String(src, item, $"{path}[{i++}]"));
            return names;
        }
        List<string> training, heldOut = [];
        if (node.ValueKind == JsonValueKind.Object)
        {
            Object(src, node, "workloads", ["training", "held_out"]);
            training = Get(node, "training") is { } tr ? Names(tr, "workloads.training") : throw src.Error("workloads", "missing key 'training'");
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
        int Int(string key, int value, int min) => Get(node, key) is { } v ? (int)Long(src, v, $"settings.{key}", min) : value;
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
            Ranking = Get(node, "ranking") is { } r ? Enum<RungRanking>(src, r, "settings.ranking", "pareto, scalar") : s.Ranking,
            Robustness = Get(node, "robustness") is { } rb ? Enum<RobustnessUse>(src, rb, "settings.robustness", "none, objective, penalty, filter") : s.Robustness,
            RobustnessQuantile = Get(node, "robustness_quantile") is { } rq ? Fraction(src, rq, "settings.robustness_quantile") : s.RobustnessQuantile,
            RobustnessPenalty = OptionalPositive(src, node, "settings", "robustness_penalty") ?? s.RobustnessPenalty,
            Surrogate = Get(node, "surrogate") is { } su ? Enum<SurrogateFidelity>(src, su, "settings.surrogate", "high_fidelity_only, all, corrected") : s.Surrogate,
            Acquisition = Get(node, "acquisition") is { } aq ? String(src, aq, "settings.acquisition").ToLowerInvariant() : s.Acquisition,
            // A config that sets b0 or eta means them, unless it says the schedule is derived.
            Schedule = Get(node, "schedule") is { } sc ? Enum<HalvingSchedule>(src, sc, "settings.schedule", "derived, fixed")
                : Get(node, "b0") is not null || Get(node, "eta") is not null ? HalvingSchedule.Fixed : s.Schedule,
            Promotion = Get(node, "promotion") is { } pr ? Enum<PromotionScope>(src, pr, "settings.promotion", "layer, point") : s.Promotion,
            FeasibilityFilter = Get(node, "feasibility_filter") is { } ff ? Bool(src, ff, "settings.feasibility_filter") : s.FeasibilityFilter,
            OptimizerCost = Get(node, "optimizer_cost") is { } oc ? Enum<OptimizerCost>(src, oc, "settings.optimizer_cost", "bounded, full") : s.OptimizerCost,
            RobustnessMeasure = Get(node, "robustness_measure") is { } rm
                ? Enum<RobustnessMeasure>(src, rm, "settings.robustness_measure", "sensitivity, rank, cross_validated, perturbation") : s.RobustnessMeasure,
        };
        if (s.Acquisition is not ("qnehvi" or "qparego")) throw src.Error("settings.acquisition", $"unknown acquisition '{s.Acquisition}': expected qnehvi or qparego");
        if (s.InitialBudget > s.FullBudget)
            throw src.Error("settings.b0", $"the first rung's budget ({s.InitialBudget}) exceeds the full budget ({s.FullBudget})");
        return s;
    }

    private static JsonElement? Get(JsonElement obj, string key) => obj.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

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

    private static long Long(JsonSource src, JsonElement node, string path, long min)
    {
        if (node.ValueKind != JsonValueKind.Number || !node.TryGetInt64(out var value))
            throw src.Error(path, $"expected an integer, got {node.GetRawText()}");
        if (value < min) throw src.Error(path, $"must be at least {min}, got {value}");
        return value;
    }

    private static long? OptionalLong(JsonSource src, JsonElement obj, string? path, string key) =>
        Get(obj, key) is { } v ? Long(src, v, Join(path, key), long.MinValue) : null;

    private static double? OptionalPositive(JsonSource src, JsonElement obj, string? path, string key)
    {
        if (Get(obj, key) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number) throw src.Error(Join(path, key), $"expected a number, got {v.GetRawText()}");
        var value = v.GetDouble();
        return value > 0 ? value : throw src.Error(Join(path, key), $"must be positive, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static double Fraction(JsonSource src, JsonElement node, string path)
    {
        if (node.ValueKind != JsonValueKind.Number) throw src.Error(path, $"expected a number, got {node.GetRawText()}");
        var value = node.GetDouble();
        return value is >= 0 and <= 1 ? value : throw src.Error(path, $"must be between 0 and 1, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static T Enum<T>(JsonSource src, JsonElement node, string path, string expected) where T : struct, Enum
    {
        var text = node.ValueKind == JsonValueKind.String ? node.GetString() ?? "" : node.GetRawText();
        var normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return System.Enum.TryParse<T>(normalized, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw src.Error(path, $"unknown value '{text}' (expected: {expected})");
    }

    private static string Join(string? path, string key) => path is null ? key : $"{path}.{key}";

    private static string Snake(string pascal)
    {
        var b = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) b.Append('_');
            b.Append(char.ToLowerInvariant(pascal[i]));
        }
        return b.ToString();
    }
}
