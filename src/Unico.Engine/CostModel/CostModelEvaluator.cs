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
    private readonly int[] _dimTermStart;  // per (space, dim): first (axis, coeff) pair projecting that dim
    private readonly int[] _dimTermAxis;
    private readonly int[] _dimTermCoeff;
    private readonly bool[] _separable;    // per space: every dim projects onto at most one axis
    private readonly bool[] _pure;         // per space: every axis is a single dimension (no sliding windows)
    private readonly bool[] _dummy;
    private readonly long[] _capacity;     // long.MaxValue when unbounded
    private readonly int[] _fanoutX;
    private readonly int[] _fanoutY;
    private readonly int[] _block;
    private readonly int[] _blockShift;    // log2(block) when a power of two, else -1
    private readonly double[] _readBandwidth;   // words per cycle; infinity when unlimited
    private readonly double[] _writeBandwidth;
    private readonly double[] _sharedBandwidth;
    private readonly StorageEnergy[] _energy;
    private readonly int _maxAxes;

    // Scratch, reused by every evaluation.
    private readonly long[] _tileFactor;   // (levels + 1) x dims: loop bounds at and below a level
    private readonly long[] _utilized;     // levels + 1: instances holding a tile
    private readonly long[] _levelSpatial; // levels: product of the level's spatial factors
    private readonly long[] _temporalAbove; // levels x dims: product of temporal factors of outer levels
    private readonly long[] _extent;       // levels x axes-total
    private readonly long[] _tile;         // levels x spaces
    private readonly long[] _rawFills;
    private readonly long[] _reads;
    private readonly long[] _fills;
    private readonly long[] _updates;
    private readonly long[] _partition;
    private readonly long[] _distinct;     // levels x spaces: distinct child tiles under one instance
    private readonly long[] _linkWords;    // levels x spaces: words a level's instances got from neighbours (per parent instance)
    private readonly long[] _linkSaved;    // levels x spaces: parent reads those link transfers saved
    private readonly bool[] _kept;
    private readonly long[] _levelCycles;
    private readonly double[] _levelEnergy;
    private readonly double[] _levelLeak;
    private readonly double[] _tensorEnergy;
    private readonly long[] _stepTranslation;
    private readonly int[] _loopDim;
    private readonly long[] _loopFactor;
    private readonly long[] _loopStride;
    private readonly int[] _loopsAbove;
    private readonly long[] _linkInstances = new long[TileDeltaAnalysis.MaxLoops];
    private readonly long[] _linkSavedPerWord = new long[TileDeltaAnalysis.MaxLoops];
    private readonly long[] _steps = new long[TileDeltaAnalysis.MaxLoops * TileDeltaAnalysis.MaxAxes];
    private readonly long[] _carried = new long[TileDeltaAnalysis.MaxAxes];
    private int _stepsFirst = -1;
    private int _stepsSpace = -1;
    private long _stepsEvaluation = -1;
    private long _evaluation;
    private readonly NeighbourLinks?[] _neighbours;
    private readonly bool _anyReadWrite;
    private int _loopCount;
    private long _opsPerUnit;
    private long[] _offsetScratch = new long[64];

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

        _dimTermStart = new int[_spaces * _dims + 1];
        _dimTermAxis = new int[totalTerms];
        _dimTermCoeff = new int[totalTerms];
        _separable = new bool[_spaces];
        _pure = new bool[_spaces];
        var k = 0;
        for (var s = 0; s < _spaces; s++)
        {
            _separable[s] = true;
            for (var x = 0; x < _dims; x++)
            {
                _dimTermStart[s * _dims + x] = k;
                for (var a = 0; a < _axes[s]; a++)
                {
                    var axis = _axisBase[s] + a;
                    for (var u = _termStart[axis]; u < _termStart[axis + 1]; u++)
                    {
                        if (_termDim[u] != x) continue;
                        _dimTermAxis[k] = a;
                        _dimTermCoeff[k] = _termCoeff[u];
                        k++;
                    }
                }
                if (k - _dimTermStart[s * _dims + x] > 1) _separable[s] = false;
            }
            _pure[s] = shape.DataSpaces[s].Axes.All(axis => axis.Length == 1);
        }
        _dimTermStart[_spaces * _dims] = k;

        _dummy = new bool[_levels];
        _capacity = new long[_levels];
        _fanoutX = new int[_levels];
        _fanoutY = new int[_levels];
        _block = new int[_levels];
        _blockShift = new int[_levels];
        _readBandwidth = new double[_levels];
        _writeBandwidth = new double[_levels];
        _sharedBandwidth = new double[_levels];
        _energy = new StorageEnergy[_levels];
        for (var l = 0; l < _levels; l++)
        {
            var level = architecture.Levels[l];
            _dummy[l] = level.IsSpatialDummy;
            _capacity[l] = level.EffectiveSizeWords ?? long.MaxValue;
            _fanoutX[l] = level.FanoutX;
            _fanoutY[l] = level.FanoutY;
            _block[l] = level.BlockSize;
            _blockShift[l] = System.Numerics.BitOperations.IsPow2(level.BlockSize) ? System.Numerics.BitOperations.Log2((uint)level.BlockSize) : -1;
            _readBandwidth[l] = level.ReadBandwidth ?? double.PositiveInfinity;
            _writeBandwidth[l] = level.WriteBandwidth ?? double.PositiveInfinity;
            _sharedBandwidth[l] = level.SharedBandwidth ?? double.PositiveInfinity;
            _energy[l] = level.Energy;
        }

        _tileFactor = new long[(_levels + 1) * _dims];
        _utilized = new long[_levels + 1];
        _levelSpatial = new long[_levels];
        _temporalAbove = new long[_levels * _dims];
        _extent = new long[_levels * totalAxes];
        var ls = _levels * _spaces;
        _tile = new long[ls];
        _rawFills = new long[ls];
        _reads = new long[ls];
        _fills = new long[ls];
        _updates = new long[ls];
        _partition = new long[ls];
        _distinct = new long[ls];
        _linkWords = new long[ls];
        _linkSaved = new long[ls];
        _neighbours = new NeighbourLinks?[ls];
        _kept = new bool[ls];
        _tensorEnergy = new double[ls];
        _levelCycles = new long[_levels];
        _levelEnergy = new double[_levels];
        _levelLeak = new double[_levels];
        _stepTranslation = new long[_levels * _dims * Math.Max(1, _maxAxes)];
        _loopDim = new int[_levels * _dims];
        _loopFactor = new long[_levels * _dims];
        _loopStride = new long[_levels * _dims];
        _loopsAbove = new int[_levels + 1];
        _anyReadWrite = _readWrite.Contains(true);
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
        if (!Analyze(mapping, detailed: false)) return new CostSummary(_invalidKind, 0, double.PositiveInfinity);
        var cycles = Cycles(ComputeCycles(mapping));
        return new CostSummary(InvalidityKind.None, cycles, Energy(cycles));
    }

    /// <summary>Evaluates a mapping record with full per-level detail (allocates the result).</summary>
    public Evaluation EvaluateDetailed(MappingSpec mapping)
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
        if (!Analyze(mapping, detailed: true)) return Evaluation.Invalid(DescribeInvalidity(), _arch.AreaUm2);
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

    /// <summary>Why the last mapping evaluated was invalid: the kind, the level (-1 when none) and the index (axis, dimension or data space).</summary>
    internal (InvalidityKind Kind, int Level, int Index) LastInvalidity => (_invalidKind, _invalidLevel, _invalidIndex);

    private bool Invalid(InvalidityKind kind, int level, int index, long value, long limit)
    {
        _invalidKind = kind;
        _invalidLevel = level;
        _invalidIndex = index;
        _invalidValue = value;
        _invalidLimit = limit;
        return false;
    }

    private bool Analyze(MappingBuffer m, bool detailed)
    {
        _evaluation++;
        if (m.Levels != _levels || m.Dimensions != _dims || m.DataSpaces != _spaces)
            return Invalid(InvalidityKind.Shape, 0, 0, m.Levels, _levels);
        var dims = _dims;
        var levels = _levels;
        var temporal = m.Temporal;
        var spatial = m.Spatial;
        var tileFactor = _tileFactor;

        // One bottom-up pass: loop bounds at and below each level, spatial fits, and the
        // non-unit temporal loops innermost first (loops above level k start at _loopsAbove[k]).
        tileFactor.AsSpan(levels * dims, dims).Fill(1);
        var n = 0;
        long opsPerUnit = 1;
        _loopsAbove[levels] = 0;
        for (var l = levels - 1; l >= 0; l--)
        {
            var b = l * dims;
            var tl = temporal.AsSpan(b, dims);
            var sl = spatial.AsSpan(b, dims);
            var below = tileFactor.AsSpan(b + dims, dims);
            var here = tileFactor.AsSpan(b, dims);
            long levelSpatial = 1;
            for (var x = 0; x < tl.Length; x++)
            {
                var t = tl[x];
                var sf = sl[x];
                if (t <= 0 || sf <= 0) return Invalid(InvalidityKind.FactorProduct, l, x, Math.Min(t, sf), _bounds[x]);
                // Factors multiply to at most the dimension's size (checked as it grows, so no
                // product of a hostile mapping's factors can overflow into a valid-looking one).
                var bound = _bounds[x];
                if (t > bound || sf > bound) return Invalid(InvalidityKind.FactorProduct, -1, x, Math.Max((long)t, sf) * below[x], bound);
                var product = below[x] * t;
                if (product > bound || (product *= sf) > bound) return Invalid(InvalidityKind.FactorProduct, -1, x, product, bound);
                here[x] = product;
                levelSpatial *= sf;
                opsPerUnit *= t;
            }
            if (levelSpatial > 1)
            {
                long px = 1;
                var split = Math.Min(m.SpatialSplit[l], dims);
                var order = m.SpatialOrder.AsSpan(b, dims);
                for (var i = 0; i < split; i++) px *= sl[order[i]];
                var py = levelSpatial / px;
                if (px > _fanoutX[l]) return Invalid(InvalidityKind.SpatialFanout, l, 0, px, _fanoutX[l]);
                if (py > _fanoutY[l]) return Invalid(InvalidityKind.SpatialFanout, l, 1, py, _fanoutY[l]);
            }
            _levelSpatial[l] = levelSpatial;
            var temporalOrder = m.TemporalOrder.AsSpan(b, dims);
            for (var pos = 0; pos < temporalOrder.Length; pos++)
            {
                var x = temporalOrder[pos];
                var f = tl[x];
                if (f <= 1) continue;
                _loopDim[n] = x;
                _loopFactor[n] = f;
                _loopStride[n] = sl[x] * below[x];
                n++;
            }
            _loopsAbove[l] = n;
        }
        _loopCount = n;
        _opsPerUnit = opsPerUnit;
        for (var x = 0; x < dims; x++)
        {
            if (tileFactor[x] != _bounds[x]) return Invalid(InvalidityKind.FactorProduct, -1, x, tileFactor[x], _bounds[x]);
        }
        _utilized[0] = 1;
        for (var l = 0; l < levels; l++) _utilized[l + 1] = _utilized[l] * _levelSpatial[l];

        // Tiles, keep/bypass and capacity. Arrays are read through locals so the JIT keeps them in registers.
        var totalAxes = _termStart.Length - 1;
        var termStart = _termStart;
        var termDim = _termDim;
        var termCoeff = _termCoeff;
        var extents = _extent;
        var tiles = _tile;
        var kept = _kept;
        var keepIn = m.Keep;
        var spaces = _spaces;
        var axesOf = _axes;
        var axisBaseOf = _axisBase;
        for (var l = 0; l < levels; l++)
        {
            long used = 0;
            var dummy = _dummy[l];
            var tileBase = l * dims;
            for (var s = 0; s < spaces; s++)
            {
                var i = l * spaces + s;
                var keep = keepIn[i] && !dummy;
                kept[i] = keep;
                if (!keep)
                {
                    if (l == 0) return Invalid(InvalidityKind.BackingStoreBypass, 0, s, 0, 0);
                    continue;
                }
                long tile = 1;
                var axisBase = axisBaseOf[s];
                var axisEnd = axisBase + axesOf[s];
                for (var axis = axisBase; axis < axisEnd; axis++)
                {
                    long extent = 1;
                    var end = termStart[axis + 1];
                    for (var t = termStart[axis]; t < end; t++)
                        extent += termCoeff[t] * (tileFactor[tileBase + termDim[t]] - 1);
                    extents[l * totalAxes + axis] = extent;
                    tile *= extent;
                }
                tiles[i] = tile;
                used += tile;
            }
            if (used > _capacity[l]) return Invalid(InvalidityKind.Capacity, l, 0, used, _capacity[l]);
        }

        // Distinct child tiles under one instance of each level (multicast and spatial reduction).
        for (var l = 0; l < levels; l++)
        {
            for (var s = 0; s < _spaces; s++)
                _distinct[l * _spaces + s] = _levelSpatial[l] == 1 ? 1 : DistinctChildTiles(m, l, s);
        }

        if (detailed || _anyReadWrite) ComputeTemporalAbove(temporal);

        // Accesses, per tensor along its chain of keeping levels, innermost first so that each
        // level finds its child's fills already counted.
        var distinct = _distinct;
        var rawFillsOf = _rawFills;
        var reads = _reads;
        var fills = _fills;
        var updates = _updates;
        var partitions = _partition;
        var linkWords = _linkWords;
        var linkSaved = _linkSaved;
        for (var s = 0; s < spaces; s++)
        {
            var readWrite = _readWrite[s];
            var child = levels;
            for (var l = levels - 1; l >= 0; l--)
            {
                var i = l * spaces + s;
                if (!kept[i]) continue;
                var partition = readWrite || detailed ? PartitionSize(l, s) : 0;
                partitions[i] = partition;
                linkWords[i] = 0;
                linkSaved[i] = 0;
                // Accesses from below first: their link analysis walks the same loops as this
                // level's child, so it finds that walk's moves still computed.
                var fromBelow = FromBelow(l, child, s, m, out var exactly);
                var rawFills = l == 0 ? tiles[i] : FillsFromAbove(l, s, m);
                rawFillsOf[i] = rawFills;
                var links = linkWords[i];
                if (links == 0 && exactly)
                {
                    var words = (long)fromBelow;
                    if (readWrite)
                    {
                        updates[i] = words;
                        reads[i] = Math.Max(0, words - partition);
                        fills[i] = l == 0 ? 0 : Math.Max(0, rawFills - partition);
                    }
                    else
                    {
                        updates[i] = 0;
                        reads[i] = words;
                        fills[i] = l == 0 ? 0 : rawFills;
                    }
                }
                else
                {
                    // As Timeloop counts them: each instance's share of its parent's reads (the
                    // parent's accesses times their multicast over the fan-out), plus the link words
                    // spread over every instance of the level (its neighbours read them out).
                    Int128 e = l == 0 ? 1 : _levelSpatial[l - 1];
                    Int128 r = _utilized[l];
                    var peer = (double)links / _utilized[l];
                    var shareTimes = (e * rawFills - links) * r + links * e;   // (share + peer) x e x r
                    if (readWrite)
                    {
                        updates[i] = Round(fromBelow);
                        reads[i] = Math.Max(0, Round(fromBelow + peer - partition));
                        fills[i] = l == 0 ? 0 : Math.Max(0, RoundQuotient(shareTimes - partition * e * r, e * r));
                    }
                    else
                    {
                        updates[i] = 0;
                        reads[i] = Round(fromBelow + peer);
                        fills[i] = l == 0 ? 0 : (long)(shareTimes / (e * r));
                    }
                }
                child = l;
            }
        }
        return true;
    }

    // Accesses to one instance of `level` from its children, as Timeloop's tile masking carries them:
    // the kept child's fills, times the distinct tiles at each fan-out in between. At the fan-out
    // right above the kept child, link transfers take parent reads off; at a fan-out above a level
    // that bypasses the tensor, the accesses are scaled by the fan-out over the mean multicast,
    // which link transfers there change. `exactly` is false when the result is not an integer.
    private double FromBelow(int level, int child, int space, MappingBuffer m, out bool exactly)
    {
        var spaces = _spaces;
        exactly = true;
        var below = child - 1;
        double words = child == _levels
            ? _opsPerUnit * _distinct[below * spaces + space]
            : _rawFills[child * spaces + space] * _distinct[below * spaces + space] - _linkSaved[child * spaces + space];
        for (var k = below - 1; k >= level; k--)
        {
            var d = _distinct[k * spaces + space];
            if (_levelSpatial[k] > 1 && LinkRatio(k, space, m, out var accesses, out var weighted))
            {
                words = words * _levelSpatial[k] * accesses / weighted;
                exactly = false;
            }
            else
            {
                words *= d;
            }
        }
        return words;
    }

    // Accesses and multicast-weighted accesses at fan-out `fanout` for a tensor the level below it
    // bypasses, when link transfers change them (false: they are distinct tiles x fills, no links).
    private bool LinkRatio(int fanout, int space, MappingBuffer m, out double accesses, out double weighted)
    {
        accesses = weighted = 0;
        var below = fanout + 1;
        if (below >= _levels || _pure[space]) return false;
        ComputeSteps(below, space);
        if (!MayLink(below, space, m, tables: false)) return false;
        var i = below * _spaces + space;
        EnsureTile(below, space);
        _linkWords[i] = 0;
        _linkSaved[i] = 0;
        var raw = FillsFromAbove(below, space, m);
        var links = _linkWords[i];
        if (links == 0) return false;
        accesses = (double)(raw * _distinct[fanout * _spaces + space] - _linkSaved[i]);
        weighted = (double)(raw * _levelSpatial[fanout] - links);
        _linkWords[i] = 0;
        _linkSaved[i] = 0;
        return weighted > 0;
    }

    // Tile extents of a tensor at a level that does not keep it (the analysis of a fan-out above
    // it needs how that level's tile moves).
    private void EnsureTile(int level, int space)
    {
        var totalAxes = _termStart.Length - 1;
        long tile = 1;
        for (var axis = _axisBase[space]; axis < _axisBase[space] + _axes[space]; axis++)
        {
            long extent = 1;
            for (var t = _termStart[axis]; t < _termStart[axis + 1]; t++)
                extent += _termCoeff[t] * (_tileFactor[level * _dims + _termDim[t]] - 1);
            _extent[level * totalAxes + axis] = extent;
            tile *= extent;
        }
        _tile[level * _spaces + space] = tile;
    }

    private static long Round(double x) => (long)Math.Round(x, MidpointRounding.AwayFromZero);

    private static long RoundQuotient(Int128 numerator, Int128 denominator) =>
        numerator >= 0 ? (long)((2 * numerator + denominator) / (2 * denominator)) : -(long)((-2 * numerator + denominator) / (2 * denominator));

    private void ComputeTemporalAbove(int[] temporal)
    {
        var dims = _dims;
        for (var x = 0; x < dims; x++) _temporalAbove[x] = 1;
        for (var l = 1; l < _levels; l++)
        {
            for (var x = 0; x < dims; x++)
                _temporalAbove[l * dims + x] = _temporalAbove[(l - 1) * dims + x] * temporal[(l - 1) * dims + x];
        }
    }

    /// <summary>When false, every tensor goes through the general delta analysis (tests compare the two).</summary>
    internal bool ClosedFormForPureTensors { get; set; } = true;

    private long FillsFromAbove(int level, int space, MappingBuffer m)
    {
        var dims = _dims;
        // Only tensors with sliding windows can find a tile at a neighbour: without them every
        // step that moves a tile moves it further than any two instances' tiles are apart, and a
        // tile that does not move is never refetched.
        var links = !_pure[space] && _levelSpatial[level - 1] > 1;
        if (_pure[space] && ClosedFormForPureTensors)
        {
            // Without sliding windows a loop step moves the tile by at least its extent, so no
            // overlap is ever kept: from the innermost relevant loop outward, every step refetches.
            var loop = _loopsAbove[level];
            var relevant = _relevant;
            var relevantBase = space * dims;
            while (loop < _loopCount && !relevant[relevantBase + _loopDim[loop]]) loop++;
            long product = 1;
            for (; loop < _loopCount; loop++) product *= _loopFactor[loop];
            return _tile[level * _spaces + space] * product;
        }
        var first = _loopsAbove[level];
        var count = _loopCount - first;
        var steps = ComputeSteps(level, space);
        var totalAxes = _termStart.Length - 1;
        var extents = _extent.AsSpan(level * totalAxes + _axisBase[space], _axes[space]);
        var tile = _tile[level * _spaces + space];
        if (!links || !MayLink(level, space, m, tables: true))
            return TileDeltaAnalysis.Walk(steps, _loopFactor.AsSpan(first, count), extents, tile, default, default, TileDeltaAnalysis.Scratch.ForThread, out _, out _);
        var fills = TileDeltaAnalysis.Walk(steps, _loopFactor.AsSpan(first, count), extents, tile,
            _linkInstances.AsSpan(0, count), _linkSavedPerWord.AsSpan(0, count), TileDeltaAnalysis.Scratch.ForThread, out var linkWords, out var saved);
        _linkWords[level * _spaces + space] = linkWords;
        _linkSaved[level * _spaces + space] = saved;
        return fills;
    }

    // The tile's moves in the walk of the loops above `level` (see TileDeltaAnalysis), into _steps.
    private Span<long> ComputeSteps(int level, int space)
    {
        var dims = _dims;
        var axes = _axes[space];
        var first = _loopsAbove[level];
        var count = _loopCount - first;
        // Levels without loops of their own (fan-outs) share the walk of the level below them.
        if (_stepsFirst == first && _stepsSpace == space && _stepsEvaluation == _evaluation) return _steps.AsSpan(0, count * axes);
        _stepsFirst = first;
        _stepsSpace = space;
        _stepsEvaluation = _evaluation;
        var translation = _stepTranslation.AsSpan(0, count * axes);
        translation.Clear();
        var keyBase = space * dims;
        for (var j = 0; j < count; j++)
        {
            var loop = first + j;
            var key = keyBase + _loopDim[loop];
            var stride = _loopStride[loop];
            var end = _dimTermStart[key + 1];
            for (var t = _dimTermStart[key]; t < end; t++) translation[j * axes + _dimTermAxis[t]] += _dimTermCoeff[t] * stride;
        }
        var steps = _steps.AsSpan(0, count * axes);
        TileDeltaAnalysis.StepTranslations(translation, axes, steps, _carried);
        return steps;
    }

    /// <summary>
    /// Link transfers into <paramref name="level"/> from the fan-out right above it, as Timeloop
    /// finds them: an instance whose delta equals what a grid neighbour received one step earlier
    /// gets it over the link, when that saves parent reads. A move can only be such a difference
    /// when it is no longer than the spread of the instances' offsets; that cheap test comes first.
    /// Reads the moves from <see cref="ComputeSteps"/>. With <paramref name="tables"/> it fills the
    /// per-loop tables <see cref="TileDeltaAnalysis.Walk"/> takes and returns whether any is
    /// non-zero; without, it only says whether any move could link.
    /// </summary>
    private bool MayLink(int level, int space, MappingBuffer m, bool tables)
    {
        var dims = _dims;
        var fanout = level - 1;
        var axes = _axes[space];
        var count = _loopCount - _loopsAbove[level];
        if (count == 0) return false;

        // The spread of the instances' offsets per tensor axis.
        var span = _carried.AsSpan(0, axes);
        span.Clear();
        var b = fanout * dims;
        for (var x = 0; x < dims; x++)
        {
            var f = m.Spatial[b + x];
            if (f <= 1) continue;
            var key = space * dims + x;
            var stride = _tileFactor[level * dims + x];
            for (var t = _dimTermStart[key]; t < _dimTermStart[key + 1]; t++)
                span[_dimTermAxis[t]] += (f - 1) * Math.Abs(_dimTermCoeff[t] * stride);
        }

        // A move that leaves the tile in place can still refetch it whole (after a move by another
        // translation) and then find it at a neighbour holding the same tile: only where two
        // instances hold equal tiles.
        var standStill = _distinct[fanout * _spaces + space] < _levelSpatial[fanout];
        var steps = _steps.AsSpan(0, count * axes);
        var any = false;
        for (var j = 0; j < count; j++)
        {
            var moved = false;
            var within = true;
            for (var a = 0; a < axes; a++)
            {
                var d = steps[j * axes + a];
                if (Math.Abs(d) > span[a]) within = false;
                if (d != 0) moved = true;
            }
            if (tables)
            {
                _linkInstances[j] = 0;
                _linkSavedPerWord[j] = 0;
            }
            if (!within || !(moved || standStill)) continue;
            if (!tables) return true;
            any |= CountLinks(fanout, level, space, m, steps.Slice(j * axes, axes), out _linkInstances[j], out _linkSavedPerWord[j]);
        }
        return any;
    }

    // The instances under one parent instance that get a move `step` from a grid neighbour, and
    // the parent reads that saves (false when none, or when it saves nothing).
    private bool CountLinks(int fanout, int child, int space, MappingBuffer m, ReadOnlySpan<long> step, out long instances, out long saved)
    {
        instances = 0;
        saved = 0;
        var links = NeighboursOf(fanout, child, space, m);
        if (links is null || !links.Find(step, out var reused, out var distinctLeft)) return false;
        var all = _distinct[fanout * _spaces + space];
        if (reused == 0 || distinctLeft >= all) return false;
        instances = reused;
        saved = all - distinctLeft;
        return true;
    }

    // The neighbour table of a fan-out for one tensor, rebuilt only when its spatial loops change.
    private NeighbourLinks? NeighboursOf(int fanout, int child, int space, MappingBuffer m)
    {
        var dims = _dims;
        var axes = _axes[space];
        var b = fanout * dims;
        Span<int> loopEnd = stackalloc int[dims];
        Span<bool> loopX = stackalloc bool[dims];
        Span<long> loopStep = stackalloc long[dims * axes];
        loopStep.Clear();
        long usedX = 1, usedY = 1;
        var loops = 0;
        for (var pos = 0; pos < dims; pos++)
        {
            var x = m.SpatialOrder[b + pos];
            var f = m.Spatial[b + x];
            if (f <= 1) continue;
            var onX = pos < m.SpatialSplit[fanout];
            loopEnd[loops] = f;
            loopX[loops] = onX;
            var key = space * dims + x;
            var stride = _tileFactor[child * dims + x];
            for (var t = _dimTermStart[key]; t < _dimTermStart[key + 1]; t++)
                loopStep[loops * axes + _dimTermAxis[t]] += _dimTermCoeff[t] * stride;
            if (onX) usedX *= f;
            else usedY *= f;
            loops++;
        }
        var links = _neighbours[fanout * _spaces + space] ??= new NeighbourLinks();
        var ready = links.Prepare(loopEnd[..loops], loopX[..loops], loopStep[..(loops * axes)], axes,
            Math.Max(_fanoutX[fanout], usedX), Math.Max(_fanoutY[fanout], usedY));
        return ready ? links : null;
    }

    // Words of a tensor one instance of a level touches over the whole layer: its tile grown by
    // the temporal loops above it (spatial loops above pick which instance, not how much).
    private long PartitionSize(int level, int space)
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
                size *= _tileFactor[level * dims + x] * _temporalAbove[level * dims + x];
            }
            else
            {
                long extent = 1;
                for (var t = first; t < first + count; t++)
                {
                    var x = _termDim[t];
                    extent += _termCoeff[t] * (_tileFactor[level * dims + x] * _temporalAbove[level * dims + x] - 1);
                }
                size *= extent;
            }
        }
        return size;
    }

    // How many different tiles of a tensor the children of one instance of `level` hold: equal
    // tiles are multicast (inputs) or spatially reduced (outputs). Like Timeloop, tiles are
    // compared within one fan-out level.
    private long DistinctChildTiles(MappingBuffer m, int level, int space)
    {
        var dims = _dims;
        long product = 1;
        var axesUsed = 0;
        var separable = _separable[space];
        for (var x = 0; x < dims; x++)
        {
            var f = m.Spatial[level * dims + x];
            var key = space * dims + x;
            if (f <= 1 || !_relevant[key]) continue;
            product *= f;
            for (var t = _dimTermStart[key]; t < _dimTermStart[key + 1]; t++)
            {
                var bit = 1 << _dimTermAxis[t];
                if ((axesUsed & bit) != 0) separable = false;
                axesUsed |= bit;
            }
        }
        return separable || product <= 1 ? product : CountDistinctOffsets(m, level, space, product);
    }

    // Rare path: several spatial loops project onto one tensor axis (e.g. S and Q both move H).
    private long CountDistinctOffsets(MappingBuffer m, int level, int space, long combinations)
    {
        if (combinations > MaxFanoutEnumeration) return combinations;
        var dims = _dims;
        if (_offsetScratch.Length < combinations) _offsetScratch = new long[Math.Max(combinations, 2 * _offsetScratch.Length)];
        var offsets = _offsetScratch;
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

    // Timeloop's arithmetic, in its order: per tensor words per compute cycle, summed; the level's
    // slowdown is its bandwidth over that demand; its cycles the compute cycles over the slowdown,
    // rounded up (floating-point rounding included, so the counts match to the cycle).
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
            // Clearly within every bandwidth (the usual case): no floating-point replay needed.
            var margin = computeCycles * (1 - 1e-9);
            if (readWords <= _readBandwidth[l] * margin && writeWords <= _writeBandwidth[l] * margin
                && readWords + writeWords <= _sharedBandwidth[l] * margin) continue;
            double readDemand = 0, writeDemand = 0;
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                readDemand += (double)_reads[i] / computeCycles;
                writeDemand += (double)(_fills[i] + _updates[i]) / computeCycles;
            }
            var slowdown = 1.0;
            if (_readBandwidth[l] < readDemand) slowdown = Math.Min(slowdown, _readBandwidth[l] / readDemand);
            if (_writeBandwidth[l] < writeDemand) slowdown = Math.Min(slowdown, _writeBandwidth[l] / writeDemand);
            if (_sharedBandwidth[l] < readDemand + writeDemand) slowdown = Math.Min(slowdown, _sharedBandwidth[l] / (writeDemand + readDemand));
            var levelCycles = slowdown < 1 ? (long)Math.Ceiling(computeCycles / slowdown) : computeCycles;
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
            var e = _energy[l];
            double levelEnergy = 0;
            for (var s = 0; s < _spaces; s++)
            {
                var i = l * _spaces + s;
                if (!_kept[i]) continue;
                var perInstance = Blocks(_reads[i], l) * e.Read
                    + Blocks(_fills[i], l) * e.Write
                    + Blocks(_updates[i], l) * e.Update;
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

    private long Blocks(long words, int level)
    {
        var shift = _blockShift[level];
        return shift >= 0 ? (words + _block[level] - 1) >> shift : (words + _block[level] - 1) / _block[level];
    }

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
