using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace Unico.Engine.Hardware;

/// <summary>How a parameter's values are given in a design space.</summary>
public enum DomainKind
{
    /// <summary>One value (<c>"word_bits": 8</c>).</summary>
    Fixed,

    /// <summary>Integers <c>min, min + step, ...</c> up to <c>max</c>.</summary>
    IntegerRange,

    /// <summary>Powers of two from <c>min</c> to <c>max</c>.</summary>
    PowerOfTwo,

    /// <summary>A listed set of integers, ascending.</summary>
    IntegerSet,

    /// <summary>A listed set of names.</summary>
    Categorical,
}

/// <summary>
/// The values a parameter may take in a space, in a fixed order; a value is encoded for search
/// as its index in that order.
/// </summary>
public sealed record ParameterDomain
{
    private ParameterDomain(DomainKind kind, long min, long max, long step, ImmutableArray<ParameterValue> listed)
    {
        Kind = kind;
        Min = min;
        Max = max;
        Step = step;
        Listed = listed;
    }

    /// <summary>How the values are given.</summary>
    public DomainKind Kind { get; }

    /// <summary>Smallest value of a range (or power-of-two range).</summary>
    public long Min { get; }

    /// <summary>Largest value of a range (for a stepped range, the last value actually reached).</summary>
    public long Max { get; }

    /// <summary>Step of a range.</summary>
    public long Step { get; }

    /// <summary>The values of a fixed, set or categorical domain, in order.</summary>
    public ImmutableArray<ParameterValue> Listed { get; }

    /// <summary>True when the values are names.</summary>
    public bool IsCategorical => Kind == DomainKind.Categorical || (Kind == DomainKind.Fixed && Listed[0].IsText);

    /// <summary>One value.</summary>
    public static ParameterDomain Fixed(ParameterValue value) => new(DomainKind.Fixed, 0, 0, 1, [value]);

    /// <summary>Integers from <paramref name="min"/> to <paramref name="max"/> by <paramref name="step"/>.</summary>
    public static ParameterDomain Range(long min, long max, long step = 1)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "step must be positive");
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "max must not be below min");
        return new(DomainKind.IntegerRange, min, min + (max - min) / step * step, step, []);
    }

    /// <summary>Powers of two from <paramref name="min"/> to <paramref name="max"/> (both powers of two).</summary>
    public static ParameterDomain PowerOfTwo(long min, long max)
    {
        if (min <= 0 || !BitOperations.IsPow2(min)) throw new ArgumentOutOfRangeException(nameof(min), min, "min must be a power of two");
        if (max < min || !BitOperations.IsPow2(max)) throw new ArgumentOutOfRangeException(nameof(max), max, "max must be a power of two not below min");
        return new(DomainKind.PowerOfTwo, min, max, 2, []);
    }

    /// <summary>A set of integers (sorted ascending, duplicates rejected).</summary>
    public static ParameterDomain Set(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("a set needs at least one value", nameof(values));
        if (sorted.Distinct().Count() != sorted.Count) throw new ArgumentException("a set lists a value twice", nameof(values));
        return new(DomainKind.IntegerSet, sorted[0], sorted[^1], 1, [.. sorted.Select(ParameterValue.Of)]);
    }

    /// <summary>A set of names, in the given order.</summary>
    public static ParameterDomain Categories(IEnumerable<string> choices)
    {
        var list = choices.ToList();
        if (list.Count == 0) throw new ArgumentException("a category list needs at least one name", nameof(choices));
        if (list.Distinct(StringComparer.Ordinal).Count() != list.Count) throw new ArgumentException("a category is listed twice", nameof(choices));
        return new(DomainKind.Categorical, 0, 0, 1, [.. list.Select(ParameterValue.Of)]);
    }

    /// <summary>Number of values.</summary>
    public long Count => Kind switch
    {
        DomainKind.IntegerRange => (Max - Min) / Step + 1,
        DomainKind.PowerOfTwo => BitOperations.Log2((ulong)Max) - BitOperations.Log2((ulong)Min) + 1,
        _ => Listed.Length,
    };

    /// <summary>The value at an index (0 to <see cref="Count"/> - 1).</summary>
    public ParameterValue ValueAt(long index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be below {Count}");
        return Kind switch
        {
            DomainKind.IntegerRange => ParameterValue.Of(Min + index * Step),
            DomainKind.PowerOfTwo => ParameterValue.Of(Min << (int)index),
            _ => Listed[(int)index],
        };
    }

    /// <summary>The index of a value, or -1 when the domain does not contain it.</summary>
    public long IndexOf(ParameterValue value)
    {
        switch (Kind)
        {
            case DomainKind.IntegerRange:
                if (value.IsText || value.Number < Min || value.Number > Max || (value.Number - Min) % Step != 0) return -1;
                return (value.Number - Min) / Step;
            case DomainKind.PowerOfTwo:
                if (value.IsText || value.Number < Min || value.Number > Max || !BitOperations.IsPow2(value.Number)) return -1;
                return BitOperations.Log2((ulong)value.Number) - BitOperations.Log2((ulong)Min);
            default:
                return Listed.IndexOf(value);
        }
    }

    /// <summary>True when <paramref name="value"/> is one of the domain's values.</summary>
    public bool Contains(ParameterValue value) => IndexOf(value) >= 0;

    /// <summary>Every value, in order.</summary>
    public IEnumerable<ParameterValue> Values()
    {
        for (long i = 0; i < Count; i++) yield return ValueAt(i);
    }

    /// <summary>Value equality (the listed values compared element by element).</summary>
    public bool Equals(ParameterDomain? other) =>
        other is not null && Kind == other.Kind && Min == other.Min && Max == other.Max && Step == other.Step
        && Listed.AsSpan().SequenceEqual(other.Listed.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.Add(Min);
        hash.Add(Max);
        hash.Add(Step);
        foreach (var v in Listed) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <summary>A short human-readable form, e.g. <c>8..32 step 2</c> or <c>{LPDDR4, HBM2}</c>.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        return Kind switch
        {
            DomainKind.Fixed => Listed[0].ToString(),
            DomainKind.IntegerRange => Step == 1 ? string.Create(c, $"{Min}..{Max}") : string.Create(c, $"{Min}..{Max} step {Step}"),
            DomainKind.PowerOfTwo => string.Create(c, $"powers of two {Min}..{Max}"),
            _ => "{" + string.Join(", ", Listed) + "}",
        };
    }
}

