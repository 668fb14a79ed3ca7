using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>
/// One point of a map-space: where each movable prime sits, each free spatial axis, the loop
/// orders and keep choices, kept in sync with the flat <see cref="MappingBuffer"/> the cost model
/// reads, so a move is a few integer updates and can be undone.
/// </summary>
internal sealed class MapState
{
    private readonly MapSpace _space;

    public MapState(MapSpace space)
    {
        _space = space;
        Buffer = new MappingBuffer(space.Levels, space.Dimensions, space.DataSpaces);
        PrimeSlot = new int[space.PrimeCount];
        AxisBit = new byte[space.Levels * space.Dimensions];
    }

    public MappingBuffer Buffer { get; }

    public int[] PrimeSlot { get; }

    public byte[] AxisBit { get; }

    public MapStateSnapshot ToSnapshot() =>
        new([.. Buffer.Temporal], [.. Buffer.Spatial], [.. Buffer.TemporalOrder], [.. Buffer.SpatialOrder], [.. Buffer.SpatialSplit], [.. Buffer.Keep],
            [.. PrimeSlot], [.. AxisBit]);

    /// <summary>Takes a snapshot's point; throws <see cref="ArgumentException"/> when it is of another map-space's shape.</summary>
    public void Load(MapStateSnapshot s)
    {
        if (s.Temporal.Length != Buffer.Temporal.Length || s.Spatial.Length != Buffer.Spatial.Length || s.TemporalOrder.Length != Buffer.TemporalOrder.Length
            || s.SpatialOrder.Length != Buffer.SpatialOrder.Length || s.SpatialSplit.Length != Buffer.SpatialSplit.Length || s.Keep.Length != Buffer.Keep.Length
            || s.PrimeSlot.Length != PrimeSlot.Length || s.AxisBit.Length != AxisBit.Length)
            throw new ArgumentException("the snapshot's mapping has another shape than this search's map-space", nameof(s));
        s.Temporal.CopyTo(Buffer.Temporal);
        s.Spatial.CopyTo(Buffer.Spatial);
        s.TemporalOrder.CopyTo(Buffer.TemporalOrder);
        s.SpatialOrder.CopyTo(Buffer.SpatialOrder);
        s.SpatialSplit.CopyTo(Buffer.SpatialSplit);
        s.Keep.CopyTo(Buffer.Keep);
        s.PrimeSlot.CopyTo(PrimeSlot);
        s.AxisBit.CopyTo(AxisBit);
    }

    public void CopyFrom(MapState other)
    {
        Buffer.CopyFrom(other.Buffer);
        other.PrimeSlot.CopyTo(PrimeSlot, 0);
        other.AxisBit.CopyTo(AxisBit, 0);
    }

    /// <summary>The starting point: every free prime in the outermost temporal slot it may use,
    /// fixed orders first, every free tensor kept. Valid whenever any mapping is.</summary>
    public void SetToOutermost()
    {
        ResetFactors();
        for (var i = 0; i < PrimeSlot.Length; i++) Place(i, _space.PrimeSlots[i][0]);
        var dims = _space.Dimensions;
        for (var l = 0; l < _space.Levels; l++)
        {
            var order = Buffer.TemporalOrder.AsSpan(l * dims, dims);
            FillOrder(l, order, random: null);
            for (var x = 0; x < dims; x++) AxisBit[l * dims + x] = _space.Axis[l * dims + x] == MapSpace.AxisFree ? (byte)0 : _space.Axis[l * dims + x];
            WriteSpatialOrder(l);
        }
        for (var k = 0; k < Buffer.Keep.Length; k++) Buffer.Keep[k] = _space.KeepFixed[k] != 0;
        KeepOneBranch(null);
    }

