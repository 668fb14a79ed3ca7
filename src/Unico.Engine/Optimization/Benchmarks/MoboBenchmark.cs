using System.Diagnostics;

namespace Unico.Engine.Optimization;

/// <summary>Settings of one benchmark run (one problem, one algorithm, several seeds).</summary>
public sealed class MoboBenchmarkSettings
{
    /// <summary>Initial (scrambled Sobol) points per seed.</summary>
    public int InitialPoints { get; init; } = 6;

    /// <summary>Number of batches after the initial design.</summary>
    public int Batches { get; init; } = 20;

    /// <summary>Points per batch.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Number of seeds (0, 1, ..., Seeds - 1).</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>First seed.</summary>
    public ulong FirstSeed { get; init; }

    /// <summary>
    /// Optional observation noise standard deviation per objective: the optimizer observes
    /// y + N(0, sd^2) while the hypervolume is computed on the noiseless values (as in BoTorch's
    /// tutorial). Null for noiseless observations.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Plain settings object.")]
    public double[]? NoiseStd { get; init; }

    /// <summary>Optional template of optimizer options (seed, initial design and reference point are set per run).</summary>
    public OptimizerOptions? Options { get; init; }
}

/// <summary>Hypervolume trace of one seed.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Hypervolumes">Hypervolume after the initial design (index 0) and after each batch.</param>
/// <param name="Seconds">Wall time of the whole run, including evaluations.</param>
/// <param name="SuggestSeconds">Wall time of each batch's Suggest call (initial design excluded).</param>
public sealed record MoboSeedResult(ulong Seed, IReadOnlyList<double> Hypervolumes, double Seconds, IReadOnlyList<double> SuggestSeconds);

/// <summary>Result of one benchmark.</summary>
/// <param name="Problem">Problem name.</param>
/// <param name="Algorithm">Algorithm name.</param>
/// <param name="MaxHypervolume">Maximum attainable hypervolume of the problem.</param>
/// <param name="PerSeed">Per-seed traces.</param>
public sealed record MoboBenchmarkResult(string Problem, string Algorithm, double MaxHypervolume, IReadOnlyList<MoboSeedResult> PerSeed)
{
    /// <summary>Median over seeds of the final hypervolume.</summary>
    public double FinalHypervolumeMedian => Median(PerSeed.Select(s => s.Hypervolumes[^1]).ToList());

    /// <summary>Total seconds over seeds.</summary>
    public double TotalSeconds => PerSeed.Sum(s => s.Seconds);

    /// <summary>Median of a list (mean of the middle two for even counts).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}

/// <summary>
/// The benchmark loop behind <c>unico bench mobo</c>: for each seed, the initial design
/// (the optimizer's scrambled Sobol points, identical across algorithms for a seed), then
/// <c>Batches</c> rounds of Suggest(q) / evaluate / Observe, recording the hypervolume of all
/// observed objective vectors (noiseless) w.r.t. the problem's reference point after each round.
/// </summary>
public static class MoboBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    public static MoboBenchmarkResult Run(BenchmarkProblem problem, OptimizerAlgorithm algorithm, MoboBenchmarkSettings settings, Action<MoboSeedResult>? onSeed = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.InitialPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Batches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Seeds);
        var results = new List<MoboSeedResult>();
        for (var s = 0; s < settings.Seeds; s++)
        {
            var seed = settings.FirstSeed + (ulong)s;
            var r = RunSeed(problem, algorithm, settings, seed);
            results.Add(r);
            onSeed?.Invoke(r);
        }

        return new MoboBenchmarkResult(problem.Name, OptimizerFactory.Names[(int)algorithm], problem.MaxHypervolume, results);
    }

    /// <summary>Runs one seed.</summary>
    public static MoboSeedResult RunSeed(BenchmarkProblem problem, OptimizerAlgorithm algorithm, MoboBenchmarkSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(settings);
        var template = settings.Options ?? new OptimizerOptions();
        var options = new OptimizerOptions
        {
            Seed = seed,
            InitialDesignSize = settings.InitialPoints,
            ReferencePoint = problem.ReferencePoint,
            ModelHighFidelityOnly = template.ModelHighFidelityOnly,
            McSamples = template.McSamples,
            AnalyticExpectation = template.AnalyticExpectation,
            MaxBaseline = template.MaxBaseline,
            GaussianProcess = template.GaussianProcess,
            Acquisition = template.Acquisition,
            PopulationSize = template.PopulationSize,
        };
        var clock = Stopwatch.StartNew();
        var optimizer = OptimizerFactory.Create(algorithm, problem.Space, problem.ObjectiveCount, options);
        var ys = new List<double[]>();
        var hvs = new List<double>();
        var noise = new Prng(Prng.Derive(seed, 0x4015EUL));
        void EvaluateAll(IReadOnlyList<double[]> xs)
        {
            foreach (var x in xs)
            {
                var y = problem.Evaluate(x);
                var observed = (double[])y.Clone();
                if (settings.NoiseStd != null)
                {
                    for (var j = 0; j < observed.Length; j++)
                    {
                        observed[j] += settings.NoiseStd[j] * noise.NextGaussian();
                    }
                }

                optimizer.Observe(x, observed);
                ys.Add(y);
            }
        }

        EvaluateAll(optimizer.Suggest(settings.InitialPoints));
        hvs.Add(Hypervolume.Compute(ys, problem.ReferencePoint));
        var suggestSeconds = new List<double>(settings.Batches);
        for (var b = 0; b < settings.Batches; b++)
        {
            var start = clock.Elapsed.TotalSeconds;
            var batch = optimizer.Suggest(settings.BatchSize);
            suggestSeconds.Add(clock.Elapsed.TotalSeconds - start);
            EvaluateAll(batch);
            hvs.Add(Hypervolume.Compute(ys, problem.ReferencePoint));
        }

        return new MoboSeedResult(seed, hvs, clock.Elapsed.TotalSeconds, suggestSeconds);
    }
}
