namespace Unico.Engine.Optimization;

/// <summary>
/// A box of continuous, integer and categorical parameters. A point of the space is a
/// <c>double[]</c> with one entry per parameter: the value for continuous and integer
/// parameters (integers are integral doubles), the choice index for categorical ones.
/// </summary>
/// <remarks>
/// The Gaussian-process input transform (<see cref="ToFeatures"/>) scales continuous and integer
/// values to [0, 1] (after rounding integers) and keeps categorical indices as they are, for the
/// kernel to compare with a Hamming-type (equal / not equal) distance.
/// </remarks>
public sealed class SearchSpace
{
    private readonly Parameter[] _parameters;

    /// <summary>Creates a space from its parameters (at least one).</summary>
    public SearchSpace(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("A search space needs at least one parameter.", nameof(parameters));
        }

        CategoricalMask = new bool[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            CategoricalMask[i] = _parameters[i].Kind == ParameterKind.Categorical;
            HasDiscrete |= _parameters[i].Kind != ParameterKind.Continuous;
            HasContinuous |= _parameters[i].Kind == ParameterKind.Continuous;
        }
    }

    /// <summary>A space of <paramref name="dimension"/> continuous parameters x0..x{d-1} in [0, 1].</summary>
    public static SearchSpace UnitCube(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var ps = new Parameter[dimension];
        for (var i = 0; i < dimension; i++)
        {
            ps[i] = Parameter.Continuous($"x{i}", 0.0, 1.0);
        }

        return new SearchSpace(ps);
    }

    /// <summary>The parameters, in point order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of parameters (length of a point).</summary>
    public int Dimension => _parameters.Length;

    /// <summary>Which dimensions are categorical (compared by equality in the kernel).</summary>
    internal bool[] CategoricalMask { get; }

    /// <summary>Whether any parameter is integer or categorical.</summary>
    public bool HasDiscrete { get; }

    /// <summary>Whether any parameter is continuous.</summary>
    public bool HasContinuous { get; }

    /// <summary>Maps a point of [0, 1]^d to a valid point (see <see cref="Parameter.FromUnit"/>).</summary>
    public double[] FromUnit(ReadOnlySpan<double> unit)
    {
        CheckLength(unit.Length);
        var x = new double[_parameters.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = _parameters[i].FromUnit(unit[i]);
        }

        return x;
    }

    /// <summary>Maps a valid point to [0, 1]^d (see <see cref="Parameter.ToUnit"/>).</summary>
    public double[] ToUnit(ReadOnlySpan<double> point)
    {
        CheckLength(point.Length);
        var u = new double[_parameters.Length];
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = _parameters[i].ToUnit(point[i]);
        }

        return u;
    }

    /// <summary>Returns a valid copy of a point: clamped into bounds, integers and categories rounded.</summary>
    public double[] Snap(ReadOnlySpan<double> point)
    {
        CheckLength(point.Length);
        var x = new double[_parameters.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = _parameters[i].Snap(point[i]);
        }

        return x;
    }

    /// <summary>Whether a point is valid: right length, inside bounds, integral where required.</summary>
    public bool Contains(ReadOnlySpan<double> point)
    {
        if (point.Length != _parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < point.Length; i++)
        {
            var p = _parameters[i];
            var v = point[i];
            if (double.IsNaN(v) || v < p.Lower || v > p.Upper)
            {
                return false;
            }

            if (p.Kind != ParameterKind.Continuous && v != Math.Round(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The Gaussian-process input transform: integers are rounded then scaled with the continuous
    /// parameters to [0, 1] (log-scaled where set); categorical entries keep their index.
    /// </summary>
    public void ToFeatures(ReadOnlySpan<double> point, Span<double> features)
    {
        CheckLength(point.Length);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            features[i] = p.Kind switch
            {
                ParameterKind.Categorical => Math.Round(point[i]),
                ParameterKind.Integer => p.ToUnit(Math.Round(point[i])),
                _ => p.ToUnit(point[i]),
            };
        }
    }

    /// <summary>Draws a uniformly random valid point.</summary>
    public double[] Sample(Prng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = new double[_parameters.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = _parameters[i].FromUnit(rng.NextDouble());
        }

        return x;
    }

    /// <summary>A stable text key of a point (for duplicate detection).</summary>
    internal static string Key(ReadOnlySpan<double> point)
    {
        var sb = new System.Text.StringBuilder(point.Length * 8);
        foreach (var v in point)
        {
            sb.Append(BitConverter.DoubleToInt64Bits(v == 0.0 ? 0.0 : v)).Append(',');
        }

        return sb.ToString();
    }

    private void CheckLength(int length)
    {
        if (length != _parameters.Length)
        {
            throw new ArgumentException($"A point of this space has {_parameters.Length} entries, got {length}.");
        }
    }
}
