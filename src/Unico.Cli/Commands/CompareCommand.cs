using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Unico.Engine;
using Unico.Engine.CoSearch;

namespace Unico.Cli.Commands;

/// <summary>`unico compare`: several algorithms x seeds on the same workloads, space and budgets; or a whole benchmark matrix.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Comparison config JSON (see examples/compare-small.json)." };
        var matrix = new Option<string>("--matrix") { Description = "Benchmark matrix: a directory holding matrix.json, or a matrix file (see examples/matrix)." };
        var output = new Option<string>("--out") { Description = "Directory for the reports (report.md, comparison.json or matrix.json, plots). Default: runs/<name>." };
        var runs = new Option<string>("--runs") { Description = "With --matrix: directory for each run's files and checkpoints (a rerun resumes). Default: runs/<name>." };
        var json = new Option<bool>("--json") { Description = "Print comparison.json (matrix.json) on stdout when done." };
        var cmd = new Command("compare", "Compare UNICO with its baselines on equal terms and report hypervolume and speed-up, for one setting or a benchmark matrix.");
        cmd.Options.Add(config);
        cmd.Options.Add(matrix);
        cmd.Options.Add(output);
        cmd.Options.Add(runs);
        cmd.Options.Add(json);
        cmd.SetAction((parse, cancellationToken) => Task.FromResult(CliRunner.Run(() =>
        {
            var configPath = parse.GetValue(config);
            var matrixPath = parse.GetValue(matrix);
            if ((configPath is null) == (matrixPath is null)) throw new UnicoInputException("give exactly one of --config and --matrix");
            if (matrixPath is not null) return RunMatrix(matrixPath, parse.GetValue(output), parse.GetValue(runs), parse.GetValue(json), cancellationToken);

            var comparison = ComparisonConfigJson.Read(configPath!);
            var directory = parse.GetValue(output) ?? Path.Combine("runs", comparison.Name);
            var result = Comparison.Run(comparison, directory, PrintRun, cancellationToken);
            WriteComparison(result, directory);
            Console.WriteLine(parse.GetValue(json) ? ComparisonReport.Json(result) : ComparisonReport.Markdown(result));
            return ExitCodes.Ok;
        })));
        return cmd;
    }

    private static int RunMatrix(string path, string? output, string? runs, bool json, CancellationToken cancellationToken)
    {
        var config = BenchmarkMatrix.ReadConfig(path);
        var directory = output ?? Path.Combine("runs", config.Name);
        var clock = Stopwatch.StartNew();
        var result = BenchmarkMatrix.Run(config, runs ?? Path.Combine("runs", config.Name), PrintRun,
            cell => WriteComparison(cell.Result, Path.Combine(directory, cell.Cell.RelativeDirectory)), cancellationToken);
        var command = $"unico compare --matrix {path}" + (output is null ? "" : $" --out {output}");
        Directory.CreateDirectory(directory);
        var report = result.Report(command, clock.Elapsed.TotalSeconds);
        File.WriteAllText(Path.Combine(directory, "report.md"), report);
        File.WriteAllText(Path.Combine(directory, "matrix.json"), result.ToJson());
        File.WriteAllText(Path.Combine(directory, "hypervolume.svg"), result.Plot(CurveAxis.MappingEvaluations));
        File.WriteAllText(Path.Combine(directory, "hypervolume-seconds.svg"), result.Plot(CurveAxis.Seconds));
        Console.WriteLine(json ? result.ToJson() : report);
        return ExitCodes.Ok;
    }

    private static void PrintRun(string label, CoSearchResult run)
    {
        var c = CultureInfo.InvariantCulture;
        Console.Error.WriteLine($"{label}: {run.Points.Count} points, {run.MappingEvaluations.ToString("N0", c)} evaluations, " +
                                $"{run.Seconds.ToString("F1", c)} s ({run.ProposingSeconds.ToString("F1", c)} s proposing), hypervolume {run.FinalHypervolume.ToString("F4", c)} (own scale)");
    }

    private static void WriteComparison(ComparisonResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.md"), ComparisonReport.Markdown(result));
        File.WriteAllText(Path.Combine(directory, "comparison.json"), ComparisonReport.Json(result));
        File.WriteAllText(Path.Combine(directory, "hypervolume.svg"), ComparisonReport.Plot(result));
        File.WriteAllText(Path.Combine(directory, "hypervolume-seconds.svg"), ComparisonReport.Plot(result, CurveAxis.Seconds));
    }
}
