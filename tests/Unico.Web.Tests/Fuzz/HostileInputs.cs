using System.Text;
using System.Text.Json.Nodes;

namespace Unico.Web.Tests.Fuzz;

/// <summary>What a fuzz input is for.</summary>
public enum InputKind
{
    /// <summary>A run config (POST /api/runs).</summary>
    RunConfig,

    /// <summary>A workload JSON (POST /api/workloads).</summary>
    WorkloadJson,

    /// <summary>A design-space JSON (POST /api/spaces).</summary>
    SpaceJson,

    /// <summary>A Timeloop problem YAML (POST /api/workloads as application/yaml).</summary>
    ProblemYaml,
}

/// <summary>One hostile input.</summary>
/// <param name="Kind">Which reader it is for.</param>
/// <param name="Text">The text.</param>
/// <param name="Mutation">How it was made (shown when it fails).</param>
public sealed record HostileInput(InputKind Kind, string Text, string Mutation);

/// <summary>
/// Hostile inputs made from valid ones by a seeded generator: a value somewhere replaced by
/// something hostile (huge, infinite, wrapping, negative, of the wrong type, null, a lone surrogate,
/// control and bidi characters, deep nesting, a very long string), the text cut, a character
/// dropped or doubled, and for YAML anchors, aliases, complex keys and tags. The same seed gives the same inputs.
/// </summary>
public static class HostileInputs
{
    /// <summary>A valid run config (small: whatever the mutations leave valid runs quickly).</summary>
    public const string RunConfig = """
        {
          "name": "fuzz",
          "workloads": { "training": ["AlexNet"], "held_out": [] },
          "space": "eyeriss-like",
          "objectives": ["latency", "energy", "area"],
          "caps": { "area_mm2": 50, "power_w": 10 },
          "algorithm": "random",
          "settings": { "initial_points": 2, "batch_size": 2, "b0": 20, "eta": 3, "full_budget": 60, "plateau_epsilon": 0.01,
                        "robustness": "filter", "robustness_quantile": 0.5, "surrogate": "all", "acquisition": "qnehvi" },
          "budget": { "mapping_evaluations": 3000, "seconds": 30, "iterations": 2 },
          "mapper": { "strategy": "annealing", "objective": "edp" },
          "seed": 3,
          "clock_ghz": 1.0,
          "threads": 1
        }
        """;

    /// <summary>A valid workload.</summary>
    public const string Workload = """
        {
          "name": "fuzz-net",
          "description": "d",
          "layers": [
            { "name": "conv1", "type": "conv2d", "dims": { "C": 3, "M": 16, "R": 3, "S": 3, "P": 16, "Q": 16 }, "stride": 1, "repeat": 1 },
            { "name": "fc", "type": "fc", "dims": { "N": 10, "K": 64 } }
          ]
        }
        """;

    /// <summary>A valid design space.</summary>
    public const string Space = """
        {
          "name": "fuzz-space",
          "parameters": {
            "pe_rows": { "min": 4, "max": 16, "step": 4 },
            "glb_kb": { "min": 32, "max": 256, "pow2": true },
            "glb_banks": { "values": [8, 16] },
            "dataflow": { "choices": ["free", "row_stationary"] }
          },
          "constraints": { "max_area_mm2": 20, "max_pes": 4096 }
        }
        """;

    /// <summary>A valid Timeloop problem (a GEMM-shaped one).</summary>
    public const string Problem = """
        problem:
          version: 0.4
          instance:
            C: 64
            M: 32
            N: 1
            P: 8
            Q: 8
            R: 1
            S: 1
          shape:
            name: conv2D
            dimensions: [C, M, R, S, N, P, Q]
            coefficients:
            - name: Wstride
              default: 1
            - name: Hstride
              default: 1
            data_spaces:
            - name: Weights
              projection: [[[C]], [[M]], [[R]], [[S]]]
            - name: Inputs
              projection: [[[N]], [[C]], [[R], [P, Wstride]], [[S], [Q, Hstride]]]
            - name: Outputs
              projection: [[[N]], [[M]], [[Q]], [[P]]]
              read_write: true
        """;

    private static readonly string[] JsonValues =
    [
        "1e400", "-1e400", "4294967296", "4294967297", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "-1", "0", "1.5", "1e-400", "null", "true", "false", "\"\\ud800\"", "\"a\\udfffb\"", "\"\\u202Eevil\"", "\"\\u0000\"", "\"\\u0007bell\"",
        "\"\"", "\"   \"", "\"../../etc/passwd\"", "\"/etc/passwd\"", "\"1\"", "1", "[]", "{}", "[null]", "{\"\": 1}", "\"NaN\"", "\"Infinity\"",
        "\"x.json\"", "\"\\u200B\"", "[[[[[[[[[[1]]]]]]]]]]",
    ];

