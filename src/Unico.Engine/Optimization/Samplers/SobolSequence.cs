namespace Unico.Engine.Optimization;

/// <summary>
/// The Sobol low-discrepancy sequence in base 2 with the Joe and Kuo (2008) direction numbers
/// ("new-joe-kuo-6", search criterion D(6)) for up to <see cref="MaxDimension"/> dimensions,
/// generated in Gray-code order with 32-bit precision. Unscrambled, point 0 is the origin and
/// points 1.. are (0.5, ...), (0.75, 0.25, ...), as in the standard tables. Optionally
/// scrambled by a random linear matrix scramble plus a digital shift (both seeded), which
/// keeps the net properties and makes point 0 random.
/// </summary>
public sealed class SobolSequence
{
    // Joe-Kuo table rows for dimensions 2..: degree s, coefficient code a, initial m_1..m_s.
    private static readonly string[] JoeKuo =
    [
        "1 0 1", "2 1 1 3", "3 1 1 3 1", "3 2 1 1 1", "4 1 1 1 3 3", "4 4 1 3 5 13",
        "5 2 1 1 5 5 17", "5 4 1 1 5 5 5", "5 7 1 1 7 11 19", "5 11 1 1 5 1 1", "5 13 1 1 1 3 11",
        "5 14 1 3 5 5 31", "6 1 1 3 3 9 7 49", "6 13 1 1 1 15 21 21", "6 16 1 3 1 13 27 49",
        "6 19 1 1 1 15 7 5", "6 22 1 3 1 15 13 25", "6 25 1 1 5 5 19 61", "7 1 1 3 7 11 23 15 103",
        "7 4 1 3 7 13 13 15 69", "7 7 1 1 3 13 7 35 63", "7 8 1 3 5 9 1 25 53", "7 14 1 3 1 13 9 35 107",
        "7 19 1 3 1 5 27 61 31", "7 21 1 1 5 11 19 41 61", "7 28 1 3 5 3 3 13 69", "7 31 1 1 7 13 1 19 1",
        "7 32 1 3 7 5 13 19 59", "7 37 1 1 3 9 25 29 41", "7 41 1 3 5 13 23 1 55", "7 42 1 3 7 3 13 59 17",
        "7 50 1 3 1 3 5 53 69", "7 55 1 1 5 5 23 33 13", "7 56 1 1 7 7 1 61 123", "7 59 1 1 7 9 13 61 49",
        "7 62 1 3 3 5 3 55 33", "8 14 1 3 1 15 31 13 49 245", "8 21 1 3 5 15 31 59 63 97",
        "8 22 1 3 1 11 11 11 77 249", "8 38 1 3 1 11 27 43 71 9", "8 47 1 1 7 15 21 11 81 45",
        "8 49 1 3 7 3 25 31 65 79", "8 50 1 3 1 1 19 11 3 205", "8 52 1 1 5 9 19 21 29 157",
        "8 56 1 3 7 11 1 33 89 185", "8 67 1 3 3 3 15 9 79 71", "8 70 1 3 7 11 15 39 119 27",
        "8 84 1 1 3 1 11 31 97 225", "8 97 1 1 1 3 23 43 57 177", "8 103 1 3 7 7 17 17 37 71",
        "8 115 1 3 1 5 27 63 123 213", "8 122 1 1 3 5 11 43 53 133",
    ];

    private const int Bits = 32;
    private readonly uint[][] _directions;
    private readonly uint[] _state;
    private readonly uint[] _shift;

    /// <summary>Number of dimensions this implementation carries direction numbers for.</summary>
    public static int MaxDimension => JoeKuo.Length + 1;