    /// <summary>
    /// The point nearest a mapping of the same layer found on other hardware of the same template
    /// (a warm start): every movable prime goes to a slot where the donor has that factor (the
    /// outermost one it may use otherwise), and free loop orders, spatial axes and keep choices
    /// follow the donor. The result may break this hardware's limits; evaluating it tells.
    /// Returns false, leaving the outermost point, when the donor has another shape (levels,
    /// dimensions or data spaces).
    /// </summary>
    public bool Transplant(MappingSpec donor)
    {
        SetToOutermost();
        var dims = _space.Dimensions;
        var spaces = _space.DataSpaces;
        if (donor.Levels.Length != _space.Levels) return false;
        foreach (var level in donor.Levels)
        {
            if (level.TemporalFactors.Length != dims || level.SpatialFactors.Length != dims || level.TemporalOrder.Length != dims
                || level.SpatialOrder.Length != dims || level.Keep.Length != spaces) return false;
        }
        // The donor's factors per (slot, dimension), less this map-space's fixed factors there.
        var remaining = new int[_space.Levels * 2 * dims];
        for (var l = 0; l < _space.Levels; l++)
        {
            for (var x = 0; x < dims; x++)
            {
                remaining[(2 * l) * dims + x] = Unfixed(donor.Levels[l].TemporalFactors[x], _space.FixedFactor[(2 * l) * dims + x]);
                remaining[(2 * l + 1) * dims + x] = Unfixed(donor.Levels[l].SpatialFactors[x], _space.FixedFactor[(2 * l + 1) * dims + x]);
            }
        }
        for (var i = 0; i < PrimeSlot.Length; i++)
        {
            var (x, value) = (_space.PrimeDim[i], _space.PrimeValue[i]);
            foreach (var slot in _space.PrimeSlots[i])
            {
                if (remaining[slot * dims + x] % value != 0) continue;
                remaining[slot * dims + x] /= value;
                if (slot != PrimeSlot[i]) MovePrime(i, slot);
                break;
            }
        }
        for (var l = 0; l < _space.Levels; l++)
        {
            var donorLevel = donor.Levels[l];
            var order = Buffer.TemporalOrder.AsSpan(l * dims, dims);
            var prefix = _space.OrderPrefix[l];
            var n = 0;
            foreach (var x in prefix) order[n++] = x;
            foreach (var x in donorLevel.TemporalOrder)
            {
                if (x >= 0 && x < dims && Array.IndexOf(prefix, x) < 0 && order[..n].IndexOf(x) < 0) order[n++] = x;
            }
            for (var x = 0; n < dims && x < dims; x++)
            {
                if (order[..n].IndexOf(x) < 0) order[n++] = x;
            }
            for (var x = 0; x < dims; x++)
            {
                if (_space.Axis[l * dims + x] != MapSpace.AxisFree) continue;
                var position = donorLevel.SpatialOrder.IndexOf(x);
                AxisBit[l * dims + x] = position >= 0 && position < donorLevel.SpatialSplit ? (byte)0 : (byte)1;
            }
            WriteSpatialOrder(l);
            for (var s = 0; s < spaces; s++)
            {
                if (_space.KeepFixed[l * spaces + s] < 0) Buffer.Keep[l * spaces + s] = donorLevel.Keep[s];
            }
        }
        KeepOneBranch(null);
        return true;

        static int Unfixed(int factor, int fixedFactor) => fixedFactor > 0 && factor % fixedFactor == 0 ? factor / fixedFactor : factor;
    }

    /// <summary>
    /// Moves one prime out of the place an invalid evaluation names, toward a point that fits:
    /// for a fan-out overrun the largest prime on that axis of the level's spatial loop goes to a
    /// temporal loop of the level (or the nearest one allowed); for a capacity overrun the largest
    /// prime at or below the level goes to the innermost temporal loop above it. Level 0 is the
    /// outermost. Returns false when nothing can move.
    /// </summary>
    public bool Relieve(InvalidityKind kind, int level, int index)
    {
        var dims = _space.Dimensions;
        int best = -1, target = -1;
        for (var i = 0; i < PrimeSlot.Length; i++)
        {
            var slot = PrimeSlot[i];
            var x = _space.PrimeDim[i];
            bool culprit;
            if (kind == InvalidityKind.SpatialFanout)
                culprit = slot == 2 * level + 1 && (AxisBit[level * dims + x] == 0) == (index == 0);
            else if (kind == InvalidityKind.Capacity)
                culprit = slot >> 1 >= level;
            else
                return false;
            if (!culprit || (best >= 0 && _space.PrimeValue[i] <= _space.PrimeValue[best])) continue;
            var to = kind == InvalidityKind.SpatialFanout ? NearestTemporal(i, level) : InnermostTemporalAbove(i, level);
            if (to < 0) continue;
            (best, target) = (i, to);
        }
        if (best < 0) return false;
        MovePrime(best, target);
        return true;
    }

    // The allowed temporal slot of the level, else the allowed one of the nearest level (outer first).
    private int NearestTemporal(int prime, int level)
    {
        int found = -1, distance = int.MaxValue;
        foreach (var slot in _space.PrimeSlots[prime])
        {
            if ((slot & 1) != 0) continue;
            var l = slot >> 1;
            var d = l <= level ? 2 * (level - l) : 2 * (l - level) + 1;
            if (d < distance) (found, distance) = (slot, d);
        }
        return found;
    }

    private int InnermostTemporalAbove(int prime, int level)
    {
        var found = -1;
        foreach (var slot in _space.PrimeSlots[prime])
        {
            if ((slot & 1) == 0 && slot >> 1 < level && (found < 0 || slot > found)) found = slot;
        }
        return found;
    }

    /// <summary>The same point with every free keep choice set to bypass (the smallest tiles).</summary>
    public void BypassFreeKeeps()
    {
        for (var k = 0; k < Buffer.Keep.Length; k++)
        {
            if (_space.KeepFixed[k] < 0) Buffer.Keep[k] = false;
        }
    }

