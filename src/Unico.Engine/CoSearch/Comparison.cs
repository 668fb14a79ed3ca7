using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.Mapping;

namespace Unico.Engine.CoSearch;

/// <summary>One contestant of a comparison: a label, an algorithm and its own settings.</summary>
/// <param name="Name">Label in the report (e.g. unico, hasco, unico-no-robustness).</param>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Settings">Its settings; the full mapping budget B is the comparison's, never the contestant's.</param>
public sealed record ComparisonEntry(string Name, CoSearchAlgorithm Algorithm, CoSearchSettings Settings);

/// <summary>
/// Several algorithms x seeds on the same workloads, space, objectives, caps, full mapping budget
/// B, total budget and seeds (set once, so the comparison is fair by construction).
/// </summary>
/// <param name="Name">Comparison name.</param>
/// <param name="Base">Shared run settings (workloads, space, budget, mapper, full budget in Settings.FullBudget).</param>
/// <param name="Seeds">Seeds every algorithm runs with.</param>
/// <param name="Entries">The contestants.</param>
public sealed record ComparisonConfig(string Name, CoSearchConfig Base, IReadOnlyList<ulong> Seeds, IReadOnlyList<ComparisonEntry> Entries)
{
    /// <summary>The run config of one contestant and seed.</summary>
    public CoSearchConfig RunConfig(ComparisonEntry entry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Base with
        {
            Name = $"{Name}-{entry.Name}-seed{seed}",
            Algorithm = entry.Algorithm,
            Settings = entry.Settings with { FullBudget = Base.Settings.FullBudget },
            Seed = seed,
        };
    }
}

/// <summary>One run of a comparison, its hypervolume curve recomputed with the comparison's common bounds.</summary>
/// <param name="Entry">Contestant name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Curve">Hypervolume after each evaluated point: (mapping evaluations, seconds, hypervolume).</param>
/// <param name="FinalHypervolume">Last value of the curve.</param>
/// <param name="EvaluationsToTarget">Mapping evaluations at which it first reached the target (HASCO's median final hypervolume), or null.</param>
/// <param name="SecondsToTarget">Seconds at which it first reached the target, or null.</param>
/// <param name="RankCorrelation">Spearman(robustness, held-out degradation) of its final front, when tested.</param>
/// <param name="HeldOutHypervolume">Held-out hypervolume of its final front (common held-out bounds), when tested.</param>
/// <param name="HeldOutHypervolumeRobust">The same for its robust front.</param>
/// <param name="MappingEvaluations">Evaluations spent.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="ProposingSeconds">Of <paramref name="Seconds"/>, the time the optimizer spent proposing.</param>
/// <param name="Designs">Its final designs tested on the held-out networks (empty when not tested).</param>
public sealed record ComparisonRun(string Entry, ulong Seed, IReadOnlyList<HypervolumePoint> Curve, double FinalHypervolume,
    long? EvaluationsToTarget, double? SecondsToTarget, double? RankCorrelation, double? HeldOutHypervolume, double? HeldOutHypervolumeRobust,
    long MappingEvaluations, double Seconds, double ProposingSeconds = 0, IReadOnlyList<HeldOutOutcome>? Designs = null);

/// <summary>A contestant's medians over seeds.</summary>
/// <param name="Name">Contestant.</param>
/// <param name="FinalHypervolumeMedian">Median final hypervolume at the shared budget.</param>
/// <param name="EvaluationsToHascoFinalMedian">Median mapping evaluations to reach HASCO's median final hypervolume (null when most seeds never do).</param>
/// <param name="SecondsToHascoFinalMedian">Median seconds to reach it.</param>
/// <param name="SpeedupVsHasco">HASCO's median evaluations to its final hypervolume divided by this contestant's.</param>
/// <param name="RankCorrelationMedian">Median Spearman(robustness, held-out degradation).</param>
/// <param name="HeldOutHypervolumeMedian">Median held-out hypervolume of the final front.</param>
/// <param name="HeldOutHypervolumeRobustMedian">Median held-out hypervolume of the robust front.</param>
/// <param name="SecondsMedian">Median wall time of a whole run.</param>
/// <param name="SecondsSpeedupVsHasco">HASCO's median seconds to its final hypervolume divided by this contestant's.</param>
/// <param name="ProposingShareMedian">Median share of a run's wall time spent proposing points.</param>
public sealed record ComparisonSummary(string Name, double FinalHypervolumeMedian, double? EvaluationsToHascoFinalMedian,
    double? SecondsToHascoFinalMedian, double? SpeedupVsHasco, double? RankCorrelationMedian, double? HeldOutHypervolumeMedian,
    double? HeldOutHypervolumeRobustMedian, double SecondsMedian = 0, double? SecondsSpeedupVsHasco = null, double ProposingShareMedian = 0);

