using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.Workloads;

namespace Unico.Cli.Commands;

/// <summary>`unico workloads`: list the built-in workloads, show one's layers, export one as a workload file.</summary>
internal static class WorkloadsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var cmd = new Command("workloads", "List the built-in workloads (networks and their layers).");
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            if (parse.GetValue(json))
            {
                var list = new JsonArray([.. WorkloadZoo.All.Select(w => (JsonNode)Summary(w))]);
                Console.WriteLine(list.ToJsonString(Indented));
            }
            else
            {
                Console.Write(ListText(WorkloadZoo.All));
            }
            return ExitCodes.Ok;
        }));
        cmd.Subcommands.Add(CreateShow());
        cmd.Subcommands.Add(CreateExport());
        return cmd;
    }

    private static Command CreateShow()
    {
        var workload = new Argument<string>("workload") { Description = "A built-in name (see `unico workloads`), a workload .json file or a Timeloop problem .yaml file." };
        var json = new Option<bool>("--json") { Description = "Print JSON: the workload with each layer's MACs and the distinct layers." };
        var cmd = new Command("show", "Show a workload's layers: name, type, dimensions, stride, repeat, MACs.");
        cmd.Arguments.Add(workload);
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var w = WorkloadCatalog.Resolve(parse.GetValue(workload)!);
            if (parse.GetValue(json)) Console.WriteLine(Detail(w).ToJsonString(Indented));
            else Console.Write(ShowText(w));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command CreateExport()
    {
        var workload = new Argument<string>("workload") { Description = "A built-in name, a workload .json file or a Timeloop problem .yaml file." };
        var output = new Option<string>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var cmd = new Command("export", "Write a workload in the workload file format (JSON), e.g. to edit a built-in.");
        cmd.Arguments.Add(workload);
        cmd.Options.Add(output);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var w = WorkloadCatalog.Resolve(parse.GetValue(workload)!);
            var text = WorkloadJson.Write(w);
            if (parse.GetValue(output) is { } path) File.WriteAllText(path, text);
            else Console.Write(text);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static string ListText(IEnumerable<Workload> workloads)
    {
        var c = CultureInfo.InvariantCulture;
        var w = new StringWriter(c);
        w.WriteLine($"{"name",-14} {"layers",7} {"distinct",9} {"GMACs",9}  description");
        foreach (var workload in workloads)
        {
            w.WriteLine($"{workload.Name,-14} {workload.LayerCount,7} {workload.DistinctLayers().Length,9} {(workload.TotalMacs / 1e9).ToString("F3", c),9}  {workload.Description}");
        }
        return w.ToString();
    }

    internal static string ShowText(Workload workload)
    {
        var c = CultureInfo.InvariantCulture;
        var w = new StringWriter(c);
        w.WriteLine($"{workload.Name}: {workload.Description}");
        if (workload.Source.Length > 0) w.WriteLine($"Source: {workload.Source}");
        w.WriteLine();
        w.WriteLine($"{"layer",-18} {"type",-9} {"dims",-46} {"stride",6} {"repeat",6} {"MACs",15} {"total MACs",15}");
        foreach (var layer in workload.Layers)
        {
            var dims = string.Join(" ", layer.Dimensions.Select((d, i) => $"{d}={layer.Problem.Bounds[i].ToString(c)}"));
            if (layer.Dilation != Spatial2D.One) dims += $" dil={layer.Dilation}";
            var stride = layer.Kind.IsConvolution() ? layer.Stride.ToString() : "-";
            w.WriteLine($"{layer.Name,-18} {layer.Kind.Label(),-9} {dims,-46} {stride,6} {layer.Repeat,6} {layer.Macs.ToString("N0", c),15} {layer.TotalMacs.ToString("N0", c),15}");
        }
        w.WriteLine();
        w.WriteLine($"Layers: {workload.LayerCount} ({workload.LayerRuns} runs), distinct: {workload.DistinctLayers().Length}, total MACs: {workload.TotalMacs.ToString("N0", c)} ({(workload.TotalMacs / 1e9).ToString("F3", c)} G)");
        return w.ToString();
    }

    private static JsonObject Summary(Workload w) => new()
    {
        ["name"] = w.Name,
        ["description"] = w.Description,
        ["source"] = w.Source,
        ["layers"] = w.LayerCount,
        ["distinct_layers"] = w.DistinctLayers().Length,
        ["total_macs"] = w.TotalMacs,
    };

    internal static JsonObject Detail(Workload w)
    {
        var obj = Summary(w);
        obj["layers"] = new JsonArray([.. w.Layers.Select(l => (JsonNode)LayerJson(l))]);
        obj["distinct_layers"] = new JsonArray([.. w.DistinctLayers().Select(d => (JsonNode)new JsonObject
        {
            ["layers"] = new JsonArray([.. d.LayerNames.Select(n => (JsonNode)JsonValue.Create(n))]),
            ["repeat"] = d.Repeat,
            ["macs"] = d.Macs,
            ["key"] = d.Key.Value,
        })]);
        obj["total_macs"] = w.TotalMacs;
        return obj;
    }

    private static JsonObject LayerJson(Layer l)
    {
        var dims = new JsonObject();
        for (var i = 0; i < l.Dimensions.Length; i++) dims[l.Dimensions[i]] = l.Problem.Bounds[i];
        var obj = new JsonObject { ["name"] = l.Name, ["type"] = l.Kind.Label(), ["dims"] = dims };
        if (l.Kind.IsConvolution())
        {
            obj["stride"] = new JsonArray(l.Stride.W, l.Stride.H);
            obj["dilation"] = new JsonArray(l.Dilation.W, l.Dilation.H);
        }
        obj["repeat"] = l.Repeat;
        obj["macs"] = l.Macs;
        obj["total_macs"] = l.TotalMacs;
        return obj;
    }
}
