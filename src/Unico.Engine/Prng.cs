namespace Unico.Engine;

/// <summary>
/// A small deterministic pseudo-random generator (xoshiro256** seeded through SplitMix64).
/// Used instead of <see cref="System.Random"/> so that every stream is reproducible from a
/// 64-bit seed and independent streams can be derived with <see cref="Derive"/>.
/// </summary>
public sealed class Prng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator from a seed; equal seeds give equal streams.</summary>
    public Prng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Mixes a seed with a stream label into a new, well-scattered seed.</summary>
    public static ulong Derive(ulong seed, ulong label)
    {
        var x = seed ^ (label * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        SplitMix(ref x);
        return SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)((NextUInt64() >> 32) * (ulong)n >> 32);
    }

    /// <summary>Standard normal variate (Marsaglia's polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        var f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>The generator's whole state, to continue the stream elsewhere (<see cref="Restore"/>).</summary>
    public PrngState State => new(_s0, _s1, _s2, _s3, _spareGaussian, _hasSpare);

    /// <summary>Continues the stream from a state taken with <see cref="State"/>.</summary>
    public void Restore(PrngState state)
    {
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _spareGaussian = state.SpareGaussian;
        _hasSpare = state.HasSpare;
    }

    /// <summary>Fisher-Yates shuffle of a span in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>A <see cref="Prng"/>'s state: the four xoshiro words and the spare Gaussian variate.</summary>
/// <param name="S0">Word 0.</param>
/// <param name="S1">Word 1.</param>
/// <param name="S2">Word 2.</param>
/// <param name="S3">Word 3.</param>
/// <param name="SpareGaussian">The second variate of the last polar-method pair.</param>
/// <param name="HasSpare">True when <paramref name="SpareGaussian"/> is unused.</param>
public readonly record struct PrngState(ulong S0, ulong S1, ulong S2, ulong S3, double SpareGaussian, bool HasSpare);
