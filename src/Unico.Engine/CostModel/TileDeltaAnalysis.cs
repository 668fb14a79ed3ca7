namespace Unico.Engine.CostModel;

/// <summary>
/// Counts the words a buffer must receive (fills) as the loops above it walk its tile through a
/// tensor, the way Timeloop's nest analysis counts them:
/// <list type="bullet">
/// <item>Like Timeloop, each loop runs its first iteration and one representative later
/// iteration, whose cost is scaled by the remaining count (temporal extrapolation). The tile's
/// move into the representative iteration of loop i is therefore t_i minus the moves of the
/// inner loops, which return from their representative iteration to their first.</item>
/// <item>A move costs the words not already held (the delta) only while the tile keeps moving
/// by the same translation: the first move after a reset is counted as a delta and sets the
/// reference translation; a move by any other translation (standing still included) refetches
/// the whole tile and clears the reference.</item>
/// <item>Optionally, link transfers between neighbouring spatial instances: when two consecutive
/// deltas have the same shape (both whole tiles, or both slabs of the same move), an instance
/// whose neighbour held its delta one step earlier gets it from that neighbour. The caller says,
/// per loop, how many instances that serves and how many parent reads it saves.</item>
/// </list>
/// Closed form: a memoized recursion over (loop, state), O(loops^2) states, no allocation.
/// </summary>
internal static class TileDeltaAnalysis
{
    internal const int MaxLoops = 64;
    internal const int MaxAxes = 8;

