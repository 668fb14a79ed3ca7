using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Unico.Engine.Optimization;

/// <summary>
/// Gaussian-process regression with a constant mean and a Matern 5/2 kernel with one length
/// scale per input (ARD), k(a, b) = s (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),
/// r^2 = sum_k delta_k(a, b)^2 / l_k^2, where delta is the difference for numeric inputs and
/// the indicator [a != b] for categorical inputs (a Hamming-type distance). Inputs are the
/// features of <see cref="SearchSpace.ToFeatures"/> (numeric ones in [0, 1]); outputs are
/// standardized internally. Hyperparameters (log length scales, log output scale, noise, mean)
/// maximize the log marginal likelihood plus Gamma log-priors, by MathNet's L-BFGS with
/// analytic gradients from several starts.
/// </summary>
public sealed class GaussianProcess
{
    private const double Sqrt5 = 2.23606797749978969640917366873;
    private const double LogTwoPi = 1.83787706640934548356065947281;
    private const double MinLogLengthscale = -7.0;
    private const double MaxLogLengthscale = 7.0;
    private const double MinLogOutputscale = -9.0;
    private const double MaxLogOutputscale = 9.0;
    private const double MinLogNoise = -30.0;
    private const double MaxLogNoise = 3.0;

    private readonly double[] _x;
    private readonly bool[] _categorical;
    private readonly double[] _y;
    private readonly double[] _invLs2;
    private readonly double[] _theta;
    private readonly double[] _l;
    private readonly double[] _alpha;

    private GaussianProcess(
        int n, int d, double[] x, bool[] categorical, double[] yStandardized, double yMean, double yScale,
        double[] theta, double minNoise, double logMarginalLikelihood, double initialLogMarginalLikelihood)
    {
        Count = n;
        Dimension = d;
        _x = x;
        _categorical = categorical;
        _y = yStandardized;
        OutputMean = yMean;
        OutputStd = yScale;
        _theta = theta;
        _invLs2 = new double[d];
        for (var k = 0; k < d; k++)
        {
            _invLs2[k] = Math.Exp(-2.0 * theta[k]);
        }

        SignalVariance = Math.Exp(theta[d]);
        NoiseVariance = minNoise + Math.Exp(theta[d + 1]);
        ConstantMean = theta[d + 2];
        LogMarginalLikelihood = logMarginalLikelihood;
        InitialLogMarginalLikelihood = initialLogMarginalLikelihood;

        var k2 = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            k2[i * n + i] = SignalVariance + NoiseVariance;
            for (var j = 0; j < i; j++)
            {
                var v = Kernel(_x.AsSpan(i * d, d), _x.AsSpan(j * d, d));
                k2[i * n + j] = v;
                k2[j * n + i] = v;
            }
        }

        _l = Cholesky.FactorWithJitter(k2, n, out _);
        _alpha = new double[n];
        for (var i = 0; i < n; i++)
        {
            _alpha[i] = _y[i] - ConstantMean;
        }

