using System.Diagnostics;

namespace Unico.Engine.Optimization;

/// <summary>
/// Gaussian-process multi-objective Bayesian optimization: one GP per objective
/// (<see cref="GaussianProcess"/>), and a batch chosen by sequential greedy maximization of
/// either noisy expected hypervolume improvement (qNEHVI) or a random-scalarization noisy
/// expected improvement (qNParEGO). Each greedy step conditions on the posterior samples of the
/// pending points (earlier picks of the batch and unobserved earlier suggestions), which is how
/// the batch is fantasized.
/// </summary>
public sealed class BayesianOptimizer : OptimizerBase
{
    private readonly bool _parEgo;
    private readonly double[]?[] _warmStarts;
    private int _observationsAtRefit;

    /// <summary>Creates the optimizer; <paramref name="parEgo"/> selects qNParEGO instead of qNEHVI.</summary>
    public BayesianOptimizer(SearchSpace space, int objectives, OptimizerOptions? options = null, bool parEgo = false)
        : base(space, objectives, options)
    {
        _parEgo = parEgo;
        _warmStarts = new double[]?[objectives];
    }

    /// <summary>Seconds spent fitting the GPs in the last <see cref="OptimizerBase.Suggest"/>.</summary>
    public double LastFitSeconds { get; private set; }

    /// <summary>Seconds spent building and maximizing the acquisition in the last suggestion.</summary>
    public double LastAcquisitionSeconds { get; private set; }

    /// <summary>Acquisition evaluations in the last suggestion.</summary>
    public int LastAcquisitionEvaluations { get; private set; }

    /// <summary>The GPs fitted in the last suggestion (one per objective), or null.</summary>
    public IReadOnlyList<GaussianProcess>? LastModels { get; private set; }

    /// <inheritdoc />
    protected override IReadOnlyList<double[]> SuggestCore(int q, IReadOnlyList<double[]> pending, Prng rng)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(rng);
        var train = TrainingSet();
        if (train.Count < 2)
        {
            var fallback = new List<double[]>(q);
            for (var i = 0; i < q; i++)
            {
                fallback.Add(NextInitialPoint(rng));
            }

            return fallback;
        }

        var m = ObjectiveCount;
        var clock = Stopwatch.StartNew();
        var features = new List<double[]>(train.Count);
        foreach (var o in train)
        {
            features.Add(Features(o.Point));
        }

        // One model per objective, fitted at once when threads allow; the seeds are drawn in
        // objective order first, so the models do not depend on the threads.
        var models = new GaussianProcess[m];
        var seeds = new ulong[m];
        for (var j = 0; j < m; j++)
        {
            seeds[j] = rng.NextUInt64();
        }