    /// <summary>
    /// In every <c>!Parallel</c> group, a data space kept by several branches stays in one of them
    /// (a fixed keep wins; otherwise the first, or a random one) and the other branches bypass it.
    /// </summary>
    public void KeepOneBranch(Prng? random)
    {
        var spaces = _space.DataSpaces;
        foreach (var group in _space.KeepGroups)
        {
            for (var s = 0; s < spaces; s++)
            {
                var keeper = -1;
                var holders = 0;
                foreach (var l in group)
                {
                    if (!Buffer.Keep[l * spaces + s]) continue;
                    holders++;
                    if (_space.KeepFixed[l * spaces + s] == 1) keeper = l;
                }
                if (holders <= 1) continue;
                if (keeper < 0)
                {
                    var pick = random is null ? 0 : random.NextInt(holders);
                    foreach (var l in group)
                    {
                        if (!Buffer.Keep[l * spaces + s]) continue;
                        if (pick-- == 0)
                        {
                            keeper = l;
                            break;
                        }
                    }
                }
                foreach (var l in group)
                {
                    if (l != keeper && _space.KeepFixed[l * spaces + s] < 0) Buffer.Keep[l * spaces + s] = false;
                }
            }
        }
    }

    /// <summary>A uniformly random point: every free prime in a random allowed slot, random orders,
    /// axes and keep choices.</summary>
    public void Randomize(Prng random)
    {
        ResetFactors();
        for (var i = 0; i < PrimeSlot.Length; i++)
        {
            var slots = _space.PrimeSlots[i];
            Place(i, slots[random.NextInt(slots.Length)]);
        }
        var dims = _space.Dimensions;
        for (var l = 0; l < _space.Levels; l++)
        {
            FillOrder(l, Buffer.TemporalOrder.AsSpan(l * dims, dims), random);
            for (var x = 0; x < dims; x++)
            {
                var fixedAxis = _space.Axis[l * dims + x];
                AxisBit[l * dims + x] = fixedAxis == MapSpace.AxisFree ? (byte)random.NextInt(2) : fixedAxis;
            }
            WriteSpatialOrder(l);
        }
        for (var k = 0; k < Buffer.Keep.Length; k++)
        {
            var fixedKeep = _space.KeepFixed[k];
            Buffer.Keep[k] = fixedKeep < 0 ? random.NextInt(2) == 1 : fixedKeep == 1;
        }
        KeepOneBranch(random);
    }

    /// <summary>Moves prime <paramref name="prime"/> to <paramref name="slot"/>.</summary>
    public void MovePrime(int prime, int slot)
    {
        var from = PrimeSlot[prime];
        var value = _space.PrimeValue[prime];
        var index = FactorIndex(from, _space.PrimeDim[prime]);
        Factors(from)[index] /= value;
        PrimeSlot[prime] = -1;
        Place(prime, slot);
    }

    /// <summary>
    /// Rewrites a level's spatial order and split from the axis bits: X dimensions first, each
    /// axis in the order the constraints give (<see cref="MapSpace.SpatialRank"/>).
    /// </summary>
    public void WriteSpatialOrder(int level)
    {
        var dims = _space.Dimensions;
        var order = Buffer.SpatialOrder.AsSpan(level * dims, dims);
        var rank = _space.SpatialRank.AsSpan(level * dims, dims);
        var n = 0;
        for (var axis = 0; axis < 2; axis++)
        {
            var start = n;
            for (var x = 0; x < dims; x++)
            {
                if ((AxisBit[level * dims + x] == 0) != (axis == 0)) continue;
                // Insertion by rank keeps the constraint's order within the axis.
                var at = n++;
                while (at > start && rank[order[at - 1]] > rank[x])
                {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = x;
            }
            if (axis == 0) Buffer.SpatialSplit[level] = n;
        }
    }

    private void ResetFactors()
    {
        var dims = _space.Dimensions;
        for (var l = 0; l < _space.Levels; l++)
        {
            for (var x = 0; x < dims; x++)
            {
                var t = _space.FixedFactor[(2 * l) * dims + x];
                var s = _space.FixedFactor[(2 * l + 1) * dims + x];
                Buffer.Temporal[l * dims + x] = t > 0 ? t : 1;
                Buffer.Spatial[l * dims + x] = s > 0 ? s : 1;
            }
        }
    }

    private void Place(int prime, int slot)
    {
        PrimeSlot[prime] = slot;
        Factors(slot)[FactorIndex(slot, _space.PrimeDim[prime])] *= _space.PrimeValue[prime];
    }

    private int[] Factors(int slot) => (slot & 1) == 0 ? Buffer.Temporal : Buffer.Spatial;

    private int FactorIndex(int slot, int dim) => (slot >> 1) * _space.Dimensions + dim;

    // The fixed prefix first (innermost), then the other dimensions in natural or random order.
    private void FillOrder(int level, Span<int> order, Prng? random)
    {
        var prefix = _space.OrderPrefix[level];
        var n = 0;
        foreach (var x in prefix) order[n++] = x;
        for (var x = 0; x < _space.Dimensions; x++)
        {
            if (Array.IndexOf(prefix, x) < 0) order[n++] = x;
        }
        random?.Shuffle(order[prefix.Length..]);
    }
}
