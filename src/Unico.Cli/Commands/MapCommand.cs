using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Cli.Commands;

/// <summary>
/// `unico map`: search the best mapping of one layer given as Timeloop files, or of every layer
/// of a workload on a point of a design space.
/// </summary>
internal static class MapCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "Timeloop v0.4 architecture YAML (with --problem and --ert)." };
        var problem = new Option<string>("--problem") { Description = "Timeloop problem YAML (one layer)." };
        var ert = new Option<string>("--ert") { Description = "Accelergy energy reference table." };
        var art = new Option<string>("--art") { Description = "Accelergy area reference table." };
        var constraints = new Option<string>("--constraints") { Description = "Timeloop constraints YAML (added to the architecture's own)." };
        var space = new Option<string>("--space") { Description = "Design space: a built-in name (see `unico spaces`) or a JSON file (with --point and --workload)." };
        var point = new Option<string>("--point") { Description = "Design point JSON (missing parameters take the space's default); omitted: the default point." };
        var workload = new Option<string>("--workload") { Description = "Workload: a built-in name (see `unico workloads`), a JSON file or a Timeloop problem YAML." };
        var budget = new Option<long>("--budget") { Description = "Mappings to evaluate (per distinct layer for a workload).", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var objective = new Option<string>("--objective") { Description = "edp (default), latency or energy.", DefaultValueFactory = _ => "edp" };
        var strategy = new Option<string>("--strategy") { Description = "annealing (default) or random-pruned.", DefaultValueFactory = _ => "annealing" };
        var output = new Option<string>("--out") { Description = "Write the best mapping as Timeloop mapping YAML: to this file for one layer; for a workload, into this directory, one <layer>.map.yaml per distinct layer." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };

        var cmd = new Command("map", "Search the best mapping of a layer (Timeloop files) or of a workload on a design point.");
        foreach (var o in new Option[] { arch, problem, ert, art, constraints, space, point, workload, budget, seed, objective, strategy, output, json })
            cmd.Options.Add(o);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var options = new MapperOptions(ParseStrategy(parse.GetValue(strategy)!), ParseObjective(parse.GetValue(objective)!), parse.GetValue(seed));
            var evaluations = parse.GetValue(budget);
            if (evaluations <= 0) throw new UnicoInputException($"must be a positive number of evaluations, got {evaluations}", field: "--budget");
            var settings = new RunSettings(options, evaluations, parse.GetValue(json));
            if (parse.GetValue(space) is { } spaceName)
            {
                if (parse.GetValue(arch) is not null || parse.GetValue(problem) is not null)
                    throw new UnicoInputException("give either --space/--point/--workload or --arch/--problem/--ert, not both", field: "--space");
                var workloadName = parse.GetValue(workload) ?? throw new UnicoInputException("is required with --space", field: "--workload");
                return MapWorkload(spaceName, parse.GetValue(point), workloadName, parse.GetValue(output), settings);
            }
            var archFile = parse.GetValue(arch) ?? throw new UnicoInputException("is required (or give --space, --point and --workload)", field: "--arch");
            var problemFile = parse.GetValue(problem) ?? throw new UnicoInputException("is required with --arch", field: "--problem");
            var ertFile = parse.GetValue(ert) ?? throw new UnicoInputException("is required with --arch", field: "--ert");
            return MapLayer(archFile, problemFile, ertFile, parse.GetValue(art), parse.GetValue(constraints), parse.GetValue(output), settings);
        }));
        return cmd;
    }

    // One file per distinct layer, named after its first layer (characters unsafe in file names replaced).
    private static void WriteLayerMapping(string directory, string layer, string yaml)
    {
        Directory.CreateDirectory(directory);
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string([.. layer.Select(c => invalid.Contains(c) || c == '.' ? '_' : c)]);
        File.WriteAllText(Path.Combine(directory, name + ".map.yaml"), yaml);
    }

    private sealed record RunSettings(MapperOptions Options, long Budget, bool Json);

    private static int MapLayer(string archFile, string problemFile, string ertFile, string? artFile, string? constraintsFile, string? outFile, RunSettings settings)
    {
        var problem = TimeloopProblemReader.Read(problemFile);
        var arch = TimeloopArchitectureReader.Read(archFile, ertFile, artFile);
        foreach (var warning in arch.Warnings) Console.Error.WriteLine($"warning: {warning}");
        var mapSpace = arch.MapSpace(problem, constraintsFile is null ? null : TimeloopConstraintsReader.Read(constraintsFile));
        var search = MappingSearch.Create(mapSpace, settings.Options);
        var watch = Stopwatch.StartNew();
        search.Run(settings.Budget);
        var seconds = watch.Elapsed.TotalSeconds;

        var best = search.BestEvaluation();
        if (best is null)
        {
            Console.Error.WriteLine($"error: no valid mapping found in {settings.Budget} evaluations");
            return ExitCodes.InvalidMapping;
        }
        var yaml = TimeloopMappingWriter.Write(search.BestMapping!, problem, arch.Architecture);
        if (outFile is not null) File.WriteAllText(outFile, yaml);
        if (settings.Json)
        {
            var obj = EvaluationJson.ToJson(best);
            AddSearchFields(obj, search, seconds, settings);
            obj["mapping"] = yaml;
            Console.WriteLine(obj.ToJsonString(Indented));
        }
        else
        {
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"Searched {search.Evaluations.ToString("N0", c)} mappings ({search.ValidEvaluations.ToString("N0", c)} valid) " +
                              $"in {seconds.ToString("F2", c)} s with {EnumNames.Of(settings.Options.Strategy)}, seed {settings.Options.Seed}.");
            Console.WriteLine();
            Console.Write(EvaluationText.Format(best, problem));
            Console.WriteLine();
            Console.Write(yaml);
        }
        return ExitCodes.Ok;
    }

    private static int MapWorkload(string spaceName, string? pointFile, string workloadName, string? outDir, RunSettings settings)
    {
        var designSpace = DesignSpace.Resolve(spaceName);
        var designPoint = pointFile is null ? designSpace.Default : designSpace.LoadPoint(pointFile);
        var hardware = designSpace.Build(designPoint, pointFile);
        var workload = WorkloadCatalog.Resolve(workloadName);
        var search = new WorkloadMappingSearch(workload, hardware.Architecture, hardware.ConstraintsFor, hardware.ContainerLevels, settings.Options);
        var watch = Stopwatch.StartNew();
        search.RunTo(settings.Budget);
        var seconds = watch.Elapsed.TotalSeconds;
        var cost = search.Cost();

        var layers = new JsonArray();
        foreach (var (layer, layerSearch) in search.Layers)
        {
            var best = layerSearch.BestEvaluation();
            var entry = best is null ? new JsonObject { ["valid"] = false, ["reason"] = "no valid mapping found" } : EvaluationJson.ToJson(best);
            entry["layers"] = new JsonArray([.. layer.LayerNames.Select(n => JsonValue.Create(n))]);
            entry["repeat"] = layer.Repeat;
            AddSearchFields(entry, layerSearch, seconds: null, settings);
            if (layerSearch.BestMapping is { } mapping)
            {
                var yaml = TimeloopMappingWriter.Write(mapping, layer.Problem, hardware.Architecture);
                entry["mapping"] = yaml;
                if (outDir is not null) WriteLayerMapping(outDir, layer.LayerNames[0], yaml);
            }
            layers.Add(entry);
        }
        var totals = new JsonObject
        {
            ["latency_cycles"] = cost.Cycles,
            ["energy_pj"] = cost.EnergyPj,
            ["area_mm2"] = hardware.AreaMm2,
            ["edp"] = cost.EnergyPj * 1e-12 * cost.Cycles,
            ["complete"] = cost.Complete,
        };
        if (settings.Json)
        {
            Console.WriteLine(new JsonObject
            {
                ["space"] = designSpace.Name,
                ["point"] = designPoint.ToJsonObject(),
                ["workload"] = workload.Name,
                ["totals"] = totals,
                ["evaluations"] = search.TotalEvaluations,
                ["valid_evaluations"] = search.Layers.Sum(l => l.Search.ValidEvaluations),
                ["seconds"] = seconds,
                ["layers"] = layers,
            }.ToJsonString(Indented));
        }
        else
        {
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"{workload.Name} on {designSpace.Name} ({designPoint}): {search.Layers.Count} distinct layers, " +
                              $"{search.TotalEvaluations.ToString("N0", c)} mappings in {seconds.ToString("F2", c)} s");
            Console.WriteLine($"{"layer",-28} {"repeat",6} {"cycles",14} {"energy uJ",12} {"util %",7}");
            foreach (var (layer, layerSearch) in search.Layers)
            {
                var s = layerSearch.BestSummary;
                var name = layer.LayerNames.Length == 1 ? layer.LayerNames[0] : $"{layer.LayerNames[0]} (+{layer.LayerNames.Length - 1})";
                var util = layerSearch.HasValidMapping ? 100.0 * layer.Problem.Operations / (hardware.Architecture.Compute.Instances * (double)s.Cycles) : 0;
                Console.WriteLine(layerSearch.HasValidMapping
                    ? $"{name,-28} {layer.Repeat,6} {s.Cycles,14:N0} {(s.EnergyPj / 1e6).ToString("F3", c),12} {util.ToString("F1", c),7}"
                    : $"{name,-28} {layer.Repeat,6} {"no valid mapping",14}");
            }
            Console.WriteLine($"Total: {cost.Cycles.ToString("N0", c)} cycles, {(cost.EnergyPj / 1e6).ToString("F2", c)} uJ, " +
                              $"{hardware.AreaMm2.ToString("F3", c)} mm^2{(cost.Complete ? "" : " (incomplete: some layers have no valid mapping)")}");
        }
        return cost.Complete ? ExitCodes.Ok : ExitCodes.InvalidMapping;
    }

    private static void AddSearchFields(JsonObject obj, MappingSearch search, double? seconds, RunSettings settings)
    {
        obj["evaluations"] = search.Evaluations;
        obj["valid_evaluations"] = search.ValidEvaluations;
        if (seconds is { } s) obj["seconds"] = s;
        obj["strategy"] = EnumNames.Of(settings.Options.Strategy);
        obj["objective"] = EnumNames.Of(settings.Options.Objective);
        obj["seed"] = search.Options.Seed;
        obj["best_cost"] = search.BestCost;
        var trace = new JsonArray();
        foreach (var p in search.Trace.Points) trace.Add(new JsonArray(p.Evaluation, p.Cost));
        obj["trace"] = trace;
    }

    // The naming table's names (random-pruned as Timeloop spells it, too), and the short forms the options have always taken.
    internal static MappingObjective ParseObjective(string text) =>
        EnumNames.TryParse<MappingObjective>(text, out var objective) ? objective
        : text.ToLowerInvariant() is "cycles" or "delay" ? MappingObjective.Latency
        : throw new UnicoInputException($"unknown objective '{text}': expected {string.Join(", ", EnumNames.All<MappingObjective>())}", field: "--objective");

    internal static MappingStrategy ParseStrategy(string text) =>
        EnumNames.TryParse<MappingStrategy>(text, out var strategy) ? strategy
        : text.ToLowerInvariant() switch
        {
            "default" => MappingStrategy.Annealing,
            "random" => MappingStrategy.RandomPruned,
            _ => throw new UnicoInputException($"unknown strategy '{text}': expected annealing or random-pruned", field: "--strategy"),
        };
}