    /// <summary>Creates a sequence of the given dimension, optionally scrambled with a seed.</summary>
    public SobolSequence(int dimension, bool scramble = false, ulong seed = 0)
    {
        if (dimension < 1 || dimension > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), $"Sobol dimension must be in 1..{MaxDimension}.");
        }

        Dimension = dimension;
        _directions = new uint[dimension][];
        for (var d = 0; d < dimension; d++)
        {
            _directions[d] = DirectionNumbers(d);
        }

        _shift = new uint[dimension];
        if (scramble)
        {
            var rng = new Prng(Prng.Derive(seed, 0x50B0_1UL));
            for (var d = 0; d < dimension; d++)
            {
                LinearScramble(_directions[d], rng);
                _shift[d] = (uint)(rng.NextUInt64() >> 32);
            }
        }

        _state = new uint[dimension];
        Array.Copy(_shift, _state, dimension);
    }

    /// <summary>Number of coordinates of each point.</summary>
    public int Dimension { get; }

    /// <summary>Index of the next point to be returned.</summary>
    public long Index { get; private set; }

    /// <summary>Writes the next point (in [0, 1)^d) into <paramref name="point"/>.</summary>
    public void Next(Span<double> point)
    {
        const double scale = 1.0 / 4294967296.0;
        for (var d = 0; d < Dimension; d++)
        {
            point[d] = _state[d] * scale;
        }

        // Gray-code update: flip the direction number of the lowest zero bit of the index.
        var c = System.Numerics.BitOperations.TrailingZeroCount(~(ulong)Index);
        if (c >= Bits)
        {
            throw new InvalidOperationException("The 32-bit Sobol sequence is exhausted (2^32 points).");
        }

        for (var d = 0; d < Dimension; d++)
        {
            _state[d] ^= _directions[d][c];
        }

        Index++;
    }

    /// <summary>Returns the next point as a new array.</summary>
    public double[] Next()
    {
        var p = new double[Dimension];
        Next(p);
        return p;
    }

    /// <summary>Returns the next <paramref name="count"/> points.</summary>
    public double[][] Take(int count)
    {
        var result = new double[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = Next();
        }

        return result;
    }

    private static uint[] DirectionNumbers(int dim)
    {
        var v = new uint[Bits];
        if (dim == 0)
        {
            for (var k = 0; k < Bits; k++)
            {
                v[k] = 1u << (Bits - 1 - k);
            }

            return v;
        }

        var parts = JoeKuo[dim - 1].Split(' ');
        var s = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var a = uint.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        for (var k = 0; k < Bits; k++)
        {
            if (k < s)
            {
                v[k] = uint.Parse(parts[2 + k], System.Globalization.CultureInfo.InvariantCulture) << (Bits - 1 - k);
                continue;
            }

            // Bratley-Fox recurrence: v_k = v_{k-s} ^ (v_{k-s} >> s) ^ sum_i a_i v_{k-i}.
            var x = v[k - s] ^ (v[k - s] >> s);
            for (var i = 1; i < s; i++)
            {
                if (((a >> (s - 1 - i)) & 1u) != 0)
                {
                    x ^= v[k - i];
                }
            }

            v[k] = x;
        }

        return v;
    }

    /// <summary>
    /// Linear matrix scramble: multiplies every direction number (as a vector of binary digits,
    /// most significant first) by a random lower-triangular binary matrix with unit diagonal.
    /// </summary>
    private static void LinearScramble(uint[] v, Prng rng)
    {
        var rows = new uint[Bits];
        for (var t = 0; t < Bits; t++)
        {
            // Digit t (0 = most significant) is bit (31 - t); the row keeps digits 0..t-1 at random.
            var diag = 1u << (Bits - 1 - t);
            var above = t == 0 ? 0u : ~((diag << 1) - 1u);
            rows[t] = ((uint)(rng.NextUInt64() >> 32) & above) | diag;
        }

        for (var k = 0; k < Bits; k++)
        {
            uint result = 0;
            for (var t = 0; t < Bits; t++)
            {
                if ((System.Numerics.BitOperations.PopCount(rows[t] & v[k]) & 1) != 0)
                {
                    result |= 1u << (Bits - 1 - t);
                }
            }

            v[k] = result;
        }
    }
}
