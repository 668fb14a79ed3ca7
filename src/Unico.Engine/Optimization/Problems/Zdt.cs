namespace Unico.Engine.Optimization;

/// <summary>The ZDT variant.</summary>
public enum ZdtVariant
{
    /// <summary>ZDT1: convex front f2 = 1 - sqrt(f1).</summary>
    Zdt1 = 1,

    /// <summary>ZDT2: concave front f2 = 1 - f1^2.</summary>
    Zdt2 = 2,

    /// <summary>ZDT3: disconnected front f2 = 1 - sqrt(f1) - f1 sin(10 pi f1).</summary>
    Zdt3 = 3,
}

/// <summary>
/// ZDT1/2/3 (Zitzler, Deb, Thiele 2000) on [0, 1]^d with g = 1 + 9/(d-1) sum_{i&gt;=1} x_i. BoTorch
/// has no default dimension; Unico uses d = 4 (the dimension of BoTorch's tutorial runs of ZDT1).
/// Reference point (11, 11); maximum hypervolumes 120.6667, 120.3333, 128.77811613069076.
/// </summary>
public sealed class Zdt : BenchmarkProblem
{
    /// <summary>Default input dimension.</summary>
    public const int DefaultDimension = 4;

    private readonly ZdtVariant _variant;

    /// <summary>Creates ZDT1, ZDT2 or ZDT3 with d inputs (d &gt;= 2).</summary>
    public Zdt(ZdtVariant variant, int dimension = DefaultDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        _variant = variant;
        Space = SearchSpace.UnitCube(dimension);
    }

    /// <inheritdoc />
    public override string Name => _variant switch
    {
        ZdtVariant.Zdt1 => "zdt1",
        ZdtVariant.Zdt2 => "zdt2",
        _ => "zdt3",
    };

    /// <inheritdoc />
    public override SearchSpace Space { get; }

    /// <inheritdoc />
    public override int ObjectiveCount => 2;

    /// <inheritdoc />
    public override double[] ReferencePoint => [11.0, 11.0];

    /// <inheritdoc />
    public override double MaxHypervolume => _variant switch
    {
        ZdtVariant.Zdt1 => 120.0 + 2.0 / 3.0,
        ZdtVariant.Zdt2 => 120.0 + 1.0 / 3.0,
        _ => 128.77811613069076,
    };

    /// <inheritdoc />
    public override double[] Evaluate(ReadOnlySpan<double> x)
    {
        var d = x.Length;
        var f1 = x[0];
        var sum = 0.0;
        for (var i = 1; i < d; i++)
        {
            sum += x[i];
        }

        var g = 1.0 + 9.0 * sum / (d - 1);
        var ratio = f1 / g;
        var h = _variant switch
        {
            ZdtVariant.Zdt1 => 1.0 - Math.Sqrt(ratio),
            ZdtVariant.Zdt2 => 1.0 - ratio * ratio,
            _ => 1.0 - Math.Sqrt(ratio) - ratio * Math.Sin(10.0 * Math.PI * f1),
        };
        return [f1, g * h];
    }
}
