using Unico.Engine.CostModel;

namespace Unico.Engine.Tests.CostModel;

/// <summary>
/// A slow, literal re-enactment of how Timeloop counts accesses, used to check the fast
/// evaluator on mappings no oracle file covers. It walks the loop nest the way Timeloop's nest
/// analysis does (every loop runs its first iteration and one representative later one, scaled
/// by the remaining count), keeps the previous working set of every loop, subtracts it only while
/// the tile keeps moving by the same translation, simulates the first spatial element and
/// translates its deltas to the others, groups equal deltas (multicast), serves a delta from a
/// neighbouring element that held it one step earlier (link transfers) when that saves parent
/// accesses, and then folds loops into levels, masks bypassed levels and derives reads, fills
/// and updates per instance. Sets are lists of boxes, sliced as Timeloop slices them, because
/// link detection compares sets by their pieces.
/// </summary>
internal sealed class NestSimulation
{
    private readonly Problem _problem;
    private readonly Architecture _arch;
    private readonly MappingBuffer _m;
    private readonly int _dims;
    private readonly int _spaces;
    private readonly List<Loop> _loops = [];
    private readonly HashSet<int> _boundaries = [];
    private long[] _vstride = [];      // loops x dims
    private long[] _mold = [];         // loops x dims
    private bool[] _master = [];
    private int[] _logicalX = [];
    private int[] _logicalY = [];
    private long[] _spatialAbove = [];
    private readonly long[] _transform;
    private readonly Dictionary<(int Loop, string Stamp), State> _states = [];
    private readonly List<long> _stamp = [0];
    private double _epochs = 1;

    private sealed record Loop(int Dim, int End, bool Spatial, bool X, int Level);

    private sealed class State(int spaces)
    {
        public List<long[]>[] Last { get; } = [.. Enumerable.Range(0, spaces).Select(_ => new List<long[]>())];
        public long[]?[] LastTranslation { get; } = new long[]?[spaces];
        public Dictionary<long, double>[] Accesses { get; } = [.. Enumerable.Range(0, spaces).Select(_ => new Dictionary<long, double>())];
        public long[] MaxSize { get; } = new long[spaces];
        public double[] Links { get; } = new double[spaces];
        public Dictionary<long, List<long[]>[]>? PreviousSpatialDeltas { get; set; }
    }

    /// <summary>Per-instance counts of one tensor at one level, as Timeloop reports them.</summary>
    public sealed record Counts(double Reads, double Fills, double Updates, double Tile);

    private NestSimulation(Problem problem, Architecture architecture, MappingBuffer mapping)
    {
        _problem = problem;
        _arch = architecture;
        _m = mapping;
        _dims = problem.Shape.Dimensions.Length;
        _spaces = problem.Shape.DataSpaces.Length;
        _transform = new long[_dims];
    }

    /// <summary>Counts per (level, data space), outermost level first; null where a level does not keep the tensor.</summary>
    public static Counts?[,] Run(Problem problem, Architecture architecture, MappingBuffer mapping)
    {
        var sim = new NestSimulation(problem, architecture, mapping);
        sim.BuildNest();
        sim.ComputeDeltas(sim._loops.Count - 1);
        return sim.Collapse();
    }