    private static readonly string[] YamlValues =
    [
        "1e400", "4294967296", "-1", "0", "1.5", "~", "null", "\"\\ud800\"", "'\u202Eevil'", "*missing", "&a [*a]", "!!binary AAAA",
        "[", "{", "\"open", "[1, 2", "? [a]", "|\n  block", ">-\n  folded", "!custom x", "0x10", "1_000", ".inf", "-.inf", ".nan", "[[[[[[[[[[x]]]]]]]]]]",
    ];

    /// <summary><paramref name="count"/> inputs from <paramref name="seed"/>, the four kinds in turn.</summary>
    public static List<HostileInput> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var inputs = new List<HostileInput>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = (InputKind)(i % 4);
            inputs.Add(kind == InputKind.ProblemYaml ? Yaml(random) : Json(random, kind));
        }
        return inputs;
    }

    /// <summary><paramref name="count"/> mutations of another valid JSON input (a comparison config), from <paramref name="seed"/>.</summary>
    public static List<HostileInput> Mutate(string json, InputKind kind, int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Json(random, kind, json))];
    }

    private static HostileInput Json(Random random, InputKind kind) =>
        Json(random, kind, kind switch { InputKind.RunConfig => RunConfig, InputKind.WorkloadJson => Workload, _ => Space });

    private static HostileInput Json(Random random, InputKind kind, string text)
    {
        switch (random.Next(10))
        {
            case < 6:
                var (path, mutated) = ReplaceValue(text, random);
                return new HostileInput(kind, mutated, $"value at {path}");
            case 6:
                var cut = random.Next(text.Length);
                return new HostileInput(kind, text[..cut], $"cut at {cut}");
            case 7:
                var drop = random.Next(text.Length);
                return new HostileInput(kind, text.Remove(drop, 1), $"dropped char {drop}");
            case 8:
                var depth = random.Next(60, 20_000);
                return new HostileInput(kind, text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, $"\"deep\": {new string('[', depth)}{new string(']', depth)},"), $"nested {depth} deep");
            default:
                var at = random.Next(text.Length);
                var noise = new string([.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => (char)random.Next(0, 0x3000))]);
                return new HostileInput(kind, text.Insert(at, noise), $"noise at {at}");
        }
    }

    // A random leaf of the document replaced by a hostile value (written raw, so it may be invalid JSON on purpose).
    private static (string Path, string Text) ReplaceValue(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var leaves = new List<(JsonNode Parent, string Key, int Index, string Path)>();
        void Walk(JsonNode node, string path)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o.ToList())
                {
                    var p = path.Length == 0 ? k : $"{path}.{k}";
                    leaves.Add((o, k, -1, p));
                    if (v is not null) Walk(v, p);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    leaves.Add((a, "", i, $"{path}[{i}]"));
                    if (a[i] is { } item) Walk(item, $"{path}[{i}]");
                }
            }
        }
        Walk(root, "");
        var (parent, key, index, leafPath) = leaves[random.Next(leaves.Count)];
        const string Marker = "\u0001HOSTILE\u0001";
        if (parent is JsonObject obj) obj[key] = Marker;
        else ((JsonArray)parent)[index] = Marker;
        var value = random.Next(8) == 0 ? $"\"{new string('n', random.Next(1_000, 200_000))}\"" : JsonValues[random.Next(JsonValues.Length)];
        return (leafPath, root.ToJsonString().Replace("\"\\u0001HOSTILE\\u0001\"", value, StringComparison.Ordinal));
    }

    private static HostileInput Yaml(Random random)
    {
        var lines = Problem.Split('\n').ToList();
        switch (random.Next(6))
        {
            case < 3:
                var valued = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains(": ", StringComparison.Ordinal)).ToList();
                var (line, index) = valued[random.Next(valued.Count)];
                lines[index] = line[..(line.IndexOf(": ", StringComparison.Ordinal) + 2)] + YamlValues[random.Next(YamlValues.Length)];
                return new HostileInput(InputKind.ProblemYaml, string.Join('\n', lines), $"value on line {index + 1}");
            case 3:
                var levels = random.Next(3, 12);
                var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
                for (var l = 1; l <= levels; l++) bomb.Append($"a{l}: &a{l} [{string.Join(", ", Enumerable.Repeat($"*a{l - 1}", 9))}]\n");
                bomb.Append(random.Next(2) == 0 ? $"? *a{levels}\n: 1\n" : $"extra: *a{levels}\n");
                return new HostileInput(InputKind.ProblemYaml, bomb + Problem, $"anchors {levels} deep");
            case 4:
                var depth = random.Next(60, 100_000);
                return new HostileInput(InputKind.ProblemYaml, $"x: {new string('[', depth)}{new string(']', random.Next(depth + 1))}\n" + Problem, $"nested {depth} deep");
            default:
                var text = Problem;
                var cut = random.Next(text.Length);
                return new HostileInput(InputKind.ProblemYaml, random.Next(2) == 0 ? text[..cut] : text.Insert(cut, "\t\u0000\"'[{&*!|>%@`"), $"cut or noise at {cut}");
        }
    }
}
