namespace Unico.Engine.Optimization;

/// <summary>
/// Joint posterior samples of M independent GPs (same training inputs) at a set of baseline
/// points B, and the conditional distribution of a new candidate given each sample.
/// For objective j the baseline posterior is N(mu_B, Sigma_B) with Cholesky factor L_B, and
/// sample s is f_s = mu_B + L_B z_s with fixed base normals z_s. Extending the factor by a
/// candidate x gives l = L_B^-1 Sigma(B, x) and d^2 = sigma^2(x) - |l|^2, so that the candidate's
/// value in sample s is mu(x) + l.z_s + d w_s with w_s independent of the baseline: conditioned
/// on the sample path at B, f(x) ~ N(mu(x) + l.z_s, d^2). Caches L_K^-1 K(X, B) so a candidate
/// costs O(n^2 + n b + b^2 + S b) per objective.
/// </summary>
internal sealed class JointPosterior
{
    private readonly GaussianProcess[] _models;
    private readonly double[][] _baseline;
    private readonly int[] _trainingRows;  // per baseline point: its training row, or -1
    private readonly double[][] _vb;      // per objective: b x n, row i = L_K^-1 k(X, B_i)
    private readonly double[][] _lb;      // per objective: b x b Cholesky of Sigma_B
    private readonly double[][] _z;       // per objective: S x b base normals
    [ThreadStatic]
    private static double[]? t_scratchV;
    [ThreadStatic]
    private static double[]? t_scratchS;

    /// <param name="models">The objectives' models, fitted on the same inputs.</param>
    /// <param name="baseline">The baseline points' features.</param>
    /// <param name="samples">Posterior samples S.</param>
    /// <param name="seed">Seed of the base normals.</param>
    /// <param name="trainingRows">Per baseline point, its row among the models' training inputs
    /// (the same features), or -1: a candidate's kernel with such a point is the one its
    /// prediction computes anyway, so it is not computed twice.</param>
    public JointPosterior(GaussianProcess[] models, IReadOnlyList<double[]> baseline, int samples, ulong seed, IReadOnlyList<int>? trainingRows = null)
    {
        _models = models;
        _baseline = [.. baseline];
        _trainingRows = trainingRows is null ? [.. Enumerable.Repeat(-1, _baseline.Length)] : [.. trainingRows];
        if (_trainingRows.Length != _baseline.Length) throw new ArgumentException("one training row per baseline point", nameof(trainingRows));
        Samples = samples;
        var m = models.Length;
        var b = _baseline.Length;
        var n = models[0].Count;
        _vb = new double[m][];
        _lb = new double[m][];
        _z = new double[m][];
        Values = new double[samples * b * m];
        for (var j = 0; j < m; j++)
        {
            var gp = models[j];
            var vb = new double[b * n];
            var mu = new double[b];
            for (var i = 0; i < b; i++)
            {
                var row = vb.AsSpan(i * n, n);
                var (mean, _) = gp.PredictStandardized(_baseline[i], row);
                mu[i] = mean;
            }

            var sigma = new double[b * b];
            for (var i = 0; i < b; i++)
            {
                for (var k = 0; k <= i; k++)
                {
                    var prior = i == k ? gp.SignalVariance : gp.Kernel(_baseline[i], _baseline[k]);
                    var dot = 0.0;
                    var ri = i * n;
                    var rk = k * n;
                    for (var t = 0; t < n; t++)
                    {
                        dot += vb[ri + t] * vb[rk + t];
                    }

                    var c = prior - dot;
                    sigma[i * b + k] = c;
                    sigma[k * b + i] = c;
                }
            }

            // A small floor keeps the factor well-conditioned for (near) noiseless data.
            for (var i = 0; i < b; i++)
            {
                sigma[i * b + i] = Math.Max(sigma[i * b + i], 0.0) + 1e-9 * gp.SignalVariance;
            }

            var lb = b > 0 ? Cholesky.FactorWithJitter(sigma, b, out _) : [];
            _vb[j] = vb;
            _lb[j] = lb;

            // Base normals: one stream per (objective, baseline index) so that appending
            // baseline points keeps the normals of the existing ones.
            var z = new double[samples * b];
            for (var i = 0; i < b; i++)
            {
                var rng = new Prng(Prng.Derive(seed, ((ulong)j << 32) | (uint)i));
                for (var s = 0; s < samples; s++)
                {
                    z[s * b + i] = rng.NextGaussian();
                }
            }

            _z[j] = z;

            // Samples f_s = mu + L_B z_s.
            for (var s = 0; s < samples; s++)
            {
                for (var i = 0; i < b; i++)
                {
                    var v = mu[i];
                    var ri = i * b;
                    var zs = s * b;
                    for (var k = 0; k <= i; k++)
                    {
                        v += lb[ri + k] * z[zs + k];
                    }

                    Values[(s * b + i) * m + j] = v;
                }
            }
        }
    }

    /// <summary>Number of posterior samples S.</summary>
    public int Samples { get; }

    /// <summary>Number of baseline points b.</summary>
    public int BaselineCount => _baseline.Length;

    /// <summary>Number of objectives M.</summary>
    public int Objectives => _models.Length;

    /// <summary>Sampled values, index ((s * b) + i) * M + j, standardized units.</summary>
    public double[] Values { get; }

    /// <summary>The sampled objective vector of baseline point i in sample s.</summary>
    public double[] SampleAt(int s, int i)
    {
        var m = Objectives;
        var y = new double[m];
        Array.Copy(Values, (s * BaselineCount + i) * m, y, 0, m);
        return y;
    }

    /// <summary>
    /// For a candidate's features, writes per objective j the conditional means for every sample
    /// into <paramref name="means"/> (index s * M + j) and the conditional standard deviation into
    /// <paramref name="sd"/>[j].
    /// </summary>
    public void Condition(ReadOnlySpan<double> features, Span<double> means, Span<double> sd)
    {
        var m = Objectives;
        var b = BaselineCount;
        var n = _models[0].Count;
        // Per-thread scratch: candidates may be conditioned from several threads at once.
        var v = Scratch.Get(ref t_scratchV, n).AsSpan(0, n);
        var l = Scratch.Get(ref t_scratchS, b).AsSpan(0, b);
        for (var j = 0; j < m; j++)
        {
            var gp = _models[j];
            gp.KernelVector(features, v);
            for (var i = 0; i < b; i++)
            {
                var row = _trainingRows[i];
                l[i] = row >= 0 ? v[row] : gp.Kernel(features, _baseline[i]);
            }

            var (mu, var) = gp.PredictFromKernel(v);
            var vb = _vb[j];
            var ll = 0.0;
            for (var i = 0; i < b; i++)
            {
                l[i] -= Blas.Dot(vb.AsSpan(i * n, n), v);
            }

            if (b > 0)
            {
                Cholesky.SolveLower(_lb[j], b, l);
                ll = Blas.Dot(l, l);
            }

            sd[j] = Math.Sqrt(Math.Max(var - ll, 0.0));
            var z = _z[j];
            for (var s = 0; s < Samples; s++)
            {
                means[s * m + j] = mu + Blas.Dot(z.AsSpan(s * b, b), l);
            }
        }
    }
}