        Cholesky.Solve(_l, n, _alpha);
    }

    /// <summary>Number of training points.</summary>
    public int Count { get; }

    /// <summary>Number of input features.</summary>
    public int Dimension { get; }

    /// <summary>Mean of the raw training outputs (used to standardize).</summary>
    public double OutputMean { get; }

    /// <summary>Standard deviation of the raw training outputs (1 if they are constant).</summary>
    public double OutputStd { get; }

    /// <summary>Fitted length scales, one per input.</summary>
    public double[] Lengthscales
    {
        get
        {
            var ls = new double[Dimension];
            for (var k = 0; k < Dimension; k++)
            {
                ls[k] = Math.Exp(_theta[k]);
            }

            return ls;
        }
    }

    /// <summary>Fitted signal variance (standardized units).</summary>
    public double SignalVariance { get; }

    /// <summary>Fitted noise variance (standardized units).</summary>
    public double NoiseVariance { get; }

    /// <summary>Fitted constant mean (standardized units).</summary>
    public double ConstantMean { get; }

    /// <summary>Log marginal likelihood of the standardized outputs at the fitted hyperparameters (priors excluded).</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Log marginal likelihood at the default starting hyperparameters (for diagnostics and tests).</summary>
    public double InitialLogMarginalLikelihood { get; }

    /// <summary>The fitted hyperparameter vector (log length scales, log output scale, log excess noise, mean), for warm starts.</summary>
    public double[] Hyperparameters => (double[])_theta.Clone();

    internal double[] CholeskyFactor => _l;

    internal double[] Alpha => _alpha;

    internal double[] Inputs => _x;

    /// <summary>
    /// Fits a GP to features (rows of <see cref="Dimension"/> entries) and raw outputs.
    /// </summary>
    /// <param name="features">Training inputs, already transformed by <see cref="SearchSpace.ToFeatures"/>.</param>
    /// <param name="y">Training outputs (any scale; standardized internally).</param>
    /// <param name="categorical">Which inputs are categorical; null for none.</param>
    /// <param name="options">Fitting settings; null for defaults.</param>
    /// <param name="seed">Seed of the random restarts.</param>
    /// <param name="warmStart">Hyperparameters of a previous fit to try as a start, or null.</param>
    /// <param name="optimize">False (with a warm start): keep the warm start's hyperparameters
    /// and only condition on the new data, skipping the likelihood search.</param>
    public static GaussianProcess Fit(
        IReadOnlyList<double[]> features, IReadOnlyList<double> y, bool[]? categorical = null,
        GaussianProcessOptions? options = null, ulong seed = 0, double[]? warmStart = null, bool optimize = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(y);
        options ??= GaussianProcessOptions.Default;
        var n = features.Count;
        if (n == 0 || y.Count != n)
        {
            throw new ArgumentException("A GP needs at least one point and one output per point.");
        }

        var d = features[0].Length;
        categorical ??= new bool[d];
        var x = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            if (features[i].Length != d)
            {
                throw new ArgumentException("All feature rows must have the same length.");
            }

            Array.Copy(features[i], 0, x, i * d, d);
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += y[i];
        }

        mean /= n;
        var variance = 0.0;
        for (var i = 0; i < n; i++)
        {
            variance += (y[i] - mean) * (y[i] - mean);
        }

        var scale = n > 1 ? Math.Sqrt(variance / (n - 1)) : 0.0;
        if (!(scale > 1e-12 * Math.Max(1.0, Math.Abs(mean))) || !double.IsFinite(scale))
        {
            scale = 1.0;
        }

        var ys = new double[n];
        for (var i = 0; i < n; i++)
        {
            ys[i] = (y[i] - mean) / scale;
        }

        var objective = new MarginalLikelihood(n, d, x, categorical, ys, options);
        double[] theta;
        double lml, initialLml;
        if (!optimize && warmStart is { } kept && kept.Length == objective.ParameterCount)
        {
            theta = (double[])kept.Clone();
            objective.Evaluate(theta, null, out lml);
            initialLml = lml;
        }
        else
        {
            theta = objective.Optimize(seed, warmStart, out lml, out initialLml);
        }

        return new GaussianProcess(n, d, x, categorical, ys, mean, scale, theta, options.MinNoise, lml, initialLml);
    }

    /// <summary>Prior covariance k(a, b) between two feature vectors (standardized units, no noise).</summary>
    internal double Kernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var r2 = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var diff = _categorical[k] ? (a[k] == b[k] ? 0.0 : 1.0) : a[k] - b[k];
            r2 += diff * diff * _invLs2[k];
        }

        var r = Math.Sqrt(r2);
        return SignalVariance * (1.0 + Sqrt5 * r + (5.0 / 3.0) * r2) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>Fills k with k(x, X_i) for every training point.</summary>
    internal void KernelVector(ReadOnlySpan<double> features, Span<double> k)
    {
        var d = Dimension;
        for (var i = 0; i < Count; i++)
        {
            k[i] = Kernel(features, _x.AsSpan(i * d, d));
        }
    }

    /// <summary>
    /// Posterior mean and latent variance at a feature vector in standardized units. Uses the
    /// scratch buffer <paramref name="v"/> (length Count) and leaves L^-1 k(X, x) in it.
    /// </summary>
    internal (double Mean, double Variance) PredictStandardized(ReadOnlySpan<double> features, Span<double> v)
    {
        KernelVector(features, v);
        return PredictFromKernel(v);
    }

    /// <summary>
    /// As <see cref="PredictStandardized"/>, from k(X, x) already in <paramref name="v"/> (see
    /// <see cref="KernelVector"/>); leaves L^-1 k(X, x) in it.
    /// </summary>
    internal (double Mean, double Variance) PredictFromKernel(Span<double> v)
    {
        var mean = ConstantMean + Blas.Dot(v[..Count], _alpha);
        Cholesky.SolveLower(_l, Count, v);
        var q = Blas.Dot(v[..Count], v[..Count]);

        return (mean, Math.Max(SignalVariance - q, 0.0));
    }

    /// <summary>Posterior mean and latent-function variance at a feature vector, in the units of the training outputs.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> features)
    {
        var v = new double[Count];
        var (m, s2) = PredictStandardized(features, v);
        return (OutputMean + OutputStd * m, s2 * OutputStd * OutputStd);
    }

    /// <summary>The negative log posterior of the hyperparameters and its gradient.</summary>
    internal sealed class MarginalLikelihood
    {
        private readonly int _n;
        private readonly int _d;
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly GaussianProcessOptions _o;
        private readonly double[][] _diff2;
        private readonly int _pairs;
        private readonly double[] _k;
        private readonly double[] _gfac;
        private readonly double[] _alpha;

        public MarginalLikelihood(int n, int d, double[] x, bool[] categorical, double[] y, GaussianProcessOptions o)
        {
            _n = n;
            _d = d;
            _x = x;
            _y = y;
            _o = o;
            _pairs = n * (n - 1) / 2;
            _diff2 = new double[d][];
            for (var k = 0; k < d; k++)
            {
                var arr = new double[_pairs];
                var p = 0;
                for (var i = 1; i < n; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        var a = x[i * d + k];
                        var b = x[j * d + k];
                        var diff = categorical[k] ? (a == b ? 0.0 : 1.0) : a - b;
                        arr[p++] = diff * diff;
                    }
                }

                _diff2[k] = arr;
            }

            _k = new double[n * n];
            _gfac = new double[_pairs];
            _alpha = new double[n];
        }

        public int ParameterCount => _d + 3;

        public double[] DefaultTheta()
        {
            var t = new double[ParameterCount];
            for (var k = 0; k < _d; k++)
            {
                t[k] = Math.Log(0.4);
            }

            t[_d] = 0.0;
            t[_d + 1] = Math.Log(1e-3);
            t[_d + 2] = 0.0;
            return t;
        }

        public double[] Optimize(ulong seed, double[]? warmStart, out double lml, out double initialLml)
        {
            var rng = new Prng(Prng.Derive(seed, 0x6B_F17UL));
            var candidates = new List<double[]> { DefaultTheta() };
            if (warmStart != null && warmStart.Length == ParameterCount)
            {
                candidates.Add((double[])warmStart.Clone());
            }

            for (var c = 0; c < _o.ScreenedCandidates; c++)
            {
                var t = new double[ParameterCount];
                for (var k = 0; k < _d; k++)
                {
                    t[k] = Math.Log(0.05) + rng.NextDouble() * (Math.Log(2.0) - Math.Log(0.05));
                }

                t[_d] = Math.Log(0.3) + rng.NextDouble() * (Math.Log(3.0) - Math.Log(0.3));
                t[_d + 1] = Math.Log(1e-6) + rng.NextDouble() * (Math.Log(0.1) - Math.Log(1e-6));
                t[_d + 2] = rng.NextDouble() - 0.5;
                candidates.Add(t);
            }

            var scored = new List<(double Value, double[] Theta)>();
            foreach (var t in candidates)
            {
                scored.Add((Evaluate(t, null, out _), t));
            }

            Evaluate(candidates[0], null, out initialLml);
            scored.Sort((a, b) => a.Value.CompareTo(b.Value));

            var best = scored[0].Theta;
            var bestValue = scored[0].Value;
            var runs = Math.Min(Math.Max(_o.Restarts, 1), scored.Count);
            for (var r = 0; r < runs; r++)
            {
                var (value, theta) = RunLbfgs(scored[r].Theta);
                if (value < bestValue)
                {
                    bestValue = value;
                    best = theta;
                }
            }

            Evaluate(best, null, out lml);
            return best;
        }

        private (double Value, double[] Theta) RunLbfgs(double[] start)
        {
            var bestValue = double.PositiveInfinity;
            var bestTheta = start;
            var grad = new double[ParameterCount];
            var fn = ObjectiveFunction.Gradient(v =>
            {
                var t = v.ToArray();
                var f = Evaluate(t, grad, out _);
                if (f < bestValue)
                {
                    bestValue = f;
                    bestTheta = t;
                }

                return (f, Vector<double>.Build.DenseOfArray((double[])grad.Clone()));
            });
            var minimizer = new LimitedMemoryBfgsMinimizer(1e-5, 1e-8, 1e-9, 10, _o.MaxIterations);
            try
            {
                minimizer.FindMinimum(fn, Vector<double>.Build.DenseOfArray(start));
            }
            catch (MaximumIterationsException)
            {
                // Keep the best point seen.
            }
            catch (OptimizationException)
            {
                // Line-search failures: keep the best point seen.
            }

            return (bestValue, bestTheta);
        }

        /// <summary>Negative log posterior (up to a constant); fills grad if not null.</summary>
        public double Evaluate(double[] thetaIn, double[]? grad, out double logMarginal)
        {
            var n = _n;
            var d = _d;
            var penalty = 0.0;
            var theta = (double[])thetaIn.Clone();
            var penaltyGrad = new double[ParameterCount];
            for (var k = 0; k < ParameterCount - 1; k++)
            {
                var (lo, hi) = k < d ? (MinLogLengthscale, MaxLogLengthscale)
                    : k == d ? (MinLogOutputscale, MaxLogOutputscale) : (MinLogNoise, MaxLogNoise);
                if (theta[k] < lo)
                {
                    penalty += 10.0 * (lo - theta[k]) * (lo - theta[k]);
                    penaltyGrad[k] = -20.0 * (lo - theta[k]);
                    theta[k] = lo;
                }
                else if (theta[k] > hi)
                {
                    penalty += 10.0 * (theta[k] - hi) * (theta[k] - hi);
                    penaltyGrad[k] = 20.0 * (theta[k] - hi);
                    theta[k] = hi;
                }
            }

            var invLs2 = new double[d];
            for (var k = 0; k < d; k++)
            {
                invLs2[k] = Math.Exp(-2.0 * theta[k]);
            }

            var s = Math.Exp(theta[d]);
            var noiseExcess = Math.Exp(theta[d + 1]);
            var noise = _o.MinNoise + noiseExcess;
            var c = theta[d + 2];

            var kmat = _k;
            var p = 0;
            for (var i = 1; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var r2 = 0.0;
                    for (var k = 0; k < d; k++)
                    {
                        r2 += _diff2[k][p] * invLs2[k];
                    }

                    var r = Math.Sqrt(r2);
                    var e = Math.Exp(-Sqrt5 * r);
                    var kv = s * (1.0 + Sqrt5 * r + (5.0 / 3.0) * r2) * e;
                    kmat[i * n + j] = kv;
                    kmat[j * n + i] = kv;
                    _gfac[p] = s * (5.0 / 3.0) * (1.0 + Sqrt5 * r) * e;
                    p++;
                }
            }

            for (var i = 0; i < n; i++)
            {
                kmat[i * n + i] = s + noise;
            }

            double[] l;
            try
            {
                l = Cholesky.FactorWithJitter(kmat, n, out _);
            }
            catch (InvalidOperationException)
            {
                logMarginal = double.NegativeInfinity;
                if (grad != null)
                {
                    Array.Clear(grad);
                }

                return 1e10;
            }

            for (var i = 0; i < n; i++)
            {
                _alpha[i] = _y[i] - c;
            }

            Cholesky.Solve(l, n, _alpha);
            var quad = 0.0;
            for (var i = 0; i < n; i++)
            {
                quad += (_y[i] - c) * _alpha[i];
            }

            logMarginal = -0.5 * quad - Cholesky.HalfLogDeterminant(l, n) - 0.5 * n * LogTwoPi;

            // Negative log priors (Gamma on length scales, output scale, noise; N(0, 1) on the mean).
            var prior = 0.0;
            var logNormal = _o.LengthscalePrior == LengthscalePrior.DimensionScaledLogNormal;
            var lnMu = Math.Sqrt(2.0) + 0.5 * Math.Log(d);
            const double lnVar = 3.0;
            for (var k = 0; k < d; k++)
            {
                var ls = Math.Exp(theta[k]);
                prior += logNormal
                    ? (theta[k] - lnMu) * (theta[k] - lnMu) / (2.0 * lnVar) + theta[k]
                    : -((_o.LengthscaleShape - 1.0) * theta[k] - _o.LengthscaleRate * ls);
            }

            prior -= (_o.OutputscaleShape - 1.0) * theta[d] - _o.OutputscaleRate * s;
            prior -= (_o.NoiseShape - 1.0) * Math.Log(noise) - _o.NoiseRate * noise;
            prior += 0.5 * c * c;

            if (grad != null)
            {
                var kinv = Cholesky.Inverse(l, n);

                // W = alpha alpha^T - K^-1; dNLL/dtheta = -0.5 sum_ij W_ij dK_ij/dtheta.
                var traceW = 0.0;
                for (var i = 0; i < n; i++)
                {
                    traceW += _alpha[i] * _alpha[i] - kinv[i * n + i];
                }

                Array.Clear(grad);
                var sumWK = 0.0;
                p = 0;
                for (var i = 1; i < n; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        var w = _alpha[i] * _alpha[j] - kinv[i * n + j];
                        sumWK += w * kmat[i * n + j];
                        var wg = w * _gfac[p];
                        if (wg != 0.0)
                        {
                            for (var k = 0; k < d; k++)
                            {
                                grad[k] -= wg * _diff2[k][p];
                            }
                        }

                        p++;
                    }
                }

                for (var k = 0; k < d; k++)
                {
                    // Off-diagonal pairs counted once above, i.e. -0.5 * 2 * sum; times w_k = 1/l_k^2.
                    grad[k] *= invLs2[k];
                    grad[k] += logNormal
                        ? (theta[k] - lnMu) / lnVar + 1.0
                        : -((_o.LengthscaleShape - 1.0) - _o.LengthscaleRate * Math.Exp(theta[k]));
                }

                grad[d] = -0.5 * (2.0 * sumWK + traceW * s) - ((_o.OutputscaleShape - 1.0) - _o.OutputscaleRate * s);
                grad[d + 1] = -0.5 * traceW * noiseExcess - ((_o.NoiseShape - 1.0) / noise - _o.NoiseRate) * noiseExcess;
                var sumAlpha = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sumAlpha += _alpha[i];
                }

                grad[d + 2] = -sumAlpha + c;
                for (var k = 0; k < ParameterCount; k++)
                {
                    grad[k] += penaltyGrad[k];
                }
            }

            return -logMarginal + prior + penalty;
        }
    }
}