    private const int Full = 0;
    private const int Slab = 1;
    private const int Empty = 2;

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
        var steps = scratch.Steps.AsSpan(0, translations.Length);
        StepTranslations(translations, extents.Length, steps, scratch.Carried);
        return Walk(steps, factors, extents, tileSize, default, default, scratch, out _, out _);
    }

    /// <summary>
    /// The tile's move into the representative iteration of each loop: its own translation minus
    /// the translations of the inner loops (which return to their first iteration).
    /// </summary>
    /// <param name="translations">Per loop (innermost first), the translation per axis when it advances by one.</param>
    /// <param name="axes">Tensor axes.</param>
    /// <param name="steps">Receives the moves, in the same layout.</param>
    /// <param name="carried">At least <paramref name="axes"/> values of working memory.</param>
    public static void StepTranslations(ReadOnlySpan<long> translations, int axes, Span<long> steps, Span<long> carried)
    {
        carried = carried[..axes];
        carried.Clear();
        var loops = translations.Length / axes;
        for (var i = 0; i < loops; i++)
        {
            var b = i * axes;
            for (var a = 0; a < axes; a++)
            {
                var t = translations[b + a];
                steps[b + a] = t - carried[a];
                carried[a] += t;
            }
        }
    }

    /// <summary>
    /// <see cref="Fills"/> from the moves <see cref="StepTranslations"/> gives, and the link
    /// transfers of the walk: <paramref name="linkWords"/> words served by neighbours and
    /// <paramref name="savedWords"/> parent reads they save, when <paramref name="linkInstances"/>
    /// (per loop, the instances a neighbour serves when that loop's step carries a repeated delta)
    /// and <paramref name="linkSaved"/> (per loop, the distinct parent reads saved per word) are
    /// given; empty spans mean no link transfers.
    /// </summary>
    public static long Walk(ReadOnlySpan<long> steps, ReadOnlySpan<long> factors, ReadOnlySpan<long> extents, long tileSize,
        ReadOnlySpan<long> linkInstances, ReadOnlySpan<long> linkSaved, Scratch scratch, out long linkWords, out long savedWords)
    {
        linkWords = 0;
        savedWords = 0;
        var loops = factors.Length;
        if (loops == 0) return tileSize;
        var axes = extents.Length;
        if (loops > MaxLoops || axes > MaxAxes) throw new ArgumentOutOfRangeException(nameof(factors), "too many loops or tensor axes");

        // Per loop: the id of its move (equal moves share an id), whether it stands still, and the
        // words it costs as a delta.
        var id = scratch.Id;
        var delta = scratch.Delta;
        var still = scratch.Still;
        var hash = scratch.Hash;
        for (var i = 0; i < loops; i++)
        {
            var b = i * axes;
            long overlap = 1;
            ulong h = 0;
            for (var a = 0; a < axes; a++)
            {
                var d = steps[b + a];
                h = (h ^ (ulong)d) * 0x9E3779B97F4A7C15UL;
                overlap *= Math.Max(0, extents[a] - Math.Abs(d));
            }
            hash[i] = h;
            var moved = overlap != tileSize;
            still[i] = !moved;
            delta[i] = moved ? tileSize - overlap : 0;
            id[i] = i;
            for (var j = 0; j < i; j++)
            {
                if (hash[j] != h || !steps.Slice(b, axes).SequenceEqual(steps.Slice(j * axes, axes))) continue;
                id[i] = id[j];
                break;
            }
        }

        scratch.NextGeneration();
        if (linkInstances.IsEmpty) return tileSize + new PlainSweep(id, delta, factors, tileSize, loops + 1, scratch).Run(loops, 0, out _);
        var sweep = new Sweep(id, delta, still, factors, linkInstances, linkSaved, tileSize, (loops + 1) * 3, scratch);
        var (fills, links, saved) = sweep.Run(loops, Full, out _);
        linkWords = links;
        savedWords = saved;
        return tileSize + fills;
    }

    // The walk without link transfers: the state is only the reference move's id + 1 (0 = none).
    private readonly ref struct PlainSweep
    {
        private readonly ReadOnlySpan<int> _id;
        private readonly ReadOnlySpan<long> _delta;
        private readonly ReadOnlySpan<long> _factors;
        private readonly long _full;
        private readonly int _states;
        private readonly Scratch _scratch;

        public PlainSweep(ReadOnlySpan<int> id, ReadOnlySpan<long> delta, ReadOnlySpan<long> factors, long full, int states, Scratch scratch)
        {
            _id = id;
            _delta = delta;
            _factors = factors;
            _full = full;
            _states = states;
            _scratch = scratch;
        }

        public long Run(int count, int state, out int end)
        {
            if (count == 0)
            {
                end = state;
                return 0;
            }
            var key = (count - 1) * _states + state;
            var s = _scratch;
            if (s.MemoGeneration[key] == s.Generation)
            {
                end = s.MemoEnd[key];
                return s.MemoFills[key];
            }
            var before = Run(count - 1, state, out var s1);
            var loop = count - 1;
            var id = _id[loop];
            long step;
            int s2;
            if (s1 == 0 || s1 == id + 1)
            {
                step = _delta[loop];
                s2 = id + 1;
            }
            else
            {
                step = _full;
                s2 = 0;
            }
            var after = Run(count - 1, s2, out var s3);
            var total = before + (_factors[loop] - 1) * (step + after);
            s.MemoFills[key] = total;
            s.MemoEnd[key] = s3;
            s.MemoGeneration[key] = s.Generation;
            end = s3;
            return total;
        }
    }

    /// <summary>Working memory for <see cref="Walk"/>, reused across calls (one per thread).</summary>
    internal sealed class Scratch
    {
        private const int States = (MaxLoops + 1) * 3;
        internal long[] Steps { get; } = new long[MaxLoops * MaxAxes];
        internal long[] Carried { get; } = new long[MaxAxes];
        internal int[] Id { get; } = new int[MaxLoops];
        internal ulong[] Hash { get; } = new ulong[MaxLoops];
        internal long[] Delta { get; } = new long[MaxLoops];
        internal bool[] Still { get; } = new bool[MaxLoops];
        internal long[] MemoFills { get; } = new long[MaxLoops * States];
        internal long[] MemoLinks { get; } = new long[MaxLoops * States];
        internal long[] MemoSaved { get; } = new long[MaxLoops * States];
        internal int[] MemoEnd { get; } = new int[MaxLoops * States];
        internal int[] MemoGeneration { get; } = new int[MaxLoops * States];
        internal int Generation { get; private set; }

        // A memo entry is current when it carries the walk's generation; before the counter
        // wraps around to values old entries still carry, every entry is forgotten.
        internal void NextGeneration()
        {
            if (Generation == int.MaxValue)
            {
                Array.Clear(MemoGeneration);
                Generation = 0;
            }
            Generation++;
        }

        /// <summary>The calling thread's scratch: walks never nest, so every model on a thread can share one (it is 400 KB).</summary>
        internal static Scratch ForThread => t_scratch ??= new Scratch();

        [ThreadStatic]
        private static Scratch? t_scratch;
    }

    // State: the reference translation's id + 1 (0 = none) times 3, plus the previous delta's form.
    private readonly ref struct Sweep
    {
        private readonly ReadOnlySpan<int> _id;
        private readonly ReadOnlySpan<long> _delta;
        private readonly ReadOnlySpan<bool> _still;
        private readonly ReadOnlySpan<long> _factors;
        private readonly ReadOnlySpan<long> _linkInstances;
        private readonly ReadOnlySpan<long> _linkSaved;
        private readonly long _full;
        private readonly int _states;
        private readonly Scratch _scratch;

        public Sweep(ReadOnlySpan<int> id, ReadOnlySpan<long> delta, ReadOnlySpan<bool> still, ReadOnlySpan<long> factors,
            ReadOnlySpan<long> linkInstances, ReadOnlySpan<long> linkSaved, long full, int states, Scratch scratch)
        {
            _id = id;
            _delta = delta;
            _still = still;
            _factors = factors;
            _linkInstances = linkInstances;
            _linkSaved = linkSaved;
            _full = full;
            _states = states;
            _scratch = scratch;
        }

        // Words over every configuration of loops [0, count) after the first one, entered in `state`;
        // `end` is the state after the last configuration.
        public (long Fills, long Links, long Saved) Run(int count, int state, out int end)
        {
            if (count == 0)
            {
                end = state;
                return (0, 0, 0);
            }
            var key = (count - 1) * _states + state;
            var s = _scratch;
            if (s.MemoGeneration[key] == s.Generation)
            {
                end = s.MemoEnd[key];
                return (s.MemoFills[key], s.MemoLinks[key], s.MemoSaved[key]);
            }
            var before = Run(count - 1, state, out var s1);
            var step = Step(count - 1, s1, out var s2);
            var after = Run(count - 1, s2, out var s3);
            var repeat = _factors[count - 1] - 1;
            var fills = before.Fills + repeat * (step.Fills + after.Fills);
            var links = before.Links + repeat * (step.Links + after.Links);
            var saved = before.Saved + repeat * (step.Saved + after.Saved);
            s.MemoFills[key] = fills;
            s.MemoLinks[key] = links;
            s.MemoSaved[key] = saved;
            s.MemoEnd[key] = s3;
            s.MemoGeneration[key] = s.Generation;
            end = s3;
            return (fills, links, saved);
        }

        private (long Fills, long Links, long Saved) Step(int loop, int state, out int next)
        {
            var reference = state / 3 - 1;
            var previousForm = state % 3;
            var id = _id[loop];
            long words;
            int form;
            if (reference < 0 || reference == id)
            {
                words = _delta[loop];
                form = _still[loop] ? Empty : words == _full ? Full : Slab;
                next = (id + 1) * 3 + form;
            }
            else
            {
                words = _full;
                form = Full;
                next = Full;
            }
            if (form == Empty || form != previousForm || _linkInstances.IsEmpty || _linkInstances[loop] == 0) return (words, 0, 0);
            return (words, _linkInstances[loop] * words, _linkSaved[loop] * words);
        }
    }
}
