using System.Collections.Immutable;
using System.Globalization;

namespace Unico.Engine.CostModel;

/// <summary>
/// The analytical cost model: given a mapping of one problem onto one architecture, counts every
/// buffer access (reads, fills, updates per level and tensor), cycles (compute throttled by each
/// level's bandwidth) and energy, with Timeloop's semantics (see docs/cost-model.md).
/// <para>
/// An instance is compiled once per (problem, architecture) and reused; it holds scratch space,
/// so <see cref="Evaluate(MappingBuffer)"/> allocates nothing. Not thread-safe: use one per thread.
/// </para>
/// </summary>
public sealed class CostModelEvaluator
{
    private const int MaxFanoutEnumeration = 1 << 16;

    private readonly Problem _problem;
    private readonly Architecture _arch;
    private readonly int _levels;
    private readonly int _dims;
    private readonly int _spaces;
    private readonly int[] _bounds;
    private readonly bool[] _readWrite;
    private readonly int[] _axes;          // per data space: number of tensor axes
    private readonly int[] _axisBase;      // per data space: offset into per-axis arrays
    private readonly int[] _termStart;     // per (space, axis): first term
    private readonly int[] _termDim;
    private readonly int[] _termCoeff;
    private readonly bool[] _relevant;     // per (space, dim)
    private readonly bool[] _dummy;
    private readonly long[] _capacity;     // long.MaxValue when unbounded
    private readonly int[] _fanoutX;
    private readonly int[] _fanoutY;
    private readonly int[] _block;
    private readonly double[] _readBw;     // +inf when unlimited
    private readonly double[] _writeBw;
    private readonly double[] _sharedBw;
    private readonly StorageEnergy[] _energy;
    private readonly int _maxAxes;

    // Scratch, reused by every evaluation.
    private readonly long[] _tileFactor;   // (levels + 1) x dims: loop bounds at and below a level
    private readonly long[] _utilized;     // levels + 1: instances holding a tile
    private readonly long[] _extent;       // levels x axes-total
    private readonly long[] _tile;         // levels x spaces
    private readonly long[] _rawFills;
    private readonly long[] _reads;
    private readonly long[] _fills;
    private readonly long[] _updates;
    private readonly long[] _partition;
    private readonly long[] _distinct;     // levels x spaces: distinct child tiles under one instance
    private readonly bool[] _kept;
    private readonly long[] _levelCycles;
    private readonly double[] _levelEnergy;
    private readonly double[] _levelLeak;
    private readonly double[] _tensorEnergy;
    private readonly long[] _stepTranslation;
    private readonly long[] _stepFactor;

    private InvalidityKind _invalidKind;
    private int _invalidLevel;
    private int _invalidIndex;
    private long _invalidValue;
    private long _invalidLimit;

