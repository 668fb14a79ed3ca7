using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Cli.Commands;

/// <summary>`unico map`: search the best mapping of a layer on an architecture.</summary>
internal static class MapCommand
{
    public static Command Create()
    {
        var inputs = new TimeloopInputOptions(mappingRequired: false);
        var constraints = new Option<string>("--constraints") { Description = "Timeloop constraints YAML (added to the architecture's own constraints)." };
        var budget = new Option<long>("--budget") { Description = "Mappings to evaluate.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var objective = new Option<string>("--objective") { Description = "edp (default), latency or energy.", DefaultValueFactory = _ => "edp" };
        var strategy = new Option<string>("--strategy") { Description = "annealing (default) or random-pruned.", DefaultValueFactory = _ => "annealing" };
        var output = new Option<string>("--out") { Description = "Write the best mapping to this file (Timeloop mapping YAML)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };

        var cmd = new Command("map", "Search the best mapping of one layer on one architecture (Timeloop v0.4 files).");
        inputs.AddTo(cmd);
        foreach (var o in new Option[] { constraints, budget, seed, objective, strategy, output, json }) cmd.Options.Add(o);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var options = new MapperOptions(ParseStrategy(parse.GetValue(strategy)!), ParseObjective(parse.GetValue(objective)!), parse.GetValue(seed));
            var evaluations = parse.GetValue(budget);
            if (evaluations <= 0) throw new UnicoInputException($"must be a positive number of evaluations, got {evaluations}", field: "--budget");
            var problem = TimeloopProblemReader.Read(parse.GetValue(inputs.Problem)!);
            var arch = TimeloopArchitectureReader.Read(parse.GetValue(inputs.Arch)!, parse.GetValue(inputs.Ert)!, parse.GetValue(inputs.Art));
            foreach (var warning in arch.Warnings) Console.Error.WriteLine($"warning: {warning}");
            var allConstraints = parse.GetValue(constraints) is { } file
                ? TimeloopConstraintsReader.Combine(arch.Constraints, TimeloopConstraintsReader.Read(file))
                : arch.Constraints;
            var space = MapSpace.Create(problem, arch.Architecture, allConstraints, arch.ContainerLevels);
            var search = MappingSearch.Create(space, options);
            var watch = Stopwatch.StartNew();
            search.Run(evaluations);
            var seconds = watch.Elapsed.TotalSeconds;

            var best = search.BestEvaluation();
            if (best is null)
            {
                Console.Error.WriteLine($"error: no valid mapping found in {evaluations} evaluations");
                return ExitCodes.InvalidMapping;
            }
            var yaml = TimeloopMappingWriter.Write(search.BestMapping!, problem, arch.Architecture);
            if (parse.GetValue(output) is { } outFile) File.WriteAllText(outFile, yaml);
            if (parse.GetValue(json))
            {
                var obj = EvaluationJson.ToJson(best);
                obj["evaluations"] = search.Evaluations;
                obj["valid_evaluations"] = search.ValidEvaluations;
                obj["seconds"] = seconds;
                obj["strategy"] = parse.GetValue(strategy);
                obj["objective"] = parse.GetValue(objective);
                obj["seed"] = options.Seed;
                obj["best_cost"] = search.BestCost;
                var trace = new JsonArray();
                foreach (var p in search.Trace.Points) trace.Add(new JsonArray(p.Evaluation, p.Cost));
                obj["trace"] = trace;
                obj["mapping"] = yaml;
                Console.WriteLine(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"Searched {search.Evaluations.ToString("N0", c)} mappings ({search.ValidEvaluations.ToString("N0", c)} valid) " +
                                  $"in {seconds.ToString("F2", c)} s with {parse.GetValue(strategy)}, seed {options.Seed}.");
                Console.WriteLine();
                Console.Write(EvaluationText.Format(best, problem));
                Console.WriteLine();
                Console.Write(yaml);
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static MappingObjective ParseObjective(string text) => text.ToLowerInvariant() switch
    {
        "edp" => MappingObjective.Edp,
        "latency" or "cycles" or "delay" => MappingObjective.Latency,
        "energy" => MappingObjective.Energy,
        _ => throw new UnicoInputException($"unknown objective '{text}': expected edp, latency or energy", field: "--objective"),
    };

    internal static MappingStrategy ParseStrategy(string text) => text.ToLowerInvariant() switch
    {
        "annealing" or "default" => MappingStrategy.Annealing,
        "random-pruned" or "random" => MappingStrategy.RandomPruned,
        _ => throw new UnicoInputException($"unknown strategy '{text}': expected annealing or random-pruned", field: "--strategy"),
    };
}
