namespace Unico.Engine.Optimization;

/// <summary>The kind of one search-space parameter.</summary>
public enum ParameterKind
{
    /// <summary>A real value between inclusive bounds.</summary>
    Continuous,

    /// <summary>An integer value between inclusive bounds (stored as an integral double).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Integer is the domain term for this parameter kind.")]
    Integer,

    /// <summary>One of a finite set of unordered choices (stored as the choice index).</summary>
    Categorical,
}

/// <summary>
/// One dimension of a <see cref="SearchSpace"/>. Continuous and integer parameters have inclusive
/// bounds and may be log-scaled (the optimizers then work on the logarithm); categorical
/// parameters have named choices and a point stores the chosen index.
/// </summary>
public sealed class Parameter
{
    private Parameter(string name, ParameterKind kind, double lower, double upper, bool logScale, IReadOnlyList<string> choices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (kind != ParameterKind.Categorical)
        {
            if (!double.IsFinite(lower) || !double.IsFinite(upper) || upper < lower)
            {
                throw new ArgumentException($"Parameter '{name}': bounds [{lower}, {upper}] are not a finite interval.");
            }

            if (logScale && lower <= 0)
            {
                throw new ArgumentException($"Parameter '{name}': a log-scaled parameter needs a positive lower bound.");
            }
        }
        else if (choices.Count == 0)
        {
            throw new ArgumentException($"Parameter '{name}': a categorical parameter needs at least one choice.");
        }

        Name = name;
        Kind = kind;
        Lower = lower;
        Upper = upper;
        LogScale = logScale;
        Choices = choices;
    }

    /// <summary>Parameter name (for reports).</summary>
    public string Name { get; }

    /// <summary>Continuous, integer or categorical.</summary>
    public ParameterKind Kind { get; }

    /// <summary>Inclusive lower bound (0 for categorical).</summary>
    public double Lower { get; }

    /// <summary>Inclusive upper bound (choice count - 1 for categorical).</summary>
    public double Upper { get; }

    /// <summary>Whether the optimizers treat the parameter on a logarithmic scale.</summary>
    public bool LogScale { get; }

    /// <summary>Choice names of a categorical parameter (empty otherwise).</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>Number of distinct values of a categorical parameter (0 otherwise).</summary>
    public int ChoiceCount => Choices.Count;

    /// <summary>A continuous parameter in [lower, upper].</summary>
    public static Parameter Continuous(string name, double lower, double upper, bool logScale = false) =>
        new(name, ParameterKind.Continuous, lower, upper, logScale, []);

    /// <summary>An integer parameter in [lower, upper].</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Integer is the domain term for this parameter kind.")]
    public static Parameter Integer(string name, long lower, long upper, bool logScale = false) =>
        new(name, ParameterKind.Integer, lower, upper, logScale, []);

    /// <summary>A categorical parameter; a point stores the index of its choice.</summary>
    public static Parameter Categorical(string name, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return new(name, ParameterKind.Categorical, 0, Math.Max(choices.Count - 1, 0), false, choices.ToArray());
    }

    /// <summary>
    /// Maps a valid value to [0, 1]: continuous values by the (log-)affine map; integers to the
    /// centre of their bin in <see cref="FromUnit"/> ((v - lower + 0.5) / (upper - lower + 1),
    /// or its log analogue); categorical index i of k choices to (i + 0.5) / k.
    /// </summary>
    public double ToUnit(double value)
    {
        if (Kind == ParameterKind.Categorical)
        {
            return (value + 0.5) / ChoiceCount;
        }

        if (Kind == ParameterKind.Integer)
        {
            // Centre of the value's bin in FromUnit, so FromUnit(ToUnit(v)) == v.
            if (LogScale)
            {
                var lo = Math.Log(Lower - 0.5 > 0 ? Lower - 0.5 : Lower);
                var hi = Math.Log(Upper + 0.5);
                return Math.Clamp((Math.Log(value) - lo) / (hi - lo), 0.0, 1.0);
            }

            return (value - Lower + 0.5) / (Upper - Lower + 1.0);
        }

        if (Upper <= Lower)
        {
            return 0.5;
        }

        return LogScale
            ? (Math.Log(value) - Math.Log(Lower)) / (Math.Log(Upper) - Math.Log(Lower))
            : (value - Lower) / (Upper - Lower);
    }

    /// <summary>
    /// Maps u in [0, 1] to a valid value: continuous values by the (log-)affine map, integers
    /// by rounding the (log-)affine map with every integer reachable, categories by equal bins.
    /// </summary>
    public double FromUnit(double u)
    {
        u = Math.Clamp(double.IsNaN(u) ? 0.5 : u, 0.0, 1.0);
        switch (Kind)
        {
            case ParameterKind.Categorical:
                return Math.Min(ChoiceCount - 1, (int)Math.Floor(u * ChoiceCount));
            case ParameterKind.Integer:
                if (LogScale)
                {
                    var lo = Math.Log(Lower - 0.5 > 0 ? Lower - 0.5 : Lower);
                    var hi = Math.Log(Upper + 0.5);
                    return Math.Clamp(Math.Round(Math.Exp(lo + u * (hi - lo))), Lower, Upper);
                }

                return Math.Clamp(Math.Floor(Lower + u * (Upper - Lower + 1.0)), Lower, Upper);
            default:
                if (LogScale)
                {
                    return Math.Clamp(Math.Exp(Math.Log(Lower) + u * (Math.Log(Upper) - Math.Log(Lower))), Lower, Upper);
                }

                return Lower + u * (Upper - Lower);
        }
    }

    /// <summary>Clamps a value into the bounds and rounds integers / category indices.</summary>
    public double Snap(double value)
    {
        if (double.IsNaN(value))
        {
            value = Lower;
        }

        return Kind == ParameterKind.Continuous
            ? Math.Clamp(value, Lower, Upper)
            : Math.Clamp(Math.Round(value), Lower, Upper);
    }
}
