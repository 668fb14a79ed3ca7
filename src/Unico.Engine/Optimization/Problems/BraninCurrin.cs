namespace Unico.Engine.Optimization;

/// <summary>
/// Branin-Currin (Belakaria et al. 2019; BoTorch's BraninCurrin): two inputs in [0, 1]^2,
/// objective 1 is Branin on (15 x0 - 5, 15 x1), objective 2 is the Currin exponential function.
/// Reference point (18, 6); maximum hypervolume 59.36011874867746.
/// </summary>
public sealed class BraninCurrin : BenchmarkProblem
{
    /// <inheritdoc />
    public override string Name => "branincurrin";

    /// <inheritdoc />
    public override SearchSpace Space { get; } = SearchSpace.UnitCube(2);

    /// <inheritdoc />
    public override int ObjectiveCount => 2;

    /// <inheritdoc />
    public override double[] ReferencePoint => [18.0, 6.0];

    /// <inheritdoc />
    public override double MaxHypervolume => 59.36011874867746;

    /// <summary>Branin on the rescaled inputs (u, v) = (15 x0 - 5, 15 x1).</summary>
    public static double Branin(double x0, double x1)
    {
        var u = 15.0 * x0 - 5.0;
        var v = 15.0 * x1;
        var t1 = v - 5.1 / (4.0 * Math.PI * Math.PI) * u * u + 5.0 / Math.PI * u - 6.0;
        return t1 * t1 + (10.0 - 10.0 / (8.0 * Math.PI)) * Math.Cos(u) + 10.0;
    }

    /// <summary>Currin's exponential function on [0, 1]^2.</summary>
    public static double Currin(double x0, double x1)
    {
        var factor = x1 <= 0.0 ? 1.0 : 1.0 - Math.Exp(-1.0 / (2.0 * x1));
        var num = 2300.0 * x0 * x0 * x0 + 1900.0 * x0 * x0 + 2092.0 * x0 + 60.0;
        var den = 100.0 * x0 * x0 * x0 + 500.0 * x0 * x0 + 4.0 * x0 + 20.0;
        return factor * num / den;
    }

    /// <inheritdoc />
    public override double[] Evaluate(ReadOnlySpan<double> x) => [Branin(x[0], x[1]), Currin(x[0], x[1])];
}
