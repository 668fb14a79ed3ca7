namespace Unico.Engine.CostModel;

/// <summary>
/// Counts the words a buffer must receive (fills) as the loops above it walk its tile through a
/// tensor, the way Timeloop's nest analysis counts them:
/// <list type="bullet">
/// <item>Each change of the tile costs the words not already held (the delta). A tile that slides
/// along one tensor axis keeps the overlap (sliding-window, halo reuse).</item>
/// <item>Overlap is kept only while the tile keeps moving the same way: a step in another
/// direction, a step along several axes, or a move after the tile sat still (only loops
/// irrelevant to the tensor advanced) refetches the whole tile.</item>
/// <item>Like Timeloop, each loop runs its first iteration and one representative later
/// iteration, whose cost is scaled by the remaining count (temporal extrapolation).</item>
/// </list>
/// Closed form: O(loops x states) per call, no allocation.
/// </summary>
internal static class TileDeltaAnalysis
{
    internal const int MaxLoops = 64;
    internal const int MaxAxes = 8;

    private const byte Unknown = 0;
    private const byte Still = 1;

    private const byte KindStill = 0;
    private const byte KindSlide = 1;
    private const byte KindJump = 2;

    /// <summary>
    /// Total words filled into one instance of the buffer over the whole nest, including the first
    /// full tile.
    /// </summary>
    /// <param name="translations">Per non-unit loop above the buffer (innermost first), the tile's
    /// translation per tensor axis when that loop advances by one; <c>loops x axes</c> values.</param>
    /// <param name="factors">Per loop, its trip count (greater than 1).</param>
    /// <param name="extents">Tile extent per tensor axis.</param>
    /// <param name="tileSize">Product of the extents.</param>
    /// <param name="scratch">Reusable working memory.</param>
    public static long Fills(ReadOnlySpan<long> translations, ReadOnlySpan<long> factors, ReadOnlySpan<long> extents, long tileSize, Scratch scratch)
    {
        var loops = factors.Length;
        if (loops == 0) return tileSize;
        var axes = extents.Length;
        if (loops > MaxLoops || axes > MaxAxes) throw new ArgumentOutOfRangeException(nameof(factors), "too many loops or tensor axes");

        var kind = scratch.Kind.AsSpan(0, loops);
        var direction = scratch.Direction.AsSpan(0, loops);
        var slab = scratch.Slab.AsSpan(0, loops);
        var carried = scratch.Carried.AsSpan(0, axes);
        carried.Clear();

        // The step into a configuration where loop i advanced: loop i moves by t_i while every
        // inner loop returns from its representative iteration to its first (minus t_h each).
        for (var i = 0; i < loops; i++)
        {
            var moved = 0;
            var movedAxis = -1;
            long movedBy = 0;
            for (var a = 0; a < axes; a++)
            {
                var t = translations[i * axes + a];
                var step = t - carried[a];
                carried[a] += t;
                if (step != 0)
                {
                    moved++;
                    movedAxis = a;
                    movedBy = step;
                }
            }
            if (moved == 0)
            {
                kind[i] = KindStill;
            }
            else if (moved == 1 && Math.Abs(movedBy) < extents[movedAxis])
            {
                kind[i] = KindSlide;
                direction[i] = (byte)(2 + 2 * movedAxis + (movedBy < 0 ? 1 : 0));
                // The slab: the tile's cross-section across the moved axis, |step| deep.
                var cross = Math.Abs(movedBy);
                for (var a = 0; a < axes; a++)
                {
                    if (a != movedAxis) cross *= extents[a];
                }
                slab[i] = cross;
            }
            else
            {
                kind[i] = KindJump;
            }
        }

        var states = 2 + 2 * axes;
        var memoSum = scratch.MemoSum.AsSpan(0, loops * states);
        var memoEnd = scratch.MemoEnd.AsSpan(0, loops * states);
        var memoDone = scratch.MemoDone.AsSpan(0, loops * states);
        memoDone.Clear();
        var sweep = new Sweep(kind, direction, slab, factors, tileSize, states, memoSum, memoEnd, memoDone);
        var rest = sweep.Run(loops, Unknown, out _);
        return tileSize + rest;
    }

    /// <summary>Working memory for <see cref="Fills"/>, reused across calls (one per thread).</summary>
    internal sealed class Scratch
    {
        internal byte[] Kind { get; } = new byte[MaxLoops];
        internal byte[] Direction { get; } = new byte[MaxLoops];
        internal long[] Slab { get; } = new long[MaxLoops];
        internal long[] Carried { get; } = new long[MaxAxes];
        internal long[] MemoSum { get; } = new long[MaxLoops * (2 + 2 * MaxAxes)];
        internal byte[] MemoEnd { get; } = new byte[MaxLoops * (2 + 2 * MaxAxes)];
        internal bool[] MemoDone { get; } = new bool[MaxLoops * (2 + 2 * MaxAxes)];
    }

    private ref struct Sweep
    {
        private readonly ReadOnlySpan<byte> _kind;
        private readonly ReadOnlySpan<byte> _direction;
        private readonly ReadOnlySpan<long> _slab;
        private readonly ReadOnlySpan<long> _factors;
        private readonly long _full;
        private readonly int _states;
        private readonly Span<long> _memoSum;
        private readonly Span<byte> _memoEnd;
        private readonly Span<bool> _memoDone;

        public Sweep(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> direction, ReadOnlySpan<long> slab, ReadOnlySpan<long> factors,
            long full, int states, Span<long> memoSum, Span<byte> memoEnd, Span<bool> memoDone)
        {
            _kind = kind;
            _direction = direction;
            _slab = slab;
            _factors = factors;
            _full = full;
            _states = states;
            _memoSum = memoSum;
            _memoEnd = memoEnd;
            _memoDone = memoDone;
        }

        // Words filled over every configuration of loops [0, count) after the first one, entered
        // in `state`; `end` is the state after the last configuration.
        public long Run(int count, byte state, out byte end)
        {
            if (count == 0)
            {
                end = state;
                return 0;
            }
            var key = (count - 1) * _states + state;
            if (_memoDone[key])
            {
                end = _memoEnd[key];
                return _memoSum[key];
            }
            var before = Run(count - 1, state, out var s1);
            var delta = Step(count - 1, s1, out var s2);
            var after = Run(count - 1, s2, out var s3);
            var total = before + (_factors[count - 1] - 1) * (delta + after);
            _memoSum[key] = total;
            _memoEnd[key] = s3;
            _memoDone[key] = true;
            end = s3;
            return total;
        }

        private long Step(int loop, byte state, out byte next)
        {
            switch (_kind[loop])
            {
                case KindStill:
                    next = Still;
                    return 0;
                case KindSlide:
                    if (state == Unknown || state == _direction[loop])
                    {
                        next = _direction[loop];
                        return _slab[loop];
                    }
                    next = Unknown;
                    return _full;
                default:
                    next = Unknown;
                    return _full;
            }
        }
    }
}