        // Warm-started fits: the hyperparameter search runs again only after enough growth.
        var refit = Options.RefitGrowth <= 0 || _warmStarts.Any(w => w is null) || Observations.Count >= (1 + Options.RefitGrowth) * _observationsAtRefit;
        if (refit)
        {
            _observationsAtRefit = Observations.Count;
        }

        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxParallelism) }, j =>
        {
            var y = new double[train.Count];
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = train[i].Objectives[j];
            }

            models[j] = GaussianProcess.Fit(features, y, Space.CategoricalMask, Options.GaussianProcess, seeds[j], _warmStarts[j], optimize: refit);
        });
        for (var j = 0; j < m; j++)
        {
            _warmStarts[j] = models[j].Hyperparameters;
        }

        LastModels = models;
        LastFitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        // Standardized observed objectives, their bounds, and the standardized reference point.
        var lower = new double[m];
        var upper = new double[m];
        Array.Fill(lower, double.PositiveInfinity);
        Array.Fill(upper, double.NegativeInfinity);
        for (var i = 0; i < train.Count; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var v = (train[i].Objectives[j] - models[j].OutputMean) / models[j].OutputStd;
                lower[j] = Math.Min(lower[j], v);
                upper[j] = Math.Max(upper[j], v);
            }
        }

        var reference = ReferencePoint(train);
        var refStd = new double[m];
        for (var j = 0; j < m; j++)
        {
            refStd[j] = (reference[j] - models[j].OutputMean) / models[j].OutputStd;
        }

        var samples = Math.Max(1, Options.McSamples);
        var baselineSeed = rng.NextUInt64();
        var acqSeed = rng.NextUInt64();
        var pruned = PruneBaseline(models, features, refStd, samples, baselineSeed);
        var baseline = new List<double[]>();
        var rows = new List<int>();
        var anchors = new List<double[]>();
        foreach (var i in pruned)
        {
            baseline.Add(features[i]);
            rows.Add(i);
            anchors.Add(train[i].Point);
        }

        foreach (var p in pending)
        {
            baseline.Add(Features(p));
            rows.Add(-1);
        }

        var exclude = KnownKeys(pending);
        var analytic = Options.AnalyticExpectation ?? (m == 2);
        var result = new List<double[]>(q);
        var evaluations = 0;
        for (var step = 0; step < q; step++)
        {
            var posterior = new JointPosterior(models, baseline, samples, baselineSeed, rows);
            IAcquisitionFunction acq;
            if (_parEgo)
            {
                var w = new double[m];
                var sum = 0.0;
                for (var j = 0; j < m; j++)
                {
                    w[j] = -Math.Log(1.0 - rng.NextDouble());
                    sum += w[j];
                }

                for (var j = 0; j < m; j++)
                {
                    w[j] /= sum;
                }

                acq = new ParEgoImprovement(posterior, w, lower, upper, Prng.Derive(acqSeed, (ulong)step));
            }
            else
            {
                acq = new NoisyExpectedHypervolumeImprovement(posterior, refStd, analytic, acqSeed);
            }

            var optimizer = new AcquisitionOptimizer(Space, acq, Options.Acquisition, exclude, Options.Feasible, Options.MaxParallelism);
            var (x, _) = optimizer.Maximize(anchors, rng);
            evaluations += optimizer.Evaluations;
            result.Add(x);
            baseline.Add(Features(x));
            rows.Add(-1);
            exclude.Add(SearchSpace.Key(x));
        }

        LastAcquisitionEvaluations = evaluations;
        LastAcquisitionSeconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    private double[] Features(double[] point)
    {
        var f = new double[Space.Dimension];
        Space.ToFeatures(point, f);
        return f;
    }

    private List<Observation> TrainingSet()
    {
        var all = new List<Observation>(Observations);
        List<Observation> train;
        if (Options.ModelHighFidelityOnly)
        {
            var high = all.FindAll(o => o.HighFidelity);
            train = high.Count >= 2 ? high : all;
        }
        else if (Options.LowFidelityEstimate is { } estimate)
        {
            train = all.ConvertAll(o => o.HighFidelity ? o : o with { Objectives = estimate(o) });
        }
        else
        {
            train = all;
        }

        return Options.MaxModelPoints > 0 && train.Count > Options.MaxModelPoints ? ModelSubset(train, Options.MaxModelPoints) : train;
    }

    /// <summary>
    /// At most <paramref name="size"/> observations for the surrogate: the first half taken by
    /// non-dominated rank (where the acquisition needs the model sharpest), the other half spread
    /// evenly, in observation order, over the rest (so the model still sees the whole space).
    /// Returned in observation order.
    /// </summary>
    internal static List<Observation> ModelSubset(List<Observation> train, int size)
    {
        var chosen = new SortedSet<int>();
        var best = (size + 1) / 2;
        foreach (var front in ParetoFront.NonDominatedSort(train.ConvertAll(o => o.Objectives)))
        {
            foreach (var i in front.Order())
            {
                if (chosen.Count >= best)
                {
                    break;
                }

                chosen.Add(i);
            }

            if (chosen.Count >= best)
            {
                break;
            }
        }

        var rest = Enumerable.Range(0, train.Count).Where(i => !chosen.Contains(i)).ToList();
        var more = Math.Min(size - chosen.Count, rest.Count);
        for (var k = 0; k < more; k++)
        {
            chosen.Add(rest[(int)((long)k * rest.Count / more)]);
        }

        return [.. chosen.Select(i => train[i])];
    }

    /// <summary>The configured reference point, or nadir + 10% of the front's range.</summary>
    private double[] ReferencePoint(List<Observation> train)
    {
        if (Options.ReferencePoint != null)
        {
            return [.. Options.ReferencePoint];
        }

        var ys = train.ConvertAll(o => o.Objectives);
        var front = ParetoFront.NonDominatedIndices(ys);
        var m = ObjectiveCount;
        var r = new double[m];
        for (var j = 0; j < m; j++)
        {
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            foreach (var i in front)
            {
                lo = Math.Min(lo, ys[i][j]);
                hi = Math.Max(hi, ys[i][j]);
            }

            var range = hi - lo;
            r[j] = hi + (range > 0 ? 0.1 * range : 0.1 * Math.Max(Math.Abs(hi), 1.0));
        }

        return r;
    }

    /// <summary>
    /// Indices of training points that are Pareto-optimal in at least one joint posterior sample
    /// (for qNEHVI: among the points inside the reference box), most frequent first, capped at
    /// <see cref="OptimizerOptions.MaxBaseline"/>. Other points cannot change any sample's front.
    /// </summary>
    private List<int> PruneBaseline(GaussianProcess[] models, List<double[]> features, double[] refStd, int samples, ulong seed)
    {
        var n = features.Count;
        var m = models.Length;
        var posterior = new JointPosterior(models, features, samples, Prng.Derive(seed, 0xF011UL));
        var counts = new int[n];
        var ys = new double[n][];
        var inside = new List<double[]>(n);
        var map = new List<int>(n);
        for (var s = 0; s < samples; s++)
        {
            inside.Clear();
            map.Clear();
            for (var i = 0; i < n; i++)
            {
                ys[i] = posterior.SampleAt(s, i);
                var ok = true;
                if (!_parEgo)
                {
                    for (var j = 0; j < m; j++)
                    {
                        if (!(ys[i][j] < refStd[j]))
                        {
                            ok = false;
                            break;
                        }
                    }
                }

                if (ok)
                {
                    inside.Add(ys[i]);
                    map.Add(i);
                }
            }

            var mask = ParetoFront.NonDominatedMask(inside);
            for (var k = 0; k < mask.Length; k++)
            {
                if (mask[k])
                {
                    counts[map[k]]++;
                }
            }
        }

        var chosen = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (counts[i] > 0)
            {
                chosen.Add(i);
            }
        }

        chosen.Sort((a, b) => counts[b] != counts[a] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        if (chosen.Count > Options.MaxBaseline)
        {
            chosen.RemoveRange(Options.MaxBaseline, chosen.Count - Options.MaxBaseline);
        }

        chosen.Sort();
        return chosen;
    }

    /// <inheritdoc />
    /// <remarks>The warm starts per objective, then one entry holding the observation count at the last hyperparameter search.</remarks>
    protected override double[]?[]? CaptureModelState() => [.. _warmStarts.Select(w => w is null ? null : (double[])w.Clone()), [_observationsAtRefit]];

    /// <inheritdoc />
    protected override void RestoreModelState(double[]?[]? state)
    {
        if (state is null) return;
        for (var j = 0; j < _warmStarts.Length && j < state.Length; j++) _warmStarts[j] = state[j] is { } w ? (double[])w.Clone() : null;
        if (state.Length > _warmStarts.Length && state[_warmStarts.Length] is [var count]) _observationsAtRefit = (int)count;
    }
}
