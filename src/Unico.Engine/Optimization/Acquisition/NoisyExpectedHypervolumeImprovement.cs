namespace Unico.Engine.Optimization;

/// <summary>
/// Noisy expected hypervolume improvement of one candidate (the sequential-greedy step of
/// qNEHVI, Daulton et al. 2021), in standardized objective units (minimization).
/// The baseline (previously observed points, pruned, plus the pending points chosen earlier in
/// the batch) is sampled jointly from the posterior; each sample s gives a Pareto front P_s and a
/// box decomposition of the region P_s leaves non-dominated. The candidate, conditioned on
/// sample s, is N(m_s, d^2) per objective, and
/// NEHVI(x) = 1/S sum_s E[HVI(f(x) | P_s)].
/// With <c>analytic</c>, the inner expectation is exact: HVI over disjoint boxes factorizes,
/// E[(u - max(l, Y))^+] = E[(u - Y)^+] - E[(l - Y)^+], so each box contributes a product of
/// closed forms. Otherwise it is a one-draw quasi-Monte-Carlo estimate per sample with fixed
/// scrambled-Sobol normals (S draws in total).
/// </summary>
internal sealed class NoisyExpectedHypervolumeImprovement : IAcquisitionFunction
{
    private readonly JointPosterior _posterior;
    private readonly BoxDecomposition[] _boxes;
    private readonly bool _analytic;
    private readonly double[] _normals;

    // Per-thread scratch, so that candidates can be evaluated from several threads at once.
    [ThreadStatic]
    private static double[]? t_means;
    [ThreadStatic]
    private static double[]? t_sd;
    [ThreadStatic]
    private static double[]? t_y;
    [ThreadStatic]
    private static double[]? t_shortfall;

    // Analytic path: per sample, per objective, distinct finite box bounds, and per box the
    // index of its lower / upper bound in that list (-1 for -infinity).
    private readonly double[][][] _breaks = [];
    private readonly int[][] _lowerIndex = [];
    private readonly int[][] _upperIndex = [];
    private readonly int _shortfallLength;

    public NoisyExpectedHypervolumeImprovement(JointPosterior posterior, double[] referenceStandardized, bool analytic, ulong seed)
    {
        _posterior = posterior;
        _analytic = analytic;
        var s = posterior.Samples;
        var m = posterior.Objectives;
        var b = posterior.BaselineCount;
        _boxes = new BoxDecomposition[s];
        var front = new List<double[]>(b);
        for (var k = 0; k < s; k++)
        {
            front.Clear();
            for (var i = 0; i < b; i++)
            {
                front.Add(posterior.SampleAt(k, i));
            }

            _boxes[k] = BoxDecomposition.Build(front, referenceStandardized);
        }

        _normals = analytic ? [] : QmcNormals.Create(s, m, Prng.Derive(seed, 0xCA7D1DA7EUL));
        if (analytic)
        {
            _breaks = new double[s][][];
            _lowerIndex = new int[s][];
            _upperIndex = new int[s][];
            var maxBreaks = 0;
            for (var k = 0; k < s; k++)
            {
                var bx = _boxes[k];
                _breaks[k] = new double[m][];
                _lowerIndex[k] = new int[bx.Count * m];
                _upperIndex[k] = new int[bx.Count * m];
                for (var j = 0; j < m; j++)
                {
                    var values = new SortedSet<double>();
                    for (var t = 0; t < bx.Count; t++)
                    {
                        var lo = bx.Lower[t * m + j];
                        if (!double.IsNegativeInfinity(lo))
                        {
                            values.Add(lo);
                        }

                        values.Add(bx.Upper[t * m + j]);
                    }

                    var arr = values.ToArray();
                    _breaks[k][j] = arr;
                    maxBreaks = Math.Max(maxBreaks, arr.Length);
                    for (var t = 0; t < bx.Count; t++)
                    {
                        var lo = bx.Lower[t * m + j];
                        _lowerIndex[k][t * m + j] = double.IsNegativeInfinity(lo) ? -1 : Array.BinarySearch(arr, lo);
                        _upperIndex[k][t * m + j] = Array.BinarySearch(arr, bx.Upper[t * m + j]);
                    }
                }
            }

            _shortfallLength = m * Math.Max(maxBreaks, 1);
        }
    }

    public double Evaluate(ReadOnlySpan<double> features)
    {
        var s = _posterior.Samples;
        var m = _posterior.Objectives;
        var means = Scratch.Get(ref t_means, s * m);
        var sd = Scratch.Get(ref t_sd, m);
        _posterior.Condition(features, means, sd);
        var total = 0.0;
        if (!_analytic)
        {
            var y = Scratch.Get(ref t_y, m).AsSpan(0, m);
            for (var k = 0; k < s; k++)
            {
                for (var j = 0; j < m; j++)
                {
                    y[j] = means[k * m + j] + sd[j] * _normals[k * m + j];
                }

                total += _boxes[k].Improvement(y);
            }

            return total / s;
        }

        var shortfall = Scratch.Get(ref t_shortfall, _shortfallLength);
        for (var k = 0; k < s; k++)
        {
            var breaks = _breaks[k];
            var stride = _shortfallLength / m;
            for (var j = 0; j < m; j++)
            {
                var mean = means[k * m + j];
                var bj = breaks[j];
                for (var t = 0; t < bj.Length; t++)
                {
                    shortfall[j * stride + t] = StandardNormal.ExpectedShortfall(bj[t], mean, sd[j]);
                }
            }

            var bx = _boxes[k];
            var lowerIdx = _lowerIndex[k];
            var upperIdx = _upperIndex[k];
            var sum = 0.0;
            for (var t = 0; t < bx.Count; t++)
            {
                var prod = 1.0;
                for (var j = 0; j < m; j++)
                {
                    var li = lowerIdx[t * m + j];
                    var hi = shortfall[j * stride + upperIdx[t * m + j]];
                    var lo = li < 0 ? 0.0 : shortfall[j * stride + li];
                    prod *= hi - lo;
                    if (prod <= 0.0)
                    {
                        break;
                    }
                }

                if (prod > 0.0)
                {
                    sum += prod;
                }
            }

            total += sum;
        }

        return total / s;
    }
}
