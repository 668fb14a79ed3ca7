using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.AcquisitionTests;

public class AcquisitionTests
{
    private static GaussianProcess[] FitBraninCurrin(int n, out List<double[]> features)
    {
        var p = new BraninCurrin();
        var sobol = new SobolSequence(2, scramble: true, seed: 4);
        features = sobol.Take(n).ToList();
        var ys = features.Select(x => p.Evaluate(x)).ToList();
        var feats = features;
        return Enumerable.Range(0, 2)
            .Select(j => GaussianProcess.Fit(feats, ys.Select(y => y[j]).ToList(), seed: (ulong)j))
            .ToArray();
    }

    [Fact]
    public void Candidate_conditioned_on_a_baseline_sample_at_a_baseline_point_reproduces_that_sample()
    {
        var models = FitBraninCurrin(12, out var features);
        var baseline = features.Take(5).ToList();
        var jp = new JointPosterior(models, baseline, 16, 7);
        var means = new double[16 * 2];
        var sd = new double[2];
        jp.Condition(baseline[3], means, sd);
        for (var s = 0; s < 16; s++)
        {
            var sample = jp.SampleAt(s, 3);
            Assert.Equal(sample[0], means[s * 2], 3);
            Assert.Equal(sample[1], means[s * 2 + 1], 3);
        }

        Assert.True(sd[0] < 1e-3 && sd[1] < 1e-3);
    }

    [Fact]
    public void Naming_the_baseline_points_training_rows_changes_no_conditioned_value()
    {
        // Baseline points that are training inputs reuse the candidate's kernel row instead of
        // computing it again; every mean and deviation must come out bit for bit the same.
        var models = FitBraninCurrin(12, out var features);
        List<double[]> baseline = [features[7], features[2], [0.31, 0.77], features[10]];
        var plain = new JointPosterior(models, baseline, 16, 7);
        var reusing = new JointPosterior(models, baseline, 16, 7, [7, 2, -1, 10]);
        var (m1, s1, m2, s2) = (new double[32], new double[2], new double[32], new double[2]);
        foreach (var candidate in new[] { new[] { 0.5, 0.5 }, features[3], new[] { 0.05, 0.93 } })
        {
            plain.Condition(candidate, m1, s1);
            reusing.Condition(candidate, m2, s2);
            Assert.Equal(m1, m2);
            Assert.Equal(s1, s2);
        }

        Assert.Throws<ArgumentException>(() => new JointPosterior(models, baseline, 16, 7, [7, 2]));
    }

    [Fact]
    public void Analytic_and_quasi_Monte_Carlo_NEHVI_agree_with_many_samples()
    {
        var models = FitBraninCurrin(8, out var features);
        var reference = new[] { 18.0, 6.0 };
        var refStd = reference.Select((r, j) => (r - models[j].OutputMean) / models[j].OutputStd).ToArray();
        var jp = new JointPosterior(models, features, 4096, 3);
        var analytic = new NoisyExpectedHypervolumeImprovement(jp, refStd, analytic: true, seed: 1);
        var qmc = new NoisyExpectedHypervolumeImprovement(jp, refStd, analytic: false, seed: 1);
        var rng = new Prng(2);
        for (var t = 0; t < 5; t++)
        {
            var x = new[] { rng.NextDouble(), rng.NextDouble() };
            var a = analytic.Evaluate(x);
            var q = qmc.Evaluate(x);
            Assert.True(Math.Abs(a - q) <= 0.05 * Math.Max(a, 1e-3), $"analytic {a} vs qmc {q}");
        }
    }

    [Fact]
    public void NEHVI_is_zero_at_an_observed_noiseless_point_and_positive_somewhere_else()
    {
        var models = FitBraninCurrin(10, out var features);
        var refStd = new[] { 18.0, 6.0 }.Select((r, j) => (r - models[j].OutputMean) / models[j].OutputStd).ToArray();
        var jp = new JointPosterior(models, features, 64, 3);
        var acq = new NoisyExpectedHypervolumeImprovement(jp, refStd, analytic: true, seed: 1);
        Assert.True(acq.Evaluate(features[0]) < 1e-3);
        var opt = new AcquisitionOptimizer(SearchSpace.UnitCube(2), acq, AcquisitionOptimizerOptions.Default, new HashSet<string>());
        var (_, value) = opt.Maximize(features, new Prng(1));
        Assert.True(value > 1e-3);
    }

    [Fact]
    public void Acquisition_optimizer_finds_the_maximum_of_a_smooth_function_on_a_mixed_space()
    {
        var space = new SearchSpace([
            Parameter.Continuous("a", -2, 2),
            Parameter.Integer("n", 0, 40),
            Parameter.Categorical("c", ["p", "q", "r"]),
        ]);
        var acq = new FunctionAcquisition(f =>
        {
            // Features: a and n scaled to [0, 1]; c as its index. Optimum at a = 0.7, n = 31, c = 2.
            var a = -2 + 4 * f[0];
            var n = f[1] * 41 - 0.5;
            return 10 - (a - 0.7) * (a - 0.7) - 0.01 * (n - 31) * (n - 31) - (f[2] == 2 ? 0 : 3);
        });
        var opt = new AcquisitionOptimizer(space, acq, AcquisitionOptimizerOptions.Default, new HashSet<string>());
        var (x, _) = opt.Maximize([], new Prng(3));
        Assert.Equal(0.7, x[0], 2);
        Assert.Equal(31.0, x[1]);
        Assert.Equal(2.0, x[2]);
    }

    private sealed class FunctionAcquisition(Func<double[], double> f) : IAcquisitionFunction
    {
        public double Evaluate(ReadOnlySpan<double> features) => f(features.ToArray());
    }
}
