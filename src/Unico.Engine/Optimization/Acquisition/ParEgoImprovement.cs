namespace Unico.Engine.Optimization;

/// <summary>
/// The qNParEGO step (Knowles 2006; Daulton et al. 2020): a random augmented Chebyshev
/// scalarization g(y) = max_j w_j yhat_j + rho sum_j w_j yhat_j (yhat = objectives normalized by
/// the observed bounds, minimized), and noisy expected improvement of g over the best sampled
/// baseline value: 1/S sum_s max(0, min_i g(f_s(B_i)) - g(f_s(x))), with the candidate drawn
/// conditionally on each baseline sample and fixed quasi-random normals.
/// </summary>
internal sealed class ParEgoImprovement : IAcquisitionFunction
{
    /// <summary>Augmentation weight rho.</summary>
    public const double Rho = 0.05;

    private readonly JointPosterior _posterior;
    private readonly double[] _weights;
    private readonly double[] _lower;
    private readonly double[] _inverseRange;
    private readonly double[] _best;
    private readonly double[] _normals;

    // Per-thread scratch, so that candidates can be evaluated from several threads at once.
    [ThreadStatic]
    private static double[]? t_means;
    [ThreadStatic]
    private static double[]? t_sd;

    public ParEgoImprovement(JointPosterior posterior, double[] weights, double[] lower, double[] upper, ulong seed)
    {
        _posterior = posterior;
        _weights = weights;
        var m = posterior.Objectives;
        var s = posterior.Samples;
        var b = posterior.BaselineCount;
        _lower = lower;
        _inverseRange = new double[m];
        for (var j = 0; j < m; j++)
        {
            var r = upper[j] - lower[j];
            _inverseRange[j] = r > 1e-12 ? 1.0 / r : 1.0;
        }

        _best = new double[s];
        for (var k = 0; k < s; k++)
        {
            var best = double.PositiveInfinity;
            for (var i = 0; i < b; i++)
            {
                best = Math.Min(best, Scalarize(posterior.Values.AsSpan((k * b + i) * m, m)));
            }

            _best[k] = best;
        }

        _normals = QmcNormals.Create(s, m, Prng.Derive(seed, 0xBA4E60UL));
    }

    public double Scalarize(ReadOnlySpan<double> y)
    {
        var max = double.NegativeInfinity;
        var sum = 0.0;
        for (var j = 0; j < y.Length; j++)
        {
            var v = _weights[j] * (y[j] - _lower[j]) * _inverseRange[j];
            max = Math.Max(max, v);
            sum += v;
        }

        return max + Rho * sum;
    }

    public double Evaluate(ReadOnlySpan<double> features)
    {
        var s = _posterior.Samples;
        var m = _posterior.Objectives;
        var means = Scratch.Get(ref t_means, s * m);
        var sd = Scratch.Get(ref t_sd, m);
        _posterior.Condition(features, means, sd);
        Span<double> y = stackalloc double[m];
        var total = 0.0;
        for (var k = 0; k < s; k++)
        {
            for (var j = 0; j < m; j++)
            {
                y[j] = means[k * m + j] + sd[j] * _normals[k * m + j];
            }

            var imp = _best[k] - Scalarize(y);
            if (imp > 0)
            {
                total += imp;
            }
        }

        return total / s;
    }
}
