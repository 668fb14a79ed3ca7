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
    private readonly TileDeltaAnalysis.Scratch _deltaScratch = new();
    private readonly long[] _linkInstances = new long[TileDeltaAnalysis.MaxLoops];
    private readonly long[] _linkSavedPerWord = new long[TileDeltaAnalysis.MaxLoops];
    private readonly long[] _steps = new long[TileDeltaAnalysis.MaxLoops * TileDeltaAnalysis.MaxAxes];
    private long[] _elementOffsets = new long[256 * TileDeltaAnalysis.MaxAxes];
    private bool[] _elementReused = new bool[256];
    private readonly bool _anyReadWrite;
    private int _loopCount;
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
                here[x] = below[x] * t * sf;
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
                var rawFills = l == 0 ? tiles[i] : FillsFromAbove(l, s, m);
                rawFillsOf[i] = rawFills;
                long fromBelow;
                if (child == levels)
                {
                    fromBelow = opsPerUnit;
                    for (var k = l; k < child; k++) fromBelow *= distinct[k * spaces + s];
                }
                else
                {
                    // Distinct child tiles per parent instance; neighbours' link transfers at the
                    // fan-out right above the child take some off the parent.
                    var c = child * spaces + s;
                    fromBelow = rawFillsOf[c] * distinct[(child - 1) * spaces + s] - linkSaved[c];
                    for (var k = l; k < child - 1; k++) fromBelow *= distinct[k * spaces + s];
                }
                var links = linkWords[i];
                if (links == 0)
                {
                    if (readWrite)
                    {
                        updates[i] = fromBelow;
                        reads[i] = Math.Max(0, fromBelow - partition);
                        fills[i] = l == 0 ? 0 : Math.Max(0, rawFills - partition);
                    }
                    else
                    {
                        updates[i] = 0;
                        reads[i] = fromBelow;
                        fills[i] = l == 0 ? 0 : rawFills;
                    }
                }
                else
                {
                    // As Timeloop counts them: each instance's share of the parent's reads, plus the
                    // link words spread over every instance of the level (its neighbours read them).
                    var peer = (double)links / _utilized[l];
                    var share = rawFills - (double)links / _levelSpatial[l - 1];
                    if (readWrite)
                    {
                        updates[i] = fromBelow;
                        reads[i] = Math.Max(0, (long)Math.Round(fromBelow + peer - partition, MidpointRounding.AwayFromZero));
                        fills[i] = Math.Max(0, (long)Math.Round(share + peer - partition, MidpointRounding.AwayFromZero));
                    }
                    else
                    {
                        updates[i] = 0;
                        reads[i] = (long)Math.Round(fromBelow + peer, MidpointRounding.AwayFromZero);
                        fills[i] = (long)Math.Floor(share + peer);
                    }
                }
                child = l;
            }
        }
        return true;
    }

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
        var links = _levelSpatial[level - 1] > 1;
        if (_pure[space] && ClosedFormForPureTensors && !(links && MayLink(level, space, m, checkOnly: true)))
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
        var axes = _axes[space];
        var first = _loopsAbove[level];
        var count = _loopCount - first;
        var translation = _stepTranslation;
        Array.Clear(translation, 0, count * axes);
        var loopDim = _loopDim;
        var loopStride = _loopStride;
        var dimTermStart = _dimTermStart;
        var dimTermAxis = _dimTermAxis;
        var dimTermCoeff = _dimTermCoeff;
        var keyBase = space * dims;
        for (var j = 0; j < count; j++)
        {
            var loop = first + j;
            var key = keyBase + loopDim[loop];
            var stride = loopStride[loop];
            var end = dimTermStart[key + 1];
            for (var t = dimTermStart[key]; t < end; t++) translation[j * axes + dimTermAxis[t]] += dimTermCoeff[t] * stride;
        }
        var totalAxes = _termStart.Length - 1;
        var extents = _extent.AsSpan(level * totalAxes + _axisBase[space], axes);
        var tile = _tile[level * _spaces + space];
        var steps = translation.AsSpan(0, count * axes);
        if (!links || !MayLink(level, space, m, checkOnly: false))
            return TileDeltaAnalysis.Fills(steps, _loopFactor.AsSpan(first, count), extents, tile, _deltaScratch);
        var fills = TileDeltaAnalysis.Walk(steps, _loopFactor.AsSpan(first, count), extents, tile,
            _linkInstances.AsSpan(0, count), _linkSavedPerWord.AsSpan(0, count), _deltaScratch, out var linkWords, out var saved);
        _linkWords[level * _spaces + space] = linkWords;
        _linkSaved[level * _spaces + space] = saved;
        return fills;
    }

    /// <summary>
    /// Link transfers into <paramref name="level"/> from the fan-out right above it, as Timeloop
    /// finds them: an instance whose delta equals what a grid neighbour received one step earlier
    /// gets it over the link, when that saves parent reads. A step can only be such a move when it
    /// is no longer than the spread of the instances' offsets; that cheap test comes first. With
    /// <paramref name="checkOnly"/> it only says whether any step could link; otherwise it fills the
    /// per-loop tables <see cref="TileDeltaAnalysis.Walk"/> takes and returns whether any is non-zero.
    /// </summary>
    private bool MayLink(int level, int space, MappingBuffer m, bool checkOnly)
    {
        var dims = _dims;
        var fanout = level - 1;
        var axes = _axes[space];
        var first = _loopsAbove[level];
        var count = _loopCount - first;
        if (count == 0) return false;

        // Each spatial loop's offset step per tensor axis, and the spread of offsets per axis.
        Span<long> span = stackalloc long[TileDeltaAnalysis.MaxAxes];
        span = span[..axes];
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

        // The walk's steps for this tensor (its translations were written by the caller, or are
        // computed here for the closed-form path).
        var translation = _stepTranslation.AsSpan(0, count * axes);
        if (checkOnly)
        {
            translation.Clear();
            for (var j = 0; j < count; j++)
            {
                var key = space * dims + _loopDim[first + j];
                for (var t = _dimTermStart[key]; t < _dimTermStart[key + 1]; t++)
                    translation[j * axes + _dimTermAxis[t]] += _dimTermCoeff[t] * _loopStride[first + j];
            }
        }
        var steps = _steps.AsSpan(0, count * axes);
        TileDeltaAnalysis.StepTranslations(translation, axes, steps);
        var any = false;
        for (var j = 0; j < count; j++)
        {
            var step = steps.Slice(j * axes, axes);
            var candidate = false;
            for (var a = 0; a < axes; a++)
            {
                if (Math.Abs(step[a]) > span[a]) { candidate = false; break; }
                if (step[a] != 0) candidate = true;
            }
            if (!checkOnly)
            {
                _linkInstances[j] = 0;
                _linkSavedPerWord[j] = 0;
            }
            if (!candidate) continue;
            if (checkOnly) return true;
            any |= CountLinks(fanout, level, space, m, step, out _linkInstances[j], out _linkSavedPerWord[j]);
        }
        return any;
    }

    // Brute force over the instances under one parent instance (only for steps that passed the
    // spread test): which instance has a grid neighbour offset by exactly `step`.
    private bool CountLinks(int fanout, int child, int space, MappingBuffer m, ReadOnlySpan<long> step, out long instances, out long saved)
    {
        instances = 0;
        saved = 0;
        var dims = _dims;
        var axes = _axes[space];
        var elements = _levelSpatial[fanout];
        if (elements > MaxFanoutEnumeration) return false;
        if (_elementReused.Length < elements) _elementReused = new bool[Math.Max(elements, 2 * _elementReused.Length)];
        if (_elementOffsets.Length < elements * axes) _elementOffsets = new long[Math.Max(elements * axes, 2 * _elementOffsets.Length)];
        var offsets = _elementOffsets;
        var reused = _elementReused;

        // The spatial loops innermost first; an instance's linear index counts the innermost loop
        // fastest, and the grid is as wide as the larger of the physical and the used X fan-out.
        var b = fanout * dims;
        long usedX = 1;
        long usedY = 1;
        Span<int> loopDim = stackalloc int[dims];
        Span<int> loopEnd = stackalloc int[dims];
        var loops = 0;
        for (var pos = 0; pos < dims; pos++)
        {
            var x = m.SpatialOrder[b + pos];
            var f = m.Spatial[b + x];
            if (f <= 1) continue;
            loopDim[loops] = x;
            loopEnd[loops] = f;
            loops++;
            if (pos < m.SpatialSplit[fanout]) usedX *= f;
            else usedY *= f;
        }
        var width = Math.Max(_fanoutX[fanout], usedX);
        var height = Math.Max(_fanoutY[fanout], usedY);
        Span<int> index = stackalloc int[dims];
        index.Clear();
        for (long e = 0; e < elements; e++)
        {
            for (var a = 0; a < axes; a++) offsets[e * axes + a] = 0;
            for (var j = 0; j < loops; j++)
            {
                var key = space * dims + loopDim[j];
                var stride = _tileFactor[child * dims + loopDim[j]];
                for (var t = _dimTermStart[key]; t < _dimTermStart[key + 1]; t++)
                    offsets[e * axes + _dimTermAxis[t]] += _dimTermCoeff[t] * stride * index[j];
            }
            for (var j = 0; j < loops && ++index[j] == loopEnd[j]; j++) index[j] = 0;
        }
        for (long e = 0; e < elements; e++)
        {
            reused[e] = false;
            var h = e % width;
            var v = e / width;
            for (var n = 0; n < 4 && !reused[e]; n++)
            {
                var (nh, nv) = n switch { 0 => (h - 1, v), 1 => (h + 1, v), 2 => (h, v - 1), _ => (h, v + 1) };
                if (nh < 0 || nh >= width || nv < 0 || nv >= height) continue;
                var neighbour = nv * width + nh;
                if (neighbour >= elements) continue;
                var match = true;
                for (var a = 0; a < axes && match; a++) match = offsets[neighbour * axes + a] - offsets[e * axes + a] == step[a];
                reused[e] = match;
            }
            if (reused[e]) instances++;
        }
        if (instances == 0) return false;

        // Parent reads: distinct deltas among the instances not served by a neighbour; offsets as
        // mixed-radix keys over their per-axis range.
        Span<long> low = stackalloc long[TileDeltaAnalysis.MaxAxes];
        Span<long> high = stackalloc long[TileDeltaAnalysis.MaxAxes];
        low.Fill(long.MaxValue);
        high.Fill(long.MinValue);
        for (long e = 0; e < elements; e++)
        {
            for (var a = 0; a < axes; a++)
            {
                low[a] = Math.Min(low[a], offsets[e * axes + a]);
                high[a] = Math.Max(high[a], offsets[e * axes + a]);
            }
        }
        if (_offsetScratch.Length < elements) _offsetScratch = new long[Math.Max(elements, 2 * _offsetScratch.Length)];
        var keys = _offsetScratch;
        var remaining = 0;
        for (long e = 0; e < elements; e++)
        {
            if (reused[e]) continue;
            long key = 0;
            for (var a = 0; a < axes; a++) key = key * (high[a] - low[a] + 1) + offsets[e * axes + a] - low[a];
            keys[remaining++] = key;
        }
        Array.Sort(keys, 0, remaining);
        long distinctLeft = remaining > 0 ? 1 : 0;
        for (var i = 1; i < remaining; i++)
        {
            if (keys[i] != keys[i - 1]) distinctLeft++;
        }
        var all = _distinct[fanout * _spaces + space];
        if (distinctLeft >= all)
        {
            instances = 0;
            return false;
        }
        saved = all - distinctLeft;
        return true;
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