    // Loops innermost first: per level (innermost level first) its spatial loops, then its
    // temporal loops; a level without a non-unit temporal loop gets a trivial one.
    private void BuildNest()
    {
        var levels = _arch.Levels.Length;
        for (var l = levels - 1; l >= 0; l--)
        {
            var b = l * _dims;
            var split = _m.SpatialSplit[l];
            for (var pos = 0; pos < _dims; pos++)
            {
                var x = _m.SpatialOrder[b + pos];
                if (_m.Spatial[b + x] > 1) _loops.Add(new Loop(x, _m.Spatial[b + x], true, pos < split, l));
            }
            var added = 0;
            for (var pos = 0; pos < _dims; pos++)
            {
                var x = _m.TemporalOrder[b + pos];
                if (_m.Temporal[b + x] > 1)
                {
                    _loops.Add(new Loop(x, _m.Temporal[b + x], false, false, l));
                    added++;
                }
            }
            if (added == 0) _loops.Add(new Loop(_dims - 1, 1, false, false, l));
            _boundaries.Add(_loops.Count - 1);
        }
        var n = _loops.Count;
        _vstride = new long[n * _dims];
        _mold = new long[n * _dims];
        var scale = Enumerable.Repeat(1L, _dims).ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var x = 0; x < _dims; x++) _vstride[i * _dims + x] = scale[x];
            scale[_loops[i].Dim] *= _loops[i].End;
            for (var x = 0; x < _dims; x++) _mold[i * _dims + x] = scale[x] - 1;
        }
        _master = new bool[n];
        _logicalX = new int[n];
        _logicalY = new int[n];
        _spatialAbove = new long[n];
        var previousSpatial = false;
        long product = 1;
        for (var i = n - 1; i >= 0; i--)
        {
            _spatialAbove[i] = product;
            var spatial = _loops[i].Spatial;
            _master[i] = spatial && !previousSpatial;
            previousSpatial = spatial;
            if (spatial) product *= _loops[i].End;
        }
        for (var i = 0; i < n; i++)
        {
            if (!_master[i]) continue;
            int fx = 1, fy = 1;
            for (var j = i; j >= 0 && _loops[j].Spatial && (j == i || !_master[j]); j--)
            {
                if (_loops[j].X) fx *= _loops[j].End;
                else fy *= _loops[j].End;
            }
            _logicalX[i] = fx;
            _logicalY[i] = fy;
        }
    }

    private State StateOf(int loop)
    {
        var key = (loop, string.Join("/", _stamp.Take(_stamp.Count - 1)));
        if (!_states.TryGetValue(key, out var state)) _states[key] = state = new State(_spaces);
        return state;
    }

    private List<long[]>[] WorkingSet(int loop)
    {
        var result = new List<long[]>[_spaces];
        for (var s = 0; s < _spaces; s++)
        {
            var axes = _problem.Shape.DataSpaces[s].Axes;
            var box = new long[2 * axes.Length];
            for (var a = 0; a < axes.Length; a++)
            {
                long lo = 0, hi = 0;
                foreach (var t in axes[a])
                {
                    lo += t.Coefficient * _transform[t.Dimension];
                    hi += t.Coefficient * (_transform[t.Dimension] + _mold[loop * _dims + t.Dimension]);
                }
                box[2 * a] = lo;
                box[2 * a + 1] = hi + 1;
            }
            result[s] = [box];
        }
        return result;
    }

    private List<long[]>[] ComputeDeltas(int i)
    {
        var boundary = _boundaries.Contains(i);
        if (boundary) _stamp.Add(0);
        var state = StateOf(i);
        if (_loops[i].Spatial) SpatialStep(i, state);
        else TemporalStep(i, state);
        var current = WorkingSet(i);
        if (boundary || _master[i])
        {
            for (var s = 0; s < _spaces; s++) state.MaxSize[s] = Math.Max(state.MaxSize[s], Size(current[s]));
        }
        var delta = new List<long[]>[_spaces];
        for (var s = 0; s < _spaces; s++)
        {
            var previous = state.Last[s];
            var translation = previous.Count > 0 ? Translation(previous, current[s]) : null;
            if (state.LastTranslation[s] is null)
            {
                delta[s] = Subtract(current[s], previous);
                state.LastTranslation[s] = translation;
            }
            else if (translation is not null && translation.SequenceEqual(state.LastTranslation[s]!))
            {
                delta[s] = Subtract(current[s], previous);
            }
            else
            {
                delta[s] = current[s];
                state.LastTranslation[s] = null;
            }
            state.Last[s] = current[s];
        }
        if (boundary) _stamp.RemoveAt(_stamp.Count - 1);
        return delta;
    }

    private void TemporalStep(int i, State state)
    {
        var loop = _loops[i];
        if (i == 0)
        {
            for (var s = 0; s < _spaces; s++) Add(state.Accesses[s], 1, loop.End * _epochs);
            return;
        }
        var deltas = new List<(List<long[]>[] Delta, double Scale)>();
        var saved = _transform[loop.Dim];
        deltas.Add((ComputeDeltas(i - 1), 1));
        _transform[loop.Dim] += _vstride[i * _dims + loop.Dim];
        if (loop.End >= 2)
        {
            var savedEpochs = _epochs;
            _epochs *= loop.End - 1;
            deltas.Add((ComputeDeltas(i - 1), loop.End - 1));
            _epochs = savedEpochs;
        }
        _transform[loop.Dim] = saved;
        if (!_boundaries.Contains(i - 1)) return;
        for (var s = 0; s < _spaces; s++)
            Add(state.Accesses[s], 1, deltas.Sum(d => Size(d.Delta[s]) * d.Scale) * _epochs);
    }

    private void SpatialStep(int i, State state)
    {
        var group = new List<int>();
        var j = i;
        while (j >= 0 && _loops[j].Spatial && (j == i || !_master[j])) group.Add(j--);
        var saved = (long[])_transform.Clone();
        _stamp[^1] = 0;
        var first = ComputeDeltas(j);
        Array.Copy(saved, _transform, _dims);

        // Every element's delta is the first element's, translated by the element's offset.
        var ends = group.Select(g => _loops[g].End).ToArray();
        var deltas = new Dictionary<long, List<long[]>[]>();
        var index = new int[group.Count];
        while (true)
        {
            long linear = 0;
            for (var g = 0; g < group.Count; g++) linear = linear * ends[g] + index[g];
            var translated = new List<long[]>[_spaces];
            for (var s = 0; s < _spaces; s++)
            {
                var axes = _problem.Shape.DataSpaces[s].Axes;
                var offset = new long[axes.Length];
                for (var a = 0; a < axes.Length; a++)
                {
                    foreach (var t in axes[a])
                    {
                        for (var g = 0; g < group.Count; g++)
                        {
                            var lp = _loops[group[g]];
                            if (lp.Dim == t.Dimension) offset[a] += t.Coefficient * _vstride[group[g] * _dims + lp.Dim] * index[g];
                        }
                    }
                }
                translated[s] = [.. first[s].Select(b => Translate(b, offset))];
            }
            deltas[linear] = translated;
            var d = group.Count - 1;
            for (; d >= 0; d--)
            {
                if (++index[d] < ends[d]) break;
                index[d] = 0;
            }
            if (d < 0) break;
        }

        var level = _loops[i].Level;
        var hs = Math.Max(_arch.Levels[level].FanoutX, _logicalX[i]);
        var vs = Math.Max(_arch.Levels[level].FanoutY, _logicalY[i]);
        var all = deltas.Keys.ToHashSet();
        var previous = state.PreviousSpatialDeltas;
        for (var s = 0; s < _spaces; s++)
        {
            var without = Multicast(deltas, all, s);
            var reused = new HashSet<long>();
            if (previous is not null)
            {
                void Compare(long cur, long prev)
                {
                    if (deltas.TryGetValue(cur, out var c) && previous.TryGetValue(prev, out var p) && Size(c[s]) > 0 && SameSet(c[s], p[s])) reused.Add(cur);
                }
                long Linear(long h, long v) => v * hs + h;
                if (vs > 1)
                {
                    for (long h = 0; h < hs; h++) for (long v = 1; v < vs; v++) Compare(Linear(h, v), Linear(h, v - 1));
                    for (long h = 0; h < hs; h++) for (long v = 0; v < vs - 1; v++) Compare(Linear(h, v), Linear(h, v + 1));
                }
                if (hs > 1)
                {
                    for (long v = 0; v < vs; v++) for (long h = 1; h < hs; h++) Compare(Linear(h, v), Linear(h - 1, v));
                    for (long v = 0; v < vs; v++) for (long h = 0; h < hs - 1; h++) Compare(Linear(h, v), Linear(h + 1, v));
                }
            }
            var with = Multicast(deltas, all.Except(reused).ToHashSet(), s);
            if (with.Values.Sum() < without.Values.Sum())
            {
                state.Links[s] += reused.Sum(e => Size(deltas[e][s])) * _epochs;
                foreach (var (k, v) in with) Add(state.Accesses[s], k, v);
            }
            else
            {
                foreach (var (k, v) in without) Add(state.Accesses[s], k, v);
            }
        }
        state.PreviousSpatialDeltas = deltas;
    }

    private Dictionary<long, double> Multicast(Dictionary<long, List<long[]>[]> deltas, HashSet<long> elements, int s)
    {
        var result = new Dictionary<long, double>();
        var keys = deltas.Keys.Where(elements.Contains).Order().ToList();
        var used = new HashSet<long>();
        foreach (var a in keys)
        {
            if (!used.Add(a)) continue;
            long matches = 1;
            foreach (var b in keys)
            {
                if (used.Contains(b) || !SameSet(deltas[a][s], deltas[b][s])) continue;
                used.Add(b);
                matches++;
            }
            var size = Size(deltas[a][s]);
            if (size > 0) Add(result, matches, size * _epochs);
        }
        return result;
    }

    private sealed class Tile
    {
        public double Size, Content, Links, Share, Partition, PartitionDenominator, PeerAccesses, PeerFills;
        public long Fanout = 1, Replication = 1;
        public Dictionary<long, double> Accesses = [];
    }

    private Counts?[,] Collapse()
    {
        var levels = _arch.Levels.Length;
        var result = new Counts?[levels, _spaces];
        for (var s = 0; s < _spaces; s++)
        {
            // One tile per level, innermost level first: size from its outermost loop, accesses
            // from its innermost (non-slave) loop.
            var tiles = new List<Tile>();
            var loopsOfLevel = new List<int>();
            for (var i = 0; i < _loops.Count; i++)
            {
                if (_loops[i].Spatial && !_master[i]) continue;
                loopsOfLevel.Add(i);
                if (!_boundaries.Contains(i)) continue;
                var inner = loopsOfLevel[0];
                var outer = loopsOfLevel[^1];
                var innerStates = States(inner);
                var tile = new Tile
                {
                    Size = States(outer).Average(st => (double)st.MaxSize[s]),
                    Accesses = Averaged(innerStates, s),
                    Links = innerStates.Average(st => st.Links[s]),
                    Fanout = _master[inner] ? (long)_logicalX[inner] * _logicalY[inner] : 1,
                    Replication = _spatialAbove[outer],
                };
                tile.Content = tile.Accesses.Values.Sum();
                if (tiles.Count > 0) tiles[^1].PartitionDenominator = _master[inner] ? States(inner).Average(st => (double)st.MaxSize[s]) : tiles[^1].Size;
                tiles.Add(tile);
                loopsOfLevel.Clear();
            }
            var n = tiles.Count;
            var partition = tiles[^1].Size;
            tiles[^1].Partition = partition;
            for (var c = n - 2; c >= 0; c--)
            {
                if (tiles[c].PartitionDenominator != 0) partition = partition * tiles[c].Size / tiles[c].PartitionDenominator;
                tiles[c].Partition = partition;
            }
            for (var c = 0; c < n - 1; c++)
            {
                var o = tiles[c + 1];
                tiles[c].Share = o.Accesses.Sum(kv => kv.Value * kv.Key) / o.Fanout;
            }
            bool Kept(int c) => !_arch.Levels[levels - 1 - c].IsSpatialDummy && _m.Keep[(levels - 1 - c) * _spaces + s];
            for (var c = 0; c < n; c++)
            {
                if (tiles[c].Size == 0 || Kept(c)) continue;
                var o = c + 1;
                while (o < n && tiles[o].Size == 0) o++;
                if (o == n)
                {
                    Clear(tiles[c]);
                    break;
                }
                var weighted = tiles[o].Accesses.Sum(kv => kv.Value * kv.Key);
                var factor = weighted == 0 ? 0 : tiles[c].Content * tiles[o].Fanout / weighted;
                tiles[o].Accesses = tiles[o].Accesses.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => kv.Value * factor);
                tiles[o].Links = 0;
                tiles[o].Content = tiles[o].Accesses.Values.Sum();
                Clear(tiles[c]);
            }
            for (var c = n - 1; c >= 0; c--)
            {
                if (!Kept(c))
                {
                    tiles[c] = new Tile { Replication = tiles[c].Replication };
                    continue;
                }
                tiles[c].Share = 0;
                break;
            }
            for (var c = n - 1; c > 0; c--)
            {
                if (tiles[c].Links == 0) continue;
                tiles[c - 1].PeerAccesses += tiles[c].Links / tiles[c - 1].Replication;
                tiles[c - 1].PeerFills += tiles[c].Links / tiles[c - 1].Replication;
            }
            var readWrite = _problem.Shape.DataSpaces[s].ReadWrite;
            for (var c = 0; c < n; c++)
            {
                var t = tiles[c];
                if (t.Size == 0) continue;
                var outermost = Enumerable.Range(c + 1, n - c - 1).All(q => tiles[q].Size == 0);
                Counts counts = readWrite
                    ? new(Math.Round(t.Content + t.PeerAccesses - t.Partition, MidpointRounding.AwayFromZero), Math.Round(t.Share + t.PeerFills - (outermost ? 0 : t.Partition), MidpointRounding.AwayFromZero), Math.Round(t.Content, MidpointRounding.AwayFromZero), t.Size)
                    : new(Math.Round(t.Content + t.PeerAccesses, MidpointRounding.AwayFromZero), Math.Floor(t.Share + t.PeerFills), 0, t.Size);
                result[levels - 1 - c, s] = counts;
            }
        }
        return result;
    }

    private static void Clear(Tile t)
    {
        t.Size = 0;
        t.Partition = 0;
        t.Content = 0;
        t.Share = 0;
    }

    private List<State> States(int loop) => [.. _states.Where(kv => kv.Key.Loop == loop).Select(kv => kv.Value)];

    private static Dictionary<long, double> Averaged(List<State> states, int s)
    {
        var sum = new Dictionary<long, double>();
        foreach (var st in states)
            foreach (var (k, v) in st.Accesses[s]) Add(sum, k, v);
        return sum.ToDictionary(kv => kv.Key, kv => kv.Value / states.Count);
    }

    private static void Add(Dictionary<long, double> d, long key, double value) => d[key] = d.GetValueOrDefault(key) + value;

    private static long Size(List<long[]> set)
    {
        long total = 0;
        foreach (var b in set)
        {
            long size = 1;
            for (var a = 0; a < b.Length; a += 2) size *= Math.Max(0, b[a + 1] - b[a]);
            total += size;
        }
        return total;
    }

    private static long[] Translate(long[] box, long[] offset)
    {
        var r = (long[])box.Clone();
        for (var a = 0; a < offset.Length; a++)
        {
            r[2 * a] += offset[a];
            r[2 * a + 1] += offset[a];
        }
        return r;
    }

    // Centroid of the second set minus that of the first, rounded (both are single boxes here).
    private static long[] Translation(List<long[]> from, List<long[]> to)
    {
        static double[] Centroid(List<long[]> set)
        {
            var c = new double[set[0].Length / 2];
            double total = 0;
            foreach (var b in set)
            {
                double size = 1;
                for (var a = 0; a < b.Length; a += 2) size *= Math.Max(0, b[a + 1] - b[a]);
                for (var a = 0; a < c.Length; a++) c[a] += (b[2 * a] + b[2 * a + 1] - 1) / 2.0 * size;
                total += size;
            }
            for (var a = 0; a < c.Length; a++) c[a] /= total;
            return c;
        }
        var f = Centroid(from);
        var t = Centroid(to);
        return [.. f.Zip(t, (x, y) => (long)Math.Round(y - x, MidpointRounding.AwayFromZero))];
    }

    // Set difference as Timeloop slices it: per axis a left and a right slab.
    private static List<long[]> Subtract(List<long[]> set, List<long[]> other)
    {
        var current = set;
        foreach (var b in other)
        {
            var next = new List<long[]>();
            foreach (var a in current) next.AddRange(Subtract(a, b));
            current = next;
        }
        return current;
    }

    private static List<long[]> Subtract(long[] a, long[] b)
    {
        for (var r = 0; r < a.Length; r += 2)
        {
            if (a[r + 1] <= b[r] || b[r + 1] <= a[r]) return [a];
        }
        var result = new List<long[]>();
        var middle = (long[])a.Clone();
        for (var r = 0; r < a.Length; r += 2)
        {
            if (middle[r] < b[r])
            {
                var left = (long[])middle.Clone();
                left[r + 1] = b[r];
                result.Add(left);
                middle[r] = b[r];
            }
            if (b[r + 1] < middle[r + 1])
            {
                var right = (long[])middle.Clone();
                right[r] = b[r + 1];
                result.Add(right);
                middle[r + 1] = b[r + 1];
            }
        }
        return result;
    }

    private static bool SameSet(List<long[]> a, List<long[]> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => x.AsSpan().SequenceEqual(y)));
}
