using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Mapping;

namespace Unico.Cli.Commands;

/// <summary>
/// `unico bench mapper`: the mapper against Timeloop's own mapper on a directory laid out like the
/// timeloop-oracle set (<c>arch/&lt;arch&gt;.yaml</c> with its ERT and ART, <c>problems/&lt;layer&gt;.yaml</c>,
/// and <c>cases.jsonl</c> with Timeloop's best EDP per mapper case): on every (architecture, layer)
/// pair, whether a valid mapping is found, whether it keeps every constraint, and its EDP over
/// Timeloop's; per architecture the median ratio.
/// </summary>
internal static class BenchMapperCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "A directory laid out like tests/Unico.Engine.Tests/Data/timeloop-oracle.", Required = true };
        var budget = new Option<long>("--budget") { Description = "Mapping evaluations per layer.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var strategy = new Option<string>("--strategy") { Description = "annealing (default) or random-pruned.", DefaultValueFactory = _ => "annealing" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("mapper", "The mapper against Timeloop's mapper on a set of designs and layers: validity, constraints, EDP ratio.");
        foreach (var o in new Option[] { dir, budget, seed, strategy, json }) cmd.Options.Add(o);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var root = parse.GetValue(dir)!;
            var evaluations = parse.GetValue(budget);
            if (evaluations <= 0) throw new UnicoInputException($"must be a positive number of evaluations, got {evaluations}", field: "--budget");
            var options = new MapperOptions(MapCommand.ParseStrategy(parse.GetValue(strategy)!), Seed: parse.GetValue(seed));
            var rows = Run(root, evaluations, options);
            Print(rows, parse.GetValue(json));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private sealed record Row(string Arch, string Layer, bool Valid, int Violations, double Edp, double? TimeloopEdp, double Seconds);

    private static List<Row> Run(string root, long budget, MapperOptions options)
    {
        var timeloop = TimeloopBest(Path.Combine(root, "cases.jsonl"));
        var archDir = Path.Combine(root, "arch");
        if (!Directory.Exists(archDir)) throw new UnicoInputException("has no arch/ folder", root);
        var archs = Directory.GetFiles(archDir, "*.yaml").Where(f => !f.EndsWith(".ERT.yaml", StringComparison.Ordinal) && !f.EndsWith(".ART.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        var layers = Directory.GetFiles(Path.Combine(root, "problems"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        var pairs = archs.SelectMany(a => layers.Select(l => (Arch: a, Layer: l))).ToArray();
        var rows = new ConcurrentBag<Row>();
        Parallel.ForEach(pairs, pair =>
        {
            var name = Path.GetFileNameWithoutExtension(pair.Arch);
            var layer = Path.GetFileNameWithoutExtension(pair.Layer);
            var stem = pair.Arch[..^".yaml".Length];
            var tl = TimeloopArchitectureReader.Read(pair.Arch, stem + ".ERT.yaml", File.Exists(stem + ".ART.yaml") ? stem + ".ART.yaml" : null);
            var problem = TimeloopProblemReader.Read(pair.Layer);
            var watch = Stopwatch.StartNew();
            var search = MappingSearch.Create(tl.MapSpace(problem), options);
            search.Run(budget);
            var seconds = watch.Elapsed.TotalSeconds;
            var best = search.BestMapping;
            var violations = best is null ? 0
                : ConstraintCheck.Violations(best, problem, tl.Architecture, tl.Constraints, tl.ContainerLevels, tl.ParallelGroups.Select(g => (IReadOnlyList<string>)g)).Length;
            var edp = best is null ? double.NaN : search.BestEvaluation()!.Edp;
            rows.Add(new Row(name, layer, best is not null, violations, edp, timeloop.TryGetValue((name, layer), out var t) ? t : null, seconds));
        });
        return [.. rows.OrderBy(r => r.Arch, StringComparer.Ordinal).ThenBy(r => r.Layer, StringComparer.Ordinal)];
    }

    // Timeloop's mapper's best EDP (J x cycle) per (arch, layer), from the mapper cases.
    private static Dictionary<(string, string), double> TimeloopBest(string file)
    {
        var result = new Dictionary<(string, string), double>();
        if (!File.Exists(file)) return result;
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("kind").GetString() != "mapper") continue;
            result[(e.GetProperty("arch").GetString()!, e.GetProperty("layer").GetString()!)] = e.GetProperty("edp_j_cycle").GetDouble();
        }
        return result;
    }

    private static void Print(List<Row> rows, bool json)
    {
        var medians = rows.GroupBy(r => r.Arch).ToDictionary(g => g.Key, g => Median([.. g.Where(r => r.Valid && r.TimeloopEdp is not null).Select(r => r.Edp / r.TimeloopEdp!.Value)]));
        if (json)
        {
            Console.WriteLine(new JsonObject
            {
                ["pairs"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["arch"] = r.Arch, ["layer"] = r.Layer, ["valid"] = r.Valid, ["violations"] = r.Violations,
                    ["edp"] = r.Valid ? r.Edp : null, ["timeloop_edp"] = r.TimeloopEdp, ["seconds"] = r.Seconds,
                })]),
                ["median_edp_ratio"] = new JsonObject(medians.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(double.IsNaN(kv.Value) ? null : kv.Value)))),
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{"architecture",-16} {"layer",-16} {"valid",5} {"broken",6} {"EDP (J x cycle)",16} {"Timeloop EDP",14} {"ratio",6} {"s",6}");
        foreach (var r in rows)
        {
            var ratio = r.Valid && r.TimeloopEdp is { } t ? (r.Edp / t).ToString("F3", c) : "-";
            Console.WriteLine($"{r.Arch,-16} {r.Layer,-16} {(r.Valid ? "yes" : "NO"),5} {r.Violations,6} {(r.Valid ? r.Edp.ToString("G5", c) : "-"),16} {(r.TimeloopEdp?.ToString("G4", c) ?? "-"),14} {ratio,6} {r.Seconds.ToString("F2", c),6}");
        }
        Console.WriteLine();
        Console.WriteLine($"valid: {rows.Count(r => r.Valid)} of {rows.Count} pairs; constraints broken: {rows.Sum(r => r.Violations)}");
        foreach (var (arch, median) in medians.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine($"median EDP / Timeloop's on {arch}: {(double.IsNaN(median) ? "-" : median.ToString("F3", c))}");
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0) return double.NaN;
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
    }
}
