using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Unico.Engine.Optimization;

/// <summary>Standard normal density, distribution and quantile functions.</summary>
internal static class StandardNormal
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;
    private const double InvSqrt2 = 0.707106781186547524400844362105;

    /// <summary>Density phi(x).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>Distribution function Phi(x).</summary>
    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InvSqrt2);

    /// <summary>Quantile function Phi^-1(p) for p in (0, 1).</summary>
    public static double InvCdf(double p) => Normal.InvCDF(0.0, 1.0, p);

    /// <summary>
    /// E[(t - Y)^+] for Y ~ N(mean, sd^2): sd * (b Phi(b) + phi(b)) with b = (t - mean) / sd.
    /// Falls back to max(t - mean, 0) when sd is zero.
    /// </summary>
    public static double ExpectedShortfall(double t, double mean, double sd)
    {
        if (double.IsNegativeInfinity(t))
        {
            return 0.0;
        }

        if (sd <= 1e-12)
        {
            return Math.Max(t - mean, 0.0);
        }

        var b = (t - mean) / sd;
        if (b < -38.0)
        {
            return 0.0;
        }

        return sd * (b * Cdf(b) + Pdf(b));
    }
}