/// <summary>A parameter of a design space: its name and the values it may take.</summary>
/// <param name="Name">Template parameter name.</param>
/// <param name="Domain">Its values.</param>
public sealed record DesignParameter(string Name, ParameterDomain Domain)
{
    /// <summary>True when the parameter has more than one value (it is searched).</summary>
    public bool IsFree => Domain.Count > 1;
}

/// <summary>How the search sees a free parameter.</summary>
public enum SearchKind
{
    /// <summary>Ordered values: every integer between the bounds decodes to a value (ranges, powers of two, integer sets).</summary>
    Ordinal,

    /// <summary>Unordered names: the index of a choice.</summary>
    Categorical,
}

/// <summary>
/// One coordinate of the search vector <see cref="DesignSpace.Encode"/> produces: the index of
/// the parameter's value in its domain.
/// </summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Kind">Ordinal (ordered integers) or categorical.</param>
/// <param name="Lower">Smallest coordinate (0).</param>
/// <param name="Upper">Largest coordinate (values - 1).</param>
/// <param name="Choices">The values the coordinates stand for, as text, in order.</param>
public sealed record SearchDimension(string Name, SearchKind Kind, double Lower, double Upper, ImmutableArray<string> Choices)
{
    /// <summary>Value equality (choices compared element by element).</summary>
    public bool Equals(SearchDimension? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Lower.Equals(other.Lower) && Upper.Equals(other.Upper)
        && Choices.AsSpan().SequenceEqual(other.Choices.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Kind, Lower, Upper, Choices.Length);
}

/// <summary>Limits a design must respect; null means no limit.</summary>
/// <param name="MaxAreaMm2">Area cap, mm^2 (storage and MACs, as <see cref="CostModel.Architecture.AreaUm2"/>).</param>
/// <param name="MaxPes">Most PEs (rows x columns).</param>
/// <param name="MaxMacs">Most MAC units.</param>
public sealed record SpaceConstraints(double? MaxAreaMm2 = null, long? MaxPes = null, long? MaxMacs = null)
{
    /// <summary>No limits.</summary>
    public static SpaceConstraints None { get; } = new();
}
