using System.CommandLine;
using System.Globalization;
using Unico.Engine;
using Unico.Engine.CoSearch;

namespace Unico.Cli.Commands;

/// <summary>`unico export`: a design point of a finished search as Timeloop and Accelergy files.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "The folder `unico search --out` wrote (its result.json).", Required = true };
        var point = new Option<int>("--point") { Description = "The hardware point's id (see points.csv or front.csv).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write arch.yaml, ERT.yaml, ART.yaml and layers/<layer>/{problem.yaml,map.yaml,expected.json} into.", Required = true };
        var cmd = new Command("export", "Write a design point of a search as a Timeloop architecture with its energy and area tables, and each layer's problem, best mapping and expected cycles and energy.");
        cmd.Options.Add(run);
        cmd.Options.Add(point);
        cmd.Options.Add(output);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var summary = DesignExport.FromRun(parse.GetValue(run)!, parse.GetValue(point), parse.GetValue(output)!);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"Wrote {summary.Directory}: arch.yaml, ERT.yaml, ART.yaml, point.json and {summary.Layers.Count} layers:");
            foreach (var (name, folder, cycles, energy) in summary.Layers)
                Console.WriteLine($"  layers/{folder}: {cycles.ToString("N0", c)} cycles, {(energy / 1e6).ToString("F3", c)} uJ ({name})");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
