using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Unico.Engine.Optimization;

namespace Unico.Cli.Commands;

/// <summary>`unico bench suggest`: wall time of one Suggest(q) call of a model-based optimizer.</summary>
internal static class BenchSuggestCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = "Test problem providing the observations.", DefaultValueFactory = _ => "dtlz2-3" };
        var algorithm = new Option<string>("--algorithm") { Description = "qnehvi or qparego (any algorithm is accepted).", DefaultValueFactory = _ => "qnehvi" };
        var observations = new Option<int>("--observations") { Description = "Observed points before the timed call.", DefaultValueFactory = _ => 100 };
        var q = new Option<int>("--q") { Description = "Batch size of the timed call.", DefaultValueFactory = _ => 4 };
        var repeats = new Option<int>("--repeats") { Description = "Timed calls (seeds 0..R-1).", DefaultValueFactory = _ => 3 };
        var cmd = new Command("suggest", "Seconds per Suggest(q) with N observations, on the calling thread.")
        {
            problem, algorithm, observations, q, repeats,
        };
        cmd.SetAction(parse =>
        {
            var p = ProblemCatalog.TryCreate(parse.GetValue(problem) ?? string.Empty);
            if (p == null)
            {
                Console.Error.WriteLine($"--problem: unknown problem '{parse.GetValue(problem)}'; expected one of {string.Join(", ", ProblemCatalog.Names)}.");
                return 2;
            }

            if (!OptimizerFactory.TryParse(parse.GetValue(algorithm) ?? string.Empty, out var alg))
            {
                Console.Error.WriteLine($"--algorithm: unknown algorithm '{parse.GetValue(algorithm)}'; expected one of {string.Join(", ", OptimizerFactory.Names)}.");
                return 2;
            }

            foreach (var (name, value) in new[] { ("--observations", parse.GetValue(observations)), ("--q", parse.GetValue(q)), ("--repeats", parse.GetValue(repeats)) })
            {
                if (value <= 0)
                {
                    Console.Error.WriteLine($"{name}: must be a positive integer, got {value}.");
                    return 2;
                }
            }

            var n = parse.GetValue(observations);
            var times = new List<double>();
            for (var r = 0; r < parse.GetValue(repeats); r++)
            {
                var options = new OptimizerOptions { Seed = (ulong)r, InitialDesignSize = n, ReferencePoint = p.ReferencePoint };
                var opt = OptimizerFactory.Create(alg, p.Space, p.ObjectiveCount, options);
                foreach (var x in opt.Suggest(n))
                {
                    opt.Observe(x, p.Evaluate(x));
                }

                var clock = Stopwatch.StartNew();
                opt.Suggest(parse.GetValue(q));
                var seconds = clock.Elapsed.TotalSeconds;
                times.Add(seconds);
                var detail = opt is BayesianOptimizer bo
                    ? string.Create(CultureInfo.InvariantCulture, $" (fit {bo.LastFitSeconds:F3}s, acquisition {bo.LastAcquisitionSeconds:F3}s, {bo.LastAcquisitionEvaluations} evaluations)")
                    : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {r}: Suggest({parse.GetValue(q)}) {seconds:F3}s{detail}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name} {OptimizerFactory.Names[(int)alg]}, {n} observations, {p.ObjectiveCount} objectives: median {MoboBenchmarkResult.Median(times):F3}s per Suggest({parse.GetValue(q)})"));
            return 0;
        });
        return cmd;
    }
}