/// <summary>The outcome of a comparison.</summary>
/// <param name="Config">What was compared.</param>
/// <param name="Target">HASCO's median final hypervolume (or the first contestant's when HASCO is absent).</param>
/// <param name="Runs">Every run.</param>
/// <param name="Summaries">Per contestant.</param>
/// <param name="Bounds">The common normalization.</param>
public sealed record ComparisonResult(ComparisonConfig Config, double Target, IReadOnlyList<ComparisonRun> Runs,
    IReadOnlyList<ComparisonSummary> Summaries, ObjectiveBounds Bounds);

/// <summary>
/// Runs a comparison and scores it honestly: one normalization (bounds spanning every run's
/// feasible points) and one reference point for all, hypervolume curves against mapping
/// evaluations and time, and the budget each contestant needs to reach HASCO's final
/// hypervolume (docs/method.md sections 6-7).
/// </summary>
public static class Comparison
{
    /// <summary>Runs every contestant and seed in turn (each run uses all cores), then scores them.</summary>
    /// <param name="config">The comparison.</param>
    /// <param name="directory">Where each run's files go (one sub-directory per run), or null.</param>
    /// <param name="progress">Called with each finished run's label and result.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    public static ComparisonResult Run(ComparisonConfig config, string? directory = null,
        Action<string, CoSearchResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Validate every run before spending anything.
        var runs = config.Entries.SelectMany(e => config.Seeds.Select(s => (Entry: e, Seed: s, Run: CoSearchRun.Create(config.RunConfig(e, s), null,
            directory is null ? null : new CheckpointFile(Path.Combine(directory, e.Name, $"seed-{s}")))))).ToList();
        var results = new List<(ComparisonEntry Entry, ulong Seed, CoSearchResult Result)>();
        foreach (var (entry, seed, run) in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = run.Run(cancellationToken);
            if (result.Status != RunOutcome.Succeeded) throw new InvalidOperationException($"{entry.Name} seed {seed} {EnumNames.Of(result.Status)}: {result.Error}");
            if (directory is not null) CoSearchResultFiles.Write(result, Path.Combine(directory, entry.Name, $"seed-{seed}"));
            progress?.Invoke($"{entry.Name} seed {seed}", result);
            results.Add((entry, seed, result));
        }
        return Score(config, results);
    }

    /// <summary>Scores finished runs (exposed for tests and for re-scoring saved results).</summary>
    public static ComparisonResult Score(ComparisonConfig config, IReadOnlyList<(ComparisonEntry Entry, ulong Seed, CoSearchResult Result)> results)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(results);
        var all = results.SelectMany(r => r.Result.Points).Where(p => p.Feasible).Select(p => p.Objectives).ToList();
        if (all.Count == 0) throw new InvalidOperationException("no run found a feasible design");
        var bounds = ObjectiveBounds.Spanning(all);

        var curves = results.Select(r => Curve(r.Result, bounds)).ToList();
        var hascoName = config.Entries.FirstOrDefault(e => e.Algorithm == CoSearchAlgorithm.Hasco)?.Name ?? config.Entries[0].Name;
        var target = Statistics.Median(results.Select((r, i) => (r, i)).Where(x => x.r.Entry.Name == hascoName).Select(x => curves[x.i][^1].Hypervolume));

        // Held-out hypervolumes, with bounds common to every run's tested designs.
        var heldOutVectors = results.Where(r => r.Result.Generalization is not null)
            .SelectMany(r => r.Result.Generalization!.Designs.Select(d => HeldOutVector(config.Base, r.Result, d))).ToList();
        var heldOutBounds = heldOutVectors.Count > 0 ? ObjectiveBounds.Spanning(heldOutVectors) : null;

        var scored = new List<ComparisonRun>();
        for (var i = 0; i < results.Count; i++)
        {
            var (entry, seed, result) = results[i];
            var curve = curves[i];
            var reached = FirstReaching(curve, target);
            var g = result.Generalization;
            double? heldOut = null, heldOutRobust = null;
            if (g is not null && heldOutBounds is not null)
            {
                var robust = result.RobustFront.ToHashSet();
                heldOut = heldOutBounds.Hypervolume(g.Designs.Select(d => HeldOutVector(config.Base, result, d)));
                heldOutRobust = heldOutBounds.Hypervolume(g.Designs.Where(d => robust.Contains(d.PointId)).Select(d => HeldOutVector(config.Base, result, d)));
            }
            scored.Add(new ComparisonRun(entry.Name, seed, curve, curve[^1].Hypervolume, reached?.MappingEvaluations, reached?.Seconds,
                g?.RankCorrelation is { } rc && double.IsFinite(rc) ? rc : null, heldOut, heldOutRobust, result.MappingEvaluations, result.Seconds,
                result.ProposingSeconds, g?.Designs ?? []));
        }

        double? MedianOrNull(IEnumerable<double?> values)
        {
            var list = values.ToList();
            // A seed that never reached the target counts as infinitely slow.
            var sorted = list.Select(v => v ?? double.PositiveInfinity).ToList();
            var median = Statistics.Median(sorted);
            return double.IsFinite(median) ? median : null;
        }
        double? MedianOfPresent(IEnumerable<double?> values)
        {
            var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return present.Count == 0 ? null : Statistics.Median(present);
        }
        var hascoEvaluations = MedianOrNull(scored.Where(r => r.Entry == hascoName).Select(r => (double?)r.EvaluationsToTarget));
        var hascoSeconds = MedianOrNull(scored.Where(r => r.Entry == hascoName).Select(r => r.SecondsToTarget));
        var summaries = config.Entries.Select(e =>
        {
            var mine = scored.Where(r => r.Entry == e.Name).ToList();
            var evaluations = MedianOrNull(mine.Select(r => (double?)r.EvaluationsToTarget));
            var seconds = MedianOrNull(mine.Select(r => r.SecondsToTarget));
            return new ComparisonSummary(e.Name,
                Statistics.Median(mine.Select(r => r.FinalHypervolume)),
                evaluations,
                seconds,
                evaluations is > 0 && hascoEvaluations is { } h ? h / evaluations.Value : null,
                MedianOfPresent(mine.Select(r => r.RankCorrelation)),
                MedianOfPresent(mine.Select(r => r.HeldOutHypervolume)),
                MedianOfPresent(mine.Select(r => r.HeldOutHypervolumeRobust)),
                Statistics.Median(mine.Select(r => r.Seconds)),
                seconds is > 0 && hascoSeconds is { } hs ? hs / seconds.Value : null,
                Statistics.Median(mine.Select(r => r.Seconds > 0 ? r.ProposingSeconds / r.Seconds : 0)));
        }).ToList();
        return new ComparisonResult(config, target, scored, summaries, bounds);
    }

    /// <summary>The first point of a hypervolume curve at or above <paramref name="target"/> (a relative 1e-12 below counts), or null.</summary>
    public static HypervolumePoint? FirstReaching(IReadOnlyList<HypervolumePoint> curve, double target)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return curve.FirstOrDefault(p => p.Hypervolume >= target * (1 - 1e-12));
    }

    // The run's hypervolume after each evaluated point, with the comparison's bounds.
    private static List<HypervolumePoint> Curve(CoSearchResult result, ObjectiveBounds bounds)
    {
        var points = result.Points.Take(result.History.Count)
            .Select((p, i) => new ScoredPoint(p.Objectives, p.Feasible, result.History[i].MappingEvaluations, result.History[i].Seconds)).ToList();
        return [.. CommonScale.Curve(points, bounds)];
    }

    private static double[] HeldOutVector(CoSearchConfig config, CoSearchResult result, HeldOutOutcome d) =>
        [.. config.Objectives.Select(o => o switch
        {
            CoSearchObjective.Latency => Math.Log(d.HeldOutLatencyCycles),
            CoSearchObjective.Energy => Math.Log(d.HeldOutEnergyPj),
            _ => Math.Log(result.Points.First(p => p.Id == d.PointId).AreaMm2),
        })];

    // ---- Config file ---------------------------------------------------------------------------

    /// <summary>Reads a comparison config file.</summary>
    public static ComparisonConfig ReadConfig(string path)
    {
        if (!File.Exists(path)) throw new UnicoInputException("file not found", path);
        return ParseConfig(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>
    /// Parses a comparison config: the keys of a run config shared by every contestant, plus
    /// <c>full_budget</c>, <c>seeds</c> and <c>algorithms</c> (a list of { name, algorithm, settings }).
    /// A contestant may not set the full budget: it is the comparison's.
    /// </summary>
    public static ComparisonConfig ParseConfig(string json, string? file = "comparison")
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
                throw src.Error($"{path}.settings", $"expected an object of settings, e.g. {{ \"batch_size\": 4 }}, got {st.ValueKind.ToString().ToLowerInvariant()}");
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
    /// Writes a comparison config as <see cref="ParseConfig"/> reads it: the shared run settings
    /// (written by <see cref="CoSearchConfigJson.Write"/>), <c>full_budget</c>, <c>seeds</c> and every
    /// contestant with its complete settings, so parsing the text gives the same comparison.
    /// </summary>
    public static string WriteConfig(ComparisonConfig config)
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

    // ---- Report --------------------------------------------------------------------------------

    /// <summary>comparison.json: per contestant the medians, speed-ups and per-seed figures.</summary>
    public static string ToJson(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var algorithms = new JsonObject();
        foreach (var s in result.Summaries)
        {
            algorithms[s.Name] = new JsonObject
            {
                ["final_hv_median"] = s.FinalHypervolumeMedian,
                ["evals_to_hasco_final_median"] = s.EvaluationsToHascoFinalMedian,
                ["seconds_to_hasco_final_median"] = s.SecondsToHascoFinalMedian,
                ["speedup_vs_hasco"] = s.SpeedupVsHasco,
                ["seconds_speedup_vs_hasco"] = s.SecondsSpeedupVsHasco,
                ["seconds_median"] = s.SecondsMedian,
                ["proposing_share_median"] = s.ProposingShareMedian,
                ["rank_correlation_robustness_vs_degradation_median"] = s.RankCorrelationMedian,
                ["held_out_hv_median"] = s.HeldOutHypervolumeMedian,
                ["held_out_hv_robust_median"] = s.HeldOutHypervolumeRobustMedian,
                ["per_seed"] = new JsonArray([.. result.Runs.Where(r => r.Entry == s.Name).Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["final_hv"] = r.FinalHypervolume,
                    ["evals_to_hasco_final"] = r.EvaluationsToTarget,
                    ["seconds_to_hasco_final"] = r.SecondsToTarget,
                    ["mapping_evaluations"] = r.MappingEvaluations,
                    ["seconds"] = r.Seconds,
                    ["proposing_seconds"] = r.ProposingSeconds,
                    ["rank_correlation"] = r.RankCorrelation,
                    ["held_out_hv"] = r.HeldOutHypervolume,
                    ["held_out_hv_robust"] = r.HeldOutHypervolumeRobust,
                    ["curve"] = new JsonArray([.. r.Curve.Select(p => (JsonNode)new JsonArray(p.MappingEvaluations, p.Seconds, p.Hypervolume))]),
                })]),
            };
        }
        return new JsonObject
        {
            ["name"] = result.Config.Name,
            ["hasco_final_hv_median"] = result.Target,
            ["bounds"] = new JsonObject
            {
                ["lower"] = new JsonArray([.. result.Bounds.Lower.Select(v => JsonValue.Create(v))]),
                ["upper"] = new JsonArray([.. result.Bounds.Upper.Select(v => JsonValue.Create(v))]),
                ["reference"] = ObjectiveBounds.Reference,
            },
            ["config"] = new JsonObject
            {
                ["run"] = JsonNode.Parse(CoSearchConfigJson.Write(result.Config.Base)),
                ["seeds"] = new JsonArray([.. result.Config.Seeds.Select(s => JsonValue.Create(s))]),
                ["algorithms"] = new JsonArray([.. result.Config.Entries.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["algorithm"] = EnumNames.Of(e.Algorithm),
                })]),
            },
            ["algorithms"] = algorithms,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>report.md: the tables a reader needs, the setup, and a plot of the median curves.</summary>
    public static string Report(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        string F(double? v, string format = "F4") => v is { } x ? x.ToString(format, c) : "not reached";
        var cfg = result.Config.Base;
        var r = new StringBuilder();
        r.Append(c, $"# Comparison: {result.Config.Name}\n\n");
        r.Append(c, $"Training workloads: {string.Join(", ", cfg.TrainingWorkloads)}; held out: {(cfg.HeldOutWorkloads.Count == 0 ? "none" : string.Join(", ", cfg.HeldOutWorkloads))}. ");
        r.Append(c, $"Design space: {cfg.Space}. Objectives: {string.Join(", ", cfg.Objectives.Select(EnumNames.Of))}. ");
        r.Append(c, $"Every algorithm: full mapping budget B = {cfg.Settings.FullBudget:N0} evaluations per distinct layer, ");
        r.Append(c, $"total budget {(cfg.Budget.MappingEvaluations is { } b ? b.ToString("N0", c) + " mapping evaluations" : "by time/iterations")}, ");
        r.Append(c, $"seeds {string.Join(", ", result.Config.Seeds)}, mapper {EnumNames.Of(cfg.Mapper.Strategy)} ({EnumNames.Of(cfg.Mapper.Objective)}).\n\n");
        r.Append("Hypervolume is computed in one normalized space for every run: log latency, log energy and log area scaled by ");
        r.Append("bounds spanning all feasible points of all runs, reference point 1.1 on each axis.\n\n");
        r.Append(c, $"Target: HASCO's median final hypervolume, **{result.Target.ToString("F4", c)}**.\n\n");
        r.Append("| algorithm | median final HV | median evaluations to HASCO's final HV | median seconds to it | speed-up vs HASCO (evaluations) | speed-up vs HASCO (seconds) | median seconds per run | proposing share |\n");
        r.Append("|---|---|---|---|---|---|---|---|\n");
        string X(double? v) => v is { } x ? x.ToString("F2", c) + "x" : "-";
        foreach (var s in result.Summaries)
        {
            r.Append(c, $"| {s.Name} | {s.FinalHypervolumeMedian.ToString("F4", c)} | {F(s.EvaluationsToHascoFinalMedian, "N0")} | {F(s.SecondsToHascoFinalMedian, "F2")} | {X(s.SpeedupVsHasco)} | {X(s.SecondsSpeedupVsHasco)} | {s.SecondsMedian.ToString("F1", c)} | {s.ProposingShareMedian.ToString("P0", c)} |\n");
        }
        if (result.Summaries.Any(s => s.HeldOutHypervolumeMedian is not null))
        {
            r.Append("\n## Generalization to held-out networks\n\n");
            r.Append("Each run's final front is mapped onto the held-out networks with a full mapping search. ");
            r.Append("Degradation = how much further from the best design a design falls (in log EDP) on held-out networks than on the training ones. ");
            r.Append("A negative rank correlation means robust designs degrade less.\n\n");
            r.Append("| algorithm | median Spearman(R, degradation) | median held-out HV of the front | median held-out HV of the robust front |\n|---|---|---|---|\n");
            foreach (var s in result.Summaries)
                r.Append(c, $"| {s.Name} | {F(s.RankCorrelationMedian, "F3")} | {F(s.HeldOutHypervolumeMedian)} | {F(s.HeldOutHypervolumeRobustMedian)} |\n");
        }
        r.Append("\n## Per seed\n\n| algorithm | seed | final HV | evaluations to target | seconds to target | evaluations spent | seconds | of which proposing |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var run in result.Runs)
            r.Append(c, $"| {run.Entry} | {run.Seed} | {run.FinalHypervolume.ToString("F4", c)} | {F(run.EvaluationsToTarget, "N0")} | {F(run.SecondsToTarget, "F2")} | {run.MappingEvaluations.ToString("N0", c)} | {run.Seconds.ToString("F1", c)} | {run.ProposingSeconds.ToString("F1", c)} |\n");
        r.Append("\n## Hypervolume against mapping evaluations and seconds\n\n![median hypervolume against mapping evaluations](hypervolume.svg)\n\n![median hypervolume against seconds](hypervolume-seconds.svg)\n");
        return r.ToString();
    }

    /// <summary>An SVG plot of each contestant's median hypervolume against mapping evaluations or seconds.</summary>
    public static string Plot(ComparisonResult result, CurveAxis axis = CurveAxis.MappingEvaluations)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Summaries.Select(s => PlotSeries.Of(s.Name, result.Runs.Where(r => r.Entry == s.Name).Select(r => r.Curve), axis)).ToList();
        return HypervolumePlot.Svg(series, axis, result.Target);
    }
}
