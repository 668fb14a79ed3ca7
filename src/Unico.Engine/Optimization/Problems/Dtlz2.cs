namespace Unico.Engine.Optimization;

/// <summary>
/// DTLZ2 (Deb, Thiele, Laumanns, Zitzler 2002) with M objectives on [0, 1]^d:
/// g = sum_{i&gt;=M-1} (x_i - 0.5)^2 and f_j = (1 + g) prod cos(x_k pi/2) ... sin(...); the
/// front is the positive unit sphere. BoTorch has no default dimension; Unico uses d = 6 (the
/// dimension of BoTorch's own DTLZ2 tests) for both M = 2 and M = 3. Reference point 1.1 in every
/// objective; maximum hypervolumes 1.1^2 - pi/4 = 0.4246018366 and 1.1^3 - pi/6 = 0.8074012244.
/// </summary>
public sealed class Dtlz2 : BenchmarkProblem
{
    /// <summary>Default input dimension.</summary>
    public const int DefaultDimension = 6;

    /// <summary>Creates DTLZ2 with the given objective count (&gt;= 2) and dimension (&gt; objectives).</summary>
    public Dtlz2(int objectives, int dimension = DefaultDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objectives, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(dimension, objectives);
        ObjectiveCount = objectives;
        Space = SearchSpace.UnitCube(dimension);
    }

    /// <inheritdoc />
    public override string Name => $"dtlz2-{ObjectiveCount}";

    /// <inheritdoc />
    public override SearchSpace Space { get; }

    /// <inheritdoc />
    public override int ObjectiveCount { get; }

    /// <inheritdoc />
    public override double[] ReferencePoint
    {
        get
        {
            var r = new double[ObjectiveCount];
            Array.Fill(r, 1.1);
            return r;
        }
    }

    /// <inheritdoc />
    public override double MaxHypervolume
    {
        get
        {
            // Volume of the box minus the positive orthant part of the unit ball.
            var m = ObjectiveCount;
            var box = Math.Pow(1.1, m);
            var ball = Math.Pow(Math.PI, m / 2.0) / MathNet.Numerics.SpecialFunctions.Gamma(m / 2.0 + 1.0);
            return box - ball / Math.Pow(2.0, m);
        }
    }

    /// <inheritdoc />
    public override double[] Evaluate(ReadOnlySpan<double> x)
    {
        var m = ObjectiveCount;
        var g = 0.0;
        for (var i = m - 1; i < x.Length; i++)
        {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }

        var f = new double[m];
        for (var j = 0; j < m; j++)
        {
            var v = 1.0 + g;
            for (var k = 0; k < m - 1 - j; k++)
            {
                v *= Math.Cos(x[k] * Math.PI / 2.0);
            }

            if (j > 0)
            {
                v *= Math.Sin(x[m - 1 - j] * Math.PI / 2.0);
            }

            f[j] = v;
        }

        return f;
    }
}
