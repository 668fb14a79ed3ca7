using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Unico.Engine.Optimization;

namespace Unico.Cli.Commands;

/// <summary>`unico bench mobo`: hypervolume traces of a multi-objective optimizer on a test problem.</summary>
internal static class BenchMoboCommand
{
    public static Command Create()
    {
        var problem = new Option<string>("--problem") { Description = $"Test problem: {string.Join(", ", ProblemCatalog.Names)}.", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = $"Optimizer: {string.Join(", ", OptimizerFactory.Names)}.", Required = true };
        var init = new Option<int>("--init") { Description = "Initial Sobol points per seed.", DefaultValueFactory = _ => 6 };
        var batches = new Option<int>("--batches") { Description = "Batches after the initial design.", DefaultValueFactory = _ => 20 };
        var q = new Option<int>("--q") { Description = "Points per batch.", DefaultValueFactory = _ => 4 };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (0..S-1).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var expectation = new Option<string>("--expectation")
        {
            Description = "qNEHVI inner expectation over the candidate: auto (analytic for 2 objectives, QMC above), analytic or qmc.",
            DefaultValueFactory = _ => "auto",
        };
        var prior = new Option<string>("--lengthscale-prior")
        {
            Description = "GP length-scale prior: gamma (Gamma(3, 6)) or lognormal (dimension-scaled LogNormal).",
            DefaultValueFactory = _ => "default",
        };
        var noise = new Option<string?>("--noise-se")
        {
            Description = "Comma-separated observation noise standard deviations (one per objective); hypervolume is still computed on noiseless values.",
        };
        var cmd = new Command("mobo", "Multi-objective optimizer quality: hypervolume after each batch on a test problem.")
        {
            problem, algorithm, init, batches, q, seeds, json, expectation, noise, prior,
        };
        cmd.SetAction(parse =>
        {
            var p = ProblemCatalog.TryCreate(parse.GetValue(problem) ?? string.Empty);
            if (p == null)
            {
                return Fail($"--problem: unknown problem '{parse.GetValue(problem)}'; expected one of {string.Join(", ", ProblemCatalog.Names)}.");
            }

            if (!OptimizerFactory.TryParse(parse.GetValue(algorithm) ?? string.Empty, out var alg))
            {
                return Fail($"--algorithm: unknown algorithm '{parse.GetValue(algorithm)}'; expected one of {string.Join(", ", OptimizerFactory.Names)}.");
            }

            foreach (var (name, value) in new[] { ("--init", parse.GetValue(init)), ("--batches", parse.GetValue(batches)), ("--q", parse.GetValue(q)), ("--seeds", parse.GetValue(seeds)) })
            {
                if (value <= 0)
                {
                    return Fail($"{name}: must be a positive integer, got {value}.");
                }
            }

            bool? analytic;
            switch ((parse.GetValue(expectation) ?? "auto").Trim().ToLowerInvariant())
            {
                case "auto":
                    analytic = null;
                    break;
                case "analytic":
                    analytic = true;
                    break;
                case "qmc":
                    analytic = false;
                    break;
                default:
                    return Fail($"--expectation: expected auto, analytic or qmc, got '{parse.GetValue(expectation)}'.");
            }

            var gpOptions = GaussianProcessOptions.Default;
            switch ((parse.GetValue(prior) ?? "default").Trim().ToLowerInvariant())
            {
                case "default":
                    break;
                case "gamma":
                    gpOptions = new GaussianProcessOptions { LengthscalePrior = LengthscalePrior.Gamma };
                    break;
                case "lognormal":
                    gpOptions = new GaussianProcessOptions { LengthscalePrior = LengthscalePrior.DimensionScaledLogNormal };
                    break;
                default:
                    return Fail($"--lengthscale-prior: expected gamma or lognormal, got '{parse.GetValue(prior)}'.");
            }

            double[]? noiseSe = null;
            var noiseText = parse.GetValue(noise);
            if (!string.IsNullOrWhiteSpace(noiseText))
            {
                var parts = noiseText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                noiseSe = new double[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out noiseSe[i]) || noiseSe[i] < 0)
                    {
                        return Fail($"--noise-se: '{parts[i]}' is not a non-negative number.");
                    }
                }

                if (noiseSe.Length != p.ObjectiveCount)
                {
                    return Fail($"--noise-se: {p.Name} has {p.ObjectiveCount} objectives, got {noiseSe.Length} values.");
                }
            }

            var settings = new MoboBenchmarkSettings
            {
                Options = new OptimizerOptions { AnalyticExpectation = analytic, GaussianProcess = gpOptions },
                NoiseStd = noiseSe,
                InitialPoints = parse.GetValue(init),
                Batches = parse.GetValue(batches),
                BatchSize = parse.GetValue(q),
                Seeds = parse.GetValue(seeds),
            };
            var asJson = parse.GetValue(json);
            var result = MoboBenchmark.Run(p, alg, settings, asJson ? null : s =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {s.Seed}: {s.Seconds:F1}s  hv: {string.Join(" ", s.Hypervolumes.Select(h => h.ToString("F4", CultureInfo.InvariantCulture)))}")));
            if (asJson)
            {
                var payload = new Dictionary<string, object>
                {
                    ["problem"] = result.Problem,
                    ["algorithm"] = result.Algorithm,
                    ["init"] = settings.InitialPoints,
                    ["batches"] = settings.Batches,
                    ["q"] = settings.BatchSize,
                    ["seeds"] = settings.Seeds,
                    ["expectation"] = analytic == null ? "auto" : analytic.Value ? "analytic" : "qmc",
                    ["noise_se"] = noiseSe ?? [],
                    ["lengthscale_prior"] = gpOptions.LengthscalePrior.ToString(),
                    ["final_hv_median"] = result.FinalHypervolumeMedian,
                    ["max_hv"] = result.MaxHypervolume,
                    ["per_seed"] = result.PerSeed.Select(s => s.Hypervolumes).ToList(),
                    ["seconds_per_seed"] = result.PerSeed.Select(s => s.Seconds).ToList(),
                    ["suggest_seconds"] = result.PerSeed.Select(s => s.SuggestSeconds).ToList(),
                    ["seconds"] = result.TotalSeconds,
                };
                Console.WriteLine(JsonSerializer.Serialize(payload));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Problem} {result.Algorithm}: median final hv {result.FinalHypervolumeMedian:F4} of max {result.MaxHypervolume:F4} over {settings.Seeds} seeds; {result.TotalSeconds:F1}s total"));
            }

            return 0;
        });
        return cmd;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