    /// <summary>Compiles the model for one problem on one architecture.</summary>
    public CostModelEvaluator(Problem problem, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(architecture);
        problem.Validate();
        architecture.Validate();
        _problem = problem;
        _arch = architecture;
        var shape = problem.Shape;
        _levels = architecture.Levels.Length;
        _dims = shape.Dimensions.Length;
        _spaces = shape.DataSpaces.Length;
        _bounds = [.. problem.Bounds];

        _readWrite = new bool[_spaces];
        _axes = new int[_spaces];
        _axisBase = new int[_spaces];
        _relevant = new bool[_spaces * _dims];
        var totalAxes = 0;
        var totalTerms = 0;
        for (var s = 0; s < _spaces; s++)
        {
            var space = shape.DataSpaces[s];
            _readWrite[s] = space.ReadWrite;
            _axes[s] = space.Axes.Length;
            _axisBase[s] = totalAxes;
            totalAxes += space.Axes.Length;
            foreach (var axis in space.Axes) totalTerms += axis.Length;
            for (var x = 0; x < _dims; x++) _relevant[s * _dims + x] = space.IsRelevant(x);
            if (space.Axes.Length > TileDeltaAnalysis.MaxAxes)
                throw new UnicoInputException($"data space has {space.Axes.Length} axes; at most {TileDeltaAnalysis.MaxAxes} are supported", field: space.Name);
            _maxAxes = Math.Max(_maxAxes, space.Axes.Length);
        }
        _termStart = new int[totalAxes + 1];
        _termDim = new int[totalTerms];
        _termCoeff = new int[totalTerms];
        var t = 0;
        for (var s = 0; s < _spaces; s++)
        {
            var space = shape.DataSpaces[s];
            for (var a = 0; a < space.Axes.Length; a++)
            {
                _termStart[_axisBase[s] + a] = t;
                foreach (var term in space.Axes[a])
                {
                    _termDim[t] = term.Dimension;
                    _termCoeff[t] = term.Coefficient;
                    t++;
                }
            }
        }
        _termStart[totalAxes] = t;

        _dummy = new bool[_levels];
        _capacity = new long[_levels];
        _fanoutX = new int[_levels];
        _fanoutY = new int[_levels];
        _block = new int[_levels];
        _readBw = new double[_levels];
        _writeBw = new double[_levels];
        _sharedBw = new double[_levels];
        _energy = new StorageEnergy[_levels];
        for (var l = 0; l < _levels; l++)
        {
            var level = architecture.Levels[l];
            _dummy[l] = level.IsSpatialDummy;
            _capacity[l] = level.EffectiveSizeWords ?? long.MaxValue;
            _fanoutX[l] = level.FanoutX;
            _fanoutY[l] = level.FanoutY;
            _block[l] = level.BlockSize;
            _readBw[l] = level.ReadBandwidth ?? double.PositiveInfinity;
            _writeBw[l] = level.WriteBandwidth ?? double.PositiveInfinity;
            _sharedBw[l] = level.SharedBandwidth ?? double.PositiveInfinity;
            _energy[l] = level.Energy;
        }

        _tileFactor = new long[(_levels + 1) * _dims];
        _utilized = new long[_levels + 1];
        _extent = new long[_levels * totalAxes];
        var ls = _levels * _spaces;
        _tile = new long[ls];
        _rawFills = new long[ls];
        _reads = new long[ls];
        _fills = new long[ls];
        _updates = new long[ls];
        _partition = new long[ls];
        _distinct = new long[ls];
        _kept = new bool[ls];
        _tensorEnergy = new double[ls];
        _levelCycles = new long[_levels];
        _levelEnergy = new double[_levels];
        _levelLeak = new double[_levels];
        _stepTranslation = new long[_levels * _dims * Math.Max(1, _maxAxes)];
        _stepFactor = new long[_levels * _dims];
    }

    /// <summary>The problem this model evaluates.</summary>
    public Problem Problem => _problem;

    /// <summary>The architecture this model evaluates.</summary>
    public Architecture Architecture => _arch;

    /// <summary>Creates an empty mapping buffer of the right shape for this model.</summary>
    public MappingBuffer CreateMappingBuffer() => new(_levels, _dims, _spaces);

    /// <summary>Evaluates a mapping and returns the ranking numbers. Allocation-free.</summary>
    public CostSummary Evaluate(MappingBuffer mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (!Analyze(mapping)) return new CostSummary(_invalidKind, 0, double.PositiveInfinity);
        var cycles = Cycles(ComputeCycles(mapping));
        return new CostSummary(InvalidityKind.None, cycles, Energy(cycles));
    }

