namespace Unico.Engine.CostModel;

/// <summary>
/// Which instances under one fan-out can take a tile from a grid neighbour, the way Timeloop's
/// link-transfer analysis pairs them: instances are numbered with the innermost spatial loop
/// fastest and laid out row by row on a grid as wide as the larger of the physical and the used
/// X fan-out; each has up to four neighbours (no wrap-around). For every offset difference a
/// neighbour pair shows, the table holds how many instances have a neighbour at that difference
/// and how many distinct tiles the others hold (what the parent must still send).
/// <para>
/// Built only when the spatial configuration of the fan-out changes (the loops, their factors and
/// order, the X/Y split, the tile strides), so a search that moves temporal factors reuses it.
/// </para>
/// </summary>
internal sealed class NeighbourLinks
{
    private const int MaxElements = 1 << 16;

    private long[] _key = new long[64];
    private int _keyLength = -1;
    private int _axes;
    private int _entries;
    private long[] _difference = new long[64];
    private long[] _instances = new long[16];
    private long[] _distinctLeft = new long[16];
    private long[] _offsets = new long[256];
    private int[] _entryOf = new int[1024];
    private bool[] _member = new bool[256];
    private long[] _keys = new long[256];

    /// <summary>
    /// Prepares the table for a fan-out: <paramref name="loopEnd"/>, <paramref name="loopX"/> and
    /// <paramref name="loopStep"/> (per spatial loop, innermost first: trip count, on X, and the
    /// tensor offset per step as <c>axes</c> values), on a grid of at least
    /// <paramref name="width"/> x <paramref name="height"/>. Returns false when the fan-out is too
    /// large to enumerate (then no links are counted).
    /// </summary>
    public bool Prepare(ReadOnlySpan<int> loopEnd, ReadOnlySpan<bool> loopX, ReadOnlySpan<long> loopStep, int axes, long width, long height)
    {
        var loops = loopEnd.Length;
        var keyLength = 4 + loops * (2 + axes);
        if (_key.Length < keyLength) _key = new long[2 * keyLength];
        Span<long> key = stackalloc long[keyLength];
        key[0] = axes;
        key[1] = width;
        key[2] = height;
        key[3] = loops;
        for (var j = 0; j < loops; j++)
        {
            key[4 + j * (2 + axes)] = loopEnd[j];
            key[5 + j * (2 + axes)] = loopX[j] ? 1 : 0;
            for (var a = 0; a < axes; a++) key[6 + j * (2 + axes) + a] = loopStep[j * axes + a];
        }
        if (keyLength == _keyLength && key.SequenceEqual(_key.AsSpan(0, keyLength))) return _entries >= 0;
        key.CopyTo(_key);
        _keyLength = keyLength;
        _axes = axes;
        _entries = 0;

        long elements = 1;
        foreach (var f in loopEnd) elements *= f;
        if (elements > MaxElements)
        {
            _entries = -1;
            return false;
        }
        Build(loopEnd, loopStep, axes, (int)elements, width, height);
        return true;
    }

    /// <summary>
    /// For a move of the tile by <paramref name="step"/>: the instances that find it at a
    /// neighbour, and the distinct tiles the remaining instances hold. False when no neighbour pair
    /// differs by that move.
    /// </summary>
    public bool Find(ReadOnlySpan<long> step, out long instances, out long distinctLeft)
    {
        instances = distinctLeft = 0;
        for (var k = 0; k < _entries; k++)
        {
            if (!step.SequenceEqual(_difference.AsSpan(k * _axes, _axes))) continue;
            instances = _instances[k];
            distinctLeft = _distinctLeft[k];
            return true;
        }
        return false;
    }

    private void Build(ReadOnlySpan<int> loopEnd, ReadOnlySpan<long> loopStep, int axes, int elements, long width, long height)
    {
        if (_offsets.Length < elements * axes) _offsets = new long[elements * axes];
        if (_entryOf.Length < elements * 4) _entryOf = new int[elements * 4];
        if (_member.Length < elements) _member = new bool[elements];
        if (_keys.Length < elements) _keys = new long[elements];
        var offsets = _offsets;
        var loops = loopEnd.Length;
        Span<int> index = stackalloc int[loops];
        index.Clear();
        for (var e = 0; e < elements; e++)
        {
            for (var a = 0; a < axes; a++)
            {
                long o = 0;
                for (var j = 0; j < loops; j++) o += loopStep[j * axes + a] * index[j];
                offsets[e * axes + a] = o;
            }
            for (var j = 0; j < loops && ++index[j] == loopEnd[j]; j++) index[j] = 0;
        }

        // Every neighbour pair's offset difference, deduplicated into entries.
        Span<long> difference = stackalloc long[axes];
        for (var e = 0; e < elements; e++)
        {
            var h = e % width;
            var v = e / width;
            for (var n = 0; n < 4; n++)
            {
                _entryOf[e * 4 + n] = -1;
                var (nh, nv) = n switch { 0 => (h - 1, v), 1 => (h + 1, v), 2 => (h, v - 1), _ => (h, v + 1) };
                if (nh < 0 || nh >= width || nv < 0 || nv >= height) continue;
                var neighbour = nv * width + nh;
                if (neighbour >= elements) continue;
                for (var a = 0; a < axes; a++) difference[a] = offsets[neighbour * axes + a] - offsets[e * axes + a];
                _entryOf[e * 4 + n] = EntryFor(difference);
            }
        }

        // Per entry: instances with a neighbour at that difference, distinct tiles among the rest.
        Span<long> low = stackalloc long[axes];
        Span<long> high = stackalloc long[axes];
        low.Fill(long.MaxValue);
        high.Fill(long.MinValue);
        for (var e = 0; e < elements; e++)
        {
            for (var a = 0; a < axes; a++)
            {
                low[a] = Math.Min(low[a], offsets[e * axes + a]);
                high[a] = Math.Max(high[a], offsets[e * axes + a]);
            }
        }
        for (var k = 0; k < _entries; k++)
        {
            long members = 0;
            for (var e = 0; e < elements; e++)
            {
                var member = _entryOf[e * 4] == k || _entryOf[e * 4 + 1] == k || _entryOf[e * 4 + 2] == k || _entryOf[e * 4 + 3] == k;
                _member[e] = member;
                if (member) members++;
            }
            var remaining = 0;
            for (var e = 0; e < elements; e++)
            {
                if (_member[e]) continue;
                long key = 0;
                for (var a = 0; a < axes; a++) key = key * (high[a] - low[a] + 1) + offsets[e * axes + a] - low[a];
                _keys[remaining++] = key;
            }
            Array.Sort(_keys, 0, remaining);
            long distinct = remaining > 0 ? 1 : 0;
            for (var i = 1; i < remaining; i++)
            {
                if (_keys[i] != _keys[i - 1]) distinct++;
            }
            _instances[k] = members;
            _distinctLeft[k] = distinct;
        }
    }

    private int EntryFor(ReadOnlySpan<long> difference)
    {
        var axes = difference.Length;
        for (var k = 0; k < _entries; k++)
        {
            if (difference.SequenceEqual(_difference.AsSpan(k * axes, axes))) return k;
        }
        if (_difference.Length < (_entries + 1) * axes) Array.Resize(ref _difference, 2 * (_entries + 1) * axes);
        if (_instances.Length <= _entries)
        {
            Array.Resize(ref _instances, 2 * (_entries + 1));
            Array.Resize(ref _distinctLeft, 2 * (_entries + 1));
        }
        difference.CopyTo(_difference.AsSpan(_entries * axes, axes));
        return _entries++;
    }
}
