using System.CommandLine;
using System.Globalization;
using Unico.Engine.CoSearch;

namespace Unico.Cli.Commands;

/// <summary>`unico compare`: several algorithms x seeds on the same workloads, space and budgets.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Comparison config JSON (see examples/compare-small.json).", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for report.md, comparison.json, hypervolume.svg and each run's files. Default: runs/<name>." };
        var json = new Option<bool>("--json") { Description = "Print comparison.json on stdout when done." };
        var cmd = new Command("compare", "Compare UNICO with its baselines on equal terms and report hypervolume and speed-up.");
        cmd.Options.Add(config);
        cmd.Options.Add(output);
        cmd.Options.Add(json);
        cmd.SetAction((parse, cancellationToken) => Task.FromResult(CliRunner.Run(() =>
        {
            var comparison = Comparison.ReadConfig(parse.GetValue(config)!);
            var directory = parse.GetValue(output) ?? Path.Combine("runs", comparison.Name);
            var c = CultureInfo.InvariantCulture;
            var result = Comparison.Run(comparison, directory, (label, run) =>
                Console.Error.WriteLine($"{label}: {run.Points.Count} points, {run.MappingEvaluations.ToString("N0", c)} evaluations, " +
                                        $"{run.Seconds.ToString("F1", c)} s, hypervolume {run.FinalHypervolume.ToString("F4", c)} (own scale)"),
                cancellationToken);
            Directory.CreateDirectory(directory);
            var report = Comparison.Report(result);
            File.WriteAllText(Path.Combine(directory, "report.md"), report);
            File.WriteAllText(Path.Combine(directory, "comparison.json"), Comparison.ToJson(result));
            File.WriteAllText(Path.Combine(directory, "hypervolume.svg"), Comparison.Plot(result));
            Console.WriteLine(parse.GetValue(json) ? Comparison.ToJson(result) : report);
            return ExitCodes.Ok;
        })));
        return cmd;
    }
}
