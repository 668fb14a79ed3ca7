namespace Unico.Engine.Optimization;

/// <summary>
/// Cholesky factorization and triangular solves on row-major <c>double[]</c> matrices.
/// Hand-written for the small (n up to a few hundred) dense systems of the Gaussian process,
/// where avoiding allocations matters more than blocked BLAS kernels.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Factors the symmetric matrix <paramref name="a"/> (n x n, row-major) in place into its
    /// lower-triangular factor L (upper triangle zeroed). Returns false if a pivot is not positive.
    /// </summary>
    public static bool TryFactor(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = j * n;
            var sum = a[rowJ + j];
            for (var k = 0; k < j; k++)
            {
                sum -= a[rowJ + k] * a[rowJ + k];
            }

            if (!(sum > 0.0) || double.IsNaN(sum))
            {
                return false;
            }

            var ljj = Math.Sqrt(sum);
            a[rowJ + j] = ljj;
            var inv = 1.0 / ljj;
            for (var i = j + 1; i < n; i++)
            {
                var rowI = i * n;
                var s = a[rowI + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[rowI + k] * a[rowJ + k];
                }

                a[rowI + j] = s * inv;
            }

            for (var k = j + 1; k < n; k++)
            {
                a[rowJ + k] = 0.0;
            }
        }

        return true;
    }

    /// <summary>
    /// Factors a copy of <paramref name="a"/>, adding diagonal jitter (scaled by the mean diagonal,
    /// starting at 1e-10 and growing tenfold up to 1e-2) until the factorization succeeds.
    /// Returns the factor and the absolute jitter that was added.
    /// </summary>
    public static double[] FactorWithJitter(double[] a, int n, out double jitter)
    {
        var l = new double[a.Length];
        Array.Copy(a, l, a.Length);
        jitter = 0.0;
        if (TryFactor(l, n))
        {
            return l;
        }

        var meanDiag = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanDiag += Math.Abs(a[i * n + i]);
        }

        meanDiag = n > 0 ? Math.Max(meanDiag / n, 1e-300) : 1.0;
        for (var rel = 1e-10; rel <= 1e-1; rel *= 10.0)
        {
            Array.Copy(a, l, a.Length);
            jitter = rel * meanDiag;
            for (var i = 0; i < n; i++)
            {
                l[i * n + i] += jitter;
            }

            if (TryFactor(l, n))
            {
                return l;
            }
        }

        throw new InvalidOperationException("Cholesky factorization failed even with jitter 0.1 x mean diagonal.");
    }

    /// <summary>Solves L x = b in place (forward substitution).</summary>
    public static void SolveLower(double[] l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var row = i * n;
            var s = b[i] - Blas.Dot(l.AsSpan(row, i), b[..i]);
            b[i] = s / l[row + i];
        }
    }

    /// <summary>Solves L^T x = b in place (back substitution).</summary>
    public static void SolveUpperTransposed(double[] l, int n, Span<double> b)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= l[k * n + i] * b[k];
            }

            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves (L L^T) x = b in place.</summary>
    public static void Solve(double[] l, int n, Span<double> b)
    {
        SolveLower(l, n, b);
        SolveUpperTransposed(l, n, b);
    }

    /// <summary>Returns (L L^T)^-1 as a full symmetric row-major matrix.</summary>
    public static double[] Inverse(double[] l, int n)
    {
        // Invert L (lower triangular) column by column, then form L^-T L^-1.
        var linv = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            linv[j * n + j] = 1.0 / l[j * n + j];
            for (var i = j + 1; i < n; i++)
            {
                var s = 0.0;
                var rowI = i * n;
                for (var k = j; k < i; k++)
                {
                    s -= l[rowI + k] * linv[k * n + j];
                }

                linv[rowI + j] = s / l[rowI + i];
            }
        }

        var inv = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                // (L^-T L^-1)_{ij} = sum_k linv[k,i] linv[k,j], k >= max(i,j) = i.
                var s = 0.0;
                for (var k = i; k < n; k++)
                {
                    s += linv[k * n + i] * linv[k * n + j];
                }

                inv[i * n + j] = s;
                inv[j * n + i] = s;
            }
        }

        return inv;
    }

    /// <summary>Sum of log diagonal entries of L, i.e. half the log-determinant of L L^T.</summary>
    public static double HalfLogDeterminant(double[] l, int n)
    {
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            s += Math.Log(l[i * n + i]);
        }

        return s;
    }
}
