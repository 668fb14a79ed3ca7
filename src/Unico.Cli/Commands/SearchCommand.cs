using System.CommandLine;
using System.Globalization;
using Unico.Engine;
using Unico.Engine.CoSearch;

namespace Unico.Cli.Commands;

/// <summary>`unico search`: one co-search run, with progress on stderr and result files in a directory.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Run config JSON (see examples/search-small.json).", Required = true };
        var output = new Option<string>("--out") { Description = "Directory for result.json, points.csv, front.csv and the checkpoint (a directory holding a checkpoint of the same config resumes it). Default: runs/<name>." };
        var json = new Option<bool>("--json") { Description = "Print the result JSON on stdout when done." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress lines." };
        var cmd = new Command("search", "Run one hardware-software co-search (UNICO or a baseline).");
        cmd.Options.Add(config);
        cmd.Options.Add(output);
        cmd.Options.Add(json);
        cmd.Options.Add(quiet);
        cmd.SetAction((parse, cancellationToken) => Task.FromResult(CliRunner.Run(() =>
        {
            var runConfig = CoSearchConfigJson.Read(parse.GetValue(config)!);
            var directory = parse.GetValue(output) ?? Path.Combine("runs", runConfig.Name);
            var printer = parse.GetValue(quiet) ? null : new ProgressPrinter(Console.Error);
            var run = CoSearchRun.Create(runConfig, printer, new CheckpointFile(directory));
            if (printer is not null) printer.Estimator = new RunTimeEstimator(runConfig, run.DistinctLayers, run.HeldOutDistinctLayers);
            var result = run.Run(cancellationToken);
            CoSearchResultFiles.Write(result, directory);
            if (parse.GetValue(json)) Console.WriteLine(CoSearchResultFiles.ToJson(result));
            else
            {
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"{EnumNames.Of(result.Status)}: {result.Points.Count} hardware points, {result.MappingEvaluations.ToString("N0", c)} mapping evaluations, " +
                                  $"{result.Seconds.ToString("F1", c)} s, hypervolume {result.FinalHypervolume.ToString("F4", c)}, front of {result.Front.Count}. Results in {directory}");
            }
            return result.Status switch { RunOutcome.Succeeded => ExitCodes.Ok, RunOutcome.Cancelled => ExitCodes.Cancelled, _ => ExitCodes.Failure };
        })));
        return cmd;
    }

    /// <summary>One line per event that matters to someone watching a terminal.</summary>
    internal sealed class ProgressPrinter(TextWriter writer) : ICoSearchEventSink
    {
        /// <summary>Estimates the time left from the events (the same estimate the web app shows).</summary>
        public RunTimeEstimator? Estimator { get; set; }

        public void Publish(CoSearchEvent e)
        {
            Estimator?.Observe(e);
            var c = CultureInfo.InvariantCulture;
            var prefix = $"[{e.ElapsedSeconds.ToString("F1", c),7} s {e.MappingEvaluations.ToString("N0", c),13} evals]";
            var line = e switch
            {
                RunStarted s => $"{(s.Resumed ? "resumed" : "started")} {EnumNames.Of(s.Algorithm)}, objectives {string.Join(", ", s.Objectives.Select(EnumNames.Of))}",
                RungStarted r => $"batch {r.Batch} rung {r.Rung}: {r.PointIds.Count} points to {r.PerLayerBudget.ToString("N0", c)} evaluations per layer",
                RungFinished r when r.Survivors.Count + r.Eliminated.Count > 0 =>
                    $"batch {r.Batch} rung {r.Rung}: kept [{string.Join(", ", r.Survivors)}], dropped [{string.Join(", ", r.Eliminated)}]" +
                    (r.Promoted.Count > 0 ? $", promoted (plateaued) [{string.Join(", ", r.Promoted)}]" : ""),
                HardwarePointEvaluated p => $"point {p.PointId}: {(p.Feasible ? $"{p.LatencyCycles.ToString("E3", c)} cycles, {(p.EnergyPj / 1e6).ToString("F1", c)} uJ, {p.AreaMm2.ToString("F3", c)} mm^2" : "infeasible")}" +
                                             $"{(p.HighFidelity ? "" : " (low fidelity)")}",
                RobustnessComputed r => $"point {r.PointId}: robustness {r.Robustness.ToString("F3", c)}",
                FrontChanged f => $"front: {f.FrontPointIds.Count} point{(f.FrontPointIds.Count == 1 ? "" : "s")}, hypervolume {f.Hypervolume.ToString("F4", c)}" +
                                  (Estimator?.SecondsLeft is { } left ? $", about {Left(left)} left" : ""),
                RunFinished f => $"finished: {f.Points} points, hypervolume {f.Hypervolume.ToString("F4", c)}",
                RunFailed f => $"failed: {f.Reason}",
                RunCancelled => "cancelled",
                _ => null,
            };
            if (line is not null) writer.WriteLine($"{prefix} {line}");
        }

        private static string Left(double seconds) => seconds switch
        {
            >= 3600 => $"{Math.Floor(seconds / 3600).ToString("F0", CultureInfo.InvariantCulture)} h {Math.Floor(seconds % 3600 / 60).ToString("00", CultureInfo.InvariantCulture)} min",
            >= 60 => $"{Math.Floor(seconds / 60).ToString("F0", CultureInfo.InvariantCulture)} min {Math.Floor(seconds % 60).ToString("00", CultureInfo.InvariantCulture)} s",
            _ => $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s",
        };
    }
}