    /// <summary>Evaluates a mapping record with full per-level detail (allocates the result).</summary>
    public Evaluation EvaluateDetailed(Mapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Levels.Length != _levels)
            return Evaluation.Invalid($"mapping has {mapping.Levels.Length} levels, architecture has {_levels}", _arch.AreaUm2);
        return EvaluateDetailed(MappingBuffer.From(mapping, _dims, _spaces));
    }

    /// <summary>Evaluates a mapping buffer with full per-level detail (allocates the result).</summary>
    public Evaluation EvaluateDetailed(MappingBuffer mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (!Analyze(mapping)) return Evaluation.Invalid(DescribeInvalidity(), _arch.AreaUm2);
        var computeCycles = ComputeCycles(mapping);
        var cycles = Cycles(computeCycles);
        var energy = Energy(cycles);
        var levels = ImmutableArray.CreateBuilder<LevelStats>(_levels + 1);
        for (var l = 0; l < _levels; l++)
        {
            if (_dummy[l]) continue;
            var tensors = ImmutableArray.CreateBuilder<TensorStats>();
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                tensors.Add(new TensorStats(_problem.Shape.DataSpaces[s].Name, _tile[i], _reads[i], _fills[i], _updates[i],
                    _utilized[l], _partition[i], _tensorEnergy[i]));
            }
            levels.Add(new LevelStats(_arch.Levels[l].Name, _levelEnergy[l], _levelLeak[l], _levelCycles[l], tensors.ToImmutable()));
        }
        var computes = _problem.Operations;
        levels.Add(new LevelStats(_arch.Compute.Name, computes * _arch.Compute.EnergyPerOp, 0, computeCycles, []));
        var utilization = (double)computes / (_arch.Compute.Instances * (double)cycles);
        return new Evaluation(true, null, cycles, energy, computes, utilization, _arch.AreaUm2,
            energy * 1e-12 * cycles, levels.ToImmutable());
    }

    // ---- Analysis ---------------------------------------------------------------------------

    private bool Invalid(InvalidityKind kind, int level, int index, long value, long limit)
    {
        _invalidKind = kind;
        _invalidLevel = level;
        _invalidIndex = index;
        _invalidValue = value;
        _invalidLimit = limit;
        return false;
    }

    private bool Analyze(MappingBuffer m)
    {
        if (m.Levels != _levels || m.Dimensions != _dims || m.DataSpaces != _spaces)
            return Invalid(InvalidityKind.Shape, 0, 0, m.Levels, _levels);
        var dims = _dims;
        var temporal = m.Temporal;
        var spatial = m.Spatial;

        // Factors multiply to each dimension's size.
        for (var x = 0; x < dims; x++)
        {
            long product = 1;
            for (var l = 0; l < _levels; l++)
            {
                var tf = temporal[l * dims + x];
                var sf = spatial[l * dims + x];
                if (tf <= 0 || sf <= 0) return Invalid(InvalidityKind.FactorProduct, l, x, Math.Min(tf, sf), _bounds[x]);
                product *= (long)tf * sf;
            }
            if (product != _bounds[x]) return Invalid(InvalidityKind.FactorProduct, -1, x, product, _bounds[x]);
        }

        // Spatial factors fit each fan-out, X and Y separately.
        _utilized[0] = 1;
        for (var l = 0; l < _levels; l++)
        {
            long px = 1, py = 1;
            var split = m.SpatialSplit[l];
            for (var i = 0; i < dims; i++)
            {
                var f = spatial[l * dims + m.SpatialOrder[l * dims + i]];
                if (i < split) px *= f;
                else py *= f;
            }
            if (px > _fanoutX[l]) return Invalid(InvalidityKind.SpatialFanout, l, 0, px, _fanoutX[l]);
            if (py > _fanoutY[l]) return Invalid(InvalidityKind.SpatialFanout, l, 1, py, _fanoutY[l]);
            _utilized[l + 1] = _utilized[l] * px * py;
        }

        // Loop bounds at and below each level.
        var tileFactor = _tileFactor;
        for (var x = 0; x < dims; x++) tileFactor[_levels * dims + x] = 1;
        for (var l = _levels - 1; l >= 0; l--)
        {
            for (var x = 0; x < dims; x++)
                tileFactor[l * dims + x] = tileFactor[(l + 1) * dims + x] * temporal[l * dims + x] * spatial[l * dims + x];
        }

        // Tiles and keep/bypass.
        var totalAxes = _termStart.Length - 1;
        for (var l = 0; l < _levels; l++)
        {
            long used = 0;
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                long tile = 1;
                for (var a = 0; a < _axes[s]; a++)
                {
                    var axis = _axisBase[s] + a;
                    long extent = 1;
                    for (var t = _termStart[axis]; t < _termStart[axis + 1]; t++)
                        extent += _termCoeff[t] * (tileFactor[l * dims + _termDim[t]] - 1);
                    _extent[l * totalAxes + axis] = extent;
                    tile *= extent;
                }
                _tile[i] = tile;
                var keep = m.Keep[i] && !_dummy[l];
                _kept[i] = keep;
                if (keep) used += tile;
                else if (l == 0) return Invalid(InvalidityKind.BackingStoreBypass, 0, s, 0, 0);
            }
            if (used > _capacity[l]) return Invalid(InvalidityKind.Capacity, l, 0, used, _capacity[l]);
        }

        // Distinct child tiles under one instance of each level (multicast and spatial reduction).
        for (var l = 0; l < _levels; l++)
        {
            for (var s = 0; s < _spaces; s++) _distinct[l * _spaces + s] = DistinctChildTiles(m, l, s);
        }

        long opsPerUnit = 1;
        for (var i = 0; i < temporal.Length; i++) opsPerUnit *= temporal[i];

        // Accesses, per tensor along its chain of keeping levels, innermost first so that each
        // level finds its child's fills already counted.
        for (var s = 0; s < _spaces; s++)
        {
            var readWrite = _readWrite[s];
            for (var l = _levels - 1; l >= 0; l--)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                _partition[i] = PartitionSize(m, l, s);
                _rawFills[i] = l == 0 ? _tile[i] : FillsFromAbove(m, l, s);

                // The next keeping level below, or the compute units.
                var child = l + 1;
                while (child < _levels && !_kept[child * _spaces + s]) child++;
                long multicast = 1;
                for (var k = l; k < child; k++) multicast *= _distinct[k * _spaces + s];
                var childDeltas = child == _levels ? opsPerUnit : _rawFills[child * _spaces + s];
                var fromBelow = childDeltas * multicast;
                if (readWrite)
                {
                    _updates[i] = fromBelow;
                    _reads[i] = Math.Max(0, fromBelow - _partition[i]);
                    _fills[i] = l == 0 ? 0 : Math.Max(0, _rawFills[i] - _partition[i]);
                }
                else
                {
                    _updates[i] = 0;
                    _reads[i] = fromBelow;
                    _fills[i] = l == 0 ? 0 : _rawFills[i];
                }
            }
        }
        return true;
    }

    private long FillsFromAbove(MappingBuffer m, int level, int space)
    {
        var dims = _dims;
        var axes = _axes[space];
        var totalAxes = _termStart.Length - 1;
        var n = 0;
        var translation = _stepTranslation.AsSpan();
        for (var l = level - 1; l >= 0; l--)
        {
            for (var pos = 0; pos < dims; pos++)
            {
                var x = m.TemporalOrder[l * dims + pos];
                var f = m.Temporal[l * dims + x];
                if (f <= 1) continue;
                var stride = (long)m.Spatial[l * dims + x] * _tileFactor[(l + 1) * dims + x];
                for (var a = 0; a < axes; a++)
                {
                    var axis = _axisBase[space] + a;
                    long move = 0;
                    for (var t = _termStart[axis]; t < _termStart[axis + 1]; t++)
                    {
                        if (_termDim[t] == x) move += _termCoeff[t] * stride;
                    }
                    translation[n * axes + a] = move;
                }
                _stepFactor[n] = f;
                n++;
            }
        }
        var extents = _extent.AsSpan(level * totalAxes + _axisBase[space], axes);
        return TileDeltaAnalysis.Fills(translation[..(n * axes)], _stepFactor.AsSpan(0, n), extents, _tile[level * _spaces + space]);
    }

    // Words of a tensor one instance of a level touches over the whole layer: its tile grown by
    // the temporal loops above it (spatial loops above pick which instance, not how much).
    private long PartitionSize(MappingBuffer m, int level, int space)
    {
        var dims = _dims;
        long size = 1;
        for (var a = 0; a < _axes[space]; a++)
        {
            var axis = _axisBase[space] + a;
            var first = _termStart[axis];
            var count = _termStart[axis + 1] - first;
            if (count == 1)
            {
                var x = _termDim[first];
                size *= _tileFactor[level * dims + x] * TemporalAbove(m, level, x);
            }
            else
            {
                long extent = 1;
                for (var t = first; t < first + count; t++)
                {
                    var x = _termDim[t];
                    extent += _termCoeff[t] * (_tileFactor[level * dims + x] * TemporalAbove(m, level, x) - 1);
                }
                size *= extent;
            }
        }
        return size;
    }

    private long TemporalAbove(MappingBuffer m, int level, int dimension)
    {
        long product = 1;
        for (var l = 0; l < level; l++) product *= m.Temporal[l * _dims + dimension];
        return product;
    }

    // How many different tiles of a tensor the children of one instance of `level` hold: equal
    // tiles are multicast (inputs) or spatially reduced (outputs). Like Timeloop, tiles are
    // compared within one fan-out level.
    private long DistinctChildTiles(MappingBuffer m, int level, int space)
    {
        var dims = _dims;
        long product = 1;
        var separable = true;
        Span<bool> axisUsed = stackalloc bool[TileDeltaAnalysis.MaxAxes];
        axisUsed.Clear();
        for (var x = 0; x < dims; x++)
        {
            var f = m.Spatial[level * dims + x];
            if (f <= 1 || !_relevant[space * dims + x]) continue;
            product *= f;
            for (var a = 0; a < _axes[space]; a++)
            {
                var axis = _axisBase[space] + a;
                for (var t = _termStart[axis]; t < _termStart[axis + 1]; t++)
                {
                    if (_termDim[t] != x) continue;
                    if (axisUsed[a]) separable = false;
                    axisUsed[a] = true;
                }
            }
        }
        return separable || product <= 1 ? product : CountDistinctOffsets(m, level, space, product);
    }

    // Rare path: several spatial loops project onto one tensor axis (e.g. S and Q both move H).
    private long CountDistinctOffsets(MappingBuffer m, int level, int space, long combinations)
    {
        if (combinations > MaxFanoutEnumeration) return combinations;
        var dims = _dims;
        var offsets = new long[combinations];
        var count = 0;
        Span<int> index = stackalloc int[dims];
        index.Clear();
        while (true)
        {
            long key = 0;
            for (var a = 0; a < _axes[space]; a++)
            {
                var axis = _axisBase[space] + a;
                long offset = 0;
                long span = 1;
                for (var t = _termStart[axis]; t < _termStart[axis + 1]; t++)
                {
                    var x = _termDim[t];
                    var stride = _tileFactor[(level + 1) * dims + x];
                    offset += _termCoeff[t] * stride * index[x];
                    span += _termCoeff[t] * stride * (m.Spatial[level * dims + x] - 1);
                }
                key = key * span + offset;
            }
            offsets[count++] = key;
            var d = 0;
            for (; d < dims; d++)
            {
                var f = _relevant[space * dims + d] ? m.Spatial[level * dims + d] : 1;
                if (++index[d] < f) break;
                index[d] = 0;
            }
            if (d == dims) break;
        }
        Array.Sort(offsets, 0, count);
        long distinct = count > 0 ? 1 : 0;
        for (var i = 1; i < count; i++)
        {
            if (offsets[i] != offsets[i - 1]) distinct++;
        }
        return distinct;
    }

    private static long ComputeCycles(MappingBuffer m)
    {
        long cycles = 1;
        foreach (var f in m.Temporal) cycles *= f;
        return cycles;
    }

    private long Cycles(long computeCycles)
    {
        var cycles = computeCycles;
        for (var l = 0; l < _levels; l++)
        {
            _levelCycles[l] = computeCycles;
            if (_dummy[l]) continue;
            long readWords = 0, writeWords = 0;
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                readWords += _reads[i];
                writeWords += _fills[i] + _updates[i];
            }
            var need = Math.Max(
                Math.Max(readWords / _readBw[l], writeWords / _writeBw[l]),
                (readWords + writeWords) / _sharedBw[l]);
            var levelCycles = Math.Max(computeCycles, (long)Math.Ceiling(need));
            _levelCycles[l] = levelCycles;
            cycles = Math.Max(cycles, levelCycles);
        }
        return cycles;
    }

    private double Energy(long cycles)
    {
        var total = _problem.Operations * _arch.Compute.EnergyPerOp;
        for (var l = 0; l < _levels; l++)
        {
            _levelEnergy[l] = 0;
            _levelLeak[l] = 0;
            if (_dummy[l]) continue;
            var block = _block[l];
            var e = _energy[l];
            double levelEnergy = 0;
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                var perInstance = Blocks(_reads[i], block) * e.Read
                    + Blocks(_fills[i], block) * e.Write
                    + Blocks(_updates[i], block) * e.Update;
                _tensorEnergy[i] = perInstance * _utilized[l];
                levelEnergy += _tensorEnergy[i];
            }
            var leak = e.LeakPerCycle * cycles * _utilized[l];
            _levelLeak[l] = leak;
            _levelEnergy[l] = levelEnergy + leak;
            total += _levelEnergy[l];
        }
        return total;
    }

    private static long Blocks(long words, int block) => (words + block - 1) / block;

    private string DescribeInvalidity()
    {
        var shape = _problem.Shape;
        string LevelName(int l) => _arch.Levels[l].Name;
        return _invalidKind switch
        {
            InvalidityKind.FactorProduct when _invalidLevel >= 0 =>
                $"factor of dimension {shape.Dimensions[_invalidIndex]} at level {LevelName(_invalidLevel)} must be positive, got {_invalidValue}",
            InvalidityKind.FactorProduct =>
                $"factors of dimension {shape.Dimensions[_invalidIndex]} multiply to {_invalidValue}, not its size {_invalidLimit}",
            InvalidityKind.SpatialFanout =>
                $"spatial factors at level {LevelName(_invalidLevel)} use {_invalidValue} along {(_invalidIndex == 0 ? "X" : "Y")}, more than its fan-out of {_invalidLimit}",
            InvalidityKind.Capacity =>
                $"tiles kept at level {LevelName(_invalidLevel)} need {_invalidValue} words, more than its capacity of {_invalidLimit}",
            InvalidityKind.BackingStoreBypass =>
                $"the outermost level {LevelName(0)} must keep every tensor, but bypasses {shape.DataSpaces[_invalidIndex].Name}",
            InvalidityKind.Shape =>
                $"mapping has {_invalidValue.ToString(CultureInfo.InvariantCulture)} levels, architecture has {_invalidLimit}",
            _ => "valid",
        };
    }
}
