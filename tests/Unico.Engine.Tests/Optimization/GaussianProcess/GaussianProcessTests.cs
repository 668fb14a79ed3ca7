using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.GaussianProcessTests;

public class GaussianProcessTests
{
    private static (List<double[]> X, double[] Y) BraninData(int n, ulong seed)
    {
        var sobol = new SobolSequence(2, scramble: true, seed: seed);
        var x = new List<double[]>();
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var p = sobol.Next();
            x.Add(p);
            y[i] = BraninCurrin.Branin(p[0], p[1]);
        }

        return (x, y);
    }

    [Fact]
    public void Fit_recovers_Branin_on_held_out_points_with_standardized_rmse_below_0_1_from_30_points()
    {
        var (x, y) = BraninData(30, 11);
        var gp = GaussianProcess.Fit(x, y, seed: 1);

        var rng = new Prng(99);
        var errors = 0.0;
        var truth = new double[200];
        var sq = 0.0;
        for (var i = 0; i < truth.Length; i++)
        {
            var p = new[] { rng.NextDouble(), rng.NextDouble() };
            truth[i] = BraninCurrin.Branin(p[0], p[1]);
            var (mean, _) = gp.Predict(p);
            sq += (mean - truth[i]) * (mean - truth[i]);
        }

        var avg = truth.Average();
        var sd = Math.Sqrt(truth.Sum(t => (t - avg) * (t - avg)) / truth.Length);
        errors = Math.Sqrt(sq / truth.Length) / sd;
        Assert.True(errors < 0.1, $"standardized RMSE {errors}");
    }

    [Fact]
    public void Fitted_log_marginal_likelihood_beats_the_initial_one()
    {
        var (x, y) = BraninData(25, 3);
        var gp = GaussianProcess.Fit(x, y, seed: 2);
        Assert.True(gp.LogMarginalLikelihood > gp.InitialLogMarginalLikelihood,
            $"fitted {gp.LogMarginalLikelihood} vs initial {gp.InitialLogMarginalLikelihood}");
    }

    [Fact]
    public void Analytic_gradient_of_the_negative_log_posterior_matches_finite_differences()
    {
        var (x, y) = BraninData(12, 5);
        var cat = new bool[2];
        var flat = new double[12 * 2];
        for (var i = 0; i < 12; i++)
        {
            Array.Copy(x[i], 0, flat, i * 2, 2);
        }

        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / (y.Length - 1));
        var ys = y.Select(v => (v - mean) / sd).ToArray();
        var obj = new GaussianProcess.MarginalLikelihood(12, 2, flat, cat, ys, GaussianProcessOptions.Default);
        var theta = new[] { Math.Log(0.3), Math.Log(0.6), Math.Log(1.3), Math.Log(0.01), 0.2 };
        var grad = new double[theta.Length];
        obj.Evaluate(theta, grad, out _);
        for (var k = 0; k < theta.Length; k++)
        {
            var h = 1e-6;
            var tp = (double[])theta.Clone();
            var tm = (double[])theta.Clone();
            tp[k] += h;
            tm[k] -= h;
            var fd = (obj.Evaluate(tp, null, out _) - obj.Evaluate(tm, null, out _)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[k]) < 1e-4 * Math.Max(1.0, Math.Abs(fd)), $"param {k}: analytic {grad[k]} vs fd {fd}");
        }
    }

    [Fact]
    public void Categorical_input_is_compared_by_equality_so_each_category_gets_its_own_level()
    {
        // y = 10 * [category == 2] + small smooth term: categories are unordered, indices 0..3.
        var space = new SearchSpace([Parameter.Continuous("a", 0, 1), Parameter.Categorical("c", ["p", "q", "r", "s"])]);
        var rng = new Prng(7);
        var feats = new List<double[]>();
        var ys = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var p = space.Sample(rng);
            var f = new double[2];
            space.ToFeatures(p, f);
            feats.Add(f);
            ys.Add((p[1] == 2 ? 10.0 : 0.0) + 0.5 * p[0]);
        }

        var gp = GaussianProcess.Fit(feats, ys, space.CategoricalMask, seed: 3);
        var f2 = new double[2];
        space.ToFeatures([0.5, 2.0], f2);
        var f3 = new double[2];
        space.ToFeatures([0.5, 3.0], f3);
        var f1 = new double[2];
        space.ToFeatures([0.5, 1.0], f1);
        Assert.InRange(gp.Predict(f2).Mean, 9.0, 11.0);
        Assert.InRange(gp.Predict(f3).Mean, -1.0, 1.5);
        Assert.InRange(gp.Predict(f1).Mean, -1.0, 1.5);
    }

    [Fact]
    public void Integer_inputs_are_rounded_by_the_feature_transform()
    {
        var space = new SearchSpace([Parameter.Integer("n", 1, 9)]);
        var a = new double[1];
        var b = new double[1];
        space.ToFeatures([4.4], a);
        space.ToFeatures([4.0], b);
        Assert.Equal(b[0], a[0]);
        Assert.Equal(3.5 / 9.0, b[0], 12);
    }
}
