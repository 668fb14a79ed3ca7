using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>
/// The mappings a (hardware, layer) allows: where each dimension's factors may go (temporal at a
/// storage level, spatial across a fan-out), which factors the constraints fix, which loop orders
/// and X/Y splits are fixed, and which tensors each level must keep or bypass. Built from the
/// architecture's Timeloop-style constraints (and any extra constraints file).
/// <para>
/// Factors are moved as prime factors: each dimension's size minus its fixed factors is split
/// into primes, and a mapping assigns every prime to a slot. Slot <c>2l</c> is the temporal loop
/// of level <c>l</c>, slot <c>2l+1</c> its spatial loop.
/// </para>
/// </summary>
public sealed class MapSpace
{
    internal const byte AxisFree = 255;

    private bool _lenient;

    private MapSpace(Problem problem, Architecture architecture)
    {
        Problem = problem;
        Architecture = architecture;
        Levels = architecture.Levels.Length;
        Dimensions = problem.Shape.Dimensions.Length;
        DataSpaces = problem.Shape.DataSpaces.Length;
        FixedFactor = new int[Levels * 2 * Dimensions];
        Array.Fill(FixedFactor, 0);
        AllowedSlot = new bool[Levels * 2 * Dimensions];
        Axis = new byte[Levels * Dimensions];
        Array.Fill(Axis, AxisFree);
        OrderPrefix = new int[Levels][];
        SpatialRank = new int[Levels * Dimensions];
        for (var i = 0; i < SpatialRank.Length; i++) SpatialRank[i] = Dimensions + i % Dimensions;
        KeepFixed = new sbyte[Levels * DataSpaces];
        GroupOf = new int[Levels];
        Array.Fill(GroupOf, -1);
    }

    /// <summary>The layer.</summary>
    public Problem Problem { get; }

    /// <summary>The hardware.</summary>
    public Architecture Architecture { get; }

    /// <summary>Storage levels.</summary>
    public int Levels { get; }

    /// <summary>Problem dimensions.</summary>
    public int Dimensions { get; }

    /// <summary>Data spaces.</summary>
    public int DataSpaces { get; }

    /// <summary>Per (slot, dim): a fixed factor, or 0 when free. Index <c>slot * Dimensions + dim</c>.</summary>
    internal int[] FixedFactor { get; }

    /// <summary>Per (slot, dim): true when free primes of the dim may go to the slot.</summary>
    internal bool[] AllowedSlot { get; }

    /// <summary>Per (level, dim): 0 = X, 1 = Y, <see cref="AxisFree"/> = the search chooses.</summary>
    internal byte[] Axis { get; }

    /// <summary>Per level: dimensions whose temporal order is fixed innermost first (may be empty).</summary>
    internal int[][] OrderPrefix { get; }

    /// <summary>
    /// Per (level, dim): where the dimension goes in the spatial order (lower is inner): the
    /// constraint's spatial permutation first, in its order, then the others in dimension order.
    /// The X loops come before the Y loops; within each, this rank orders them.
    /// </summary>
    internal int[] SpatialRank { get; }

    /// <summary>
    /// Groups of levels that are branches of one <c>!Parallel</c>: a data space one branch keeps
    /// the others bypass, so each free keep choice in a group picks at most one branch.
    /// </summary>
    internal int[][] KeepGroups { get; private set; } = [];

    /// <summary>Per level: its index in <see cref="KeepGroups"/>, or -1.</summary>
    internal int[] GroupOf { get; }

    /// <summary>Per (level, data space): 1 keep, 0 bypass, -1 free.</summary>
    internal sbyte[] KeepFixed { get; }

    /// <summary>The movable prime factors: dimension and value of each.</summary>
    internal int[] PrimeDim { get; private set; } = [];

    /// <summary>Value of each movable prime.</summary>
    internal int[] PrimeValue { get; private set; } = [];

    /// <summary>Per prime, the slots it may go to.</summary>
    internal int[][] PrimeSlots { get; private set; } = [];

    /// <summary>Levels whose temporal order the search may change (more than one free position).</summary>
    internal int[] PermutableLevels { get; private set; } = [];

    /// <summary>(level, dim) pairs whose spatial axis is free, as level * Dimensions + dim.</summary>
    internal int[] FreeAxes { get; private set; } = [];

    /// <summary>(level, data space) keep choices that are free, as level * DataSpaces + space.</summary>
    internal int[] FreeKeeps { get; private set; } = [];

    /// <summary>Number of movable primes.</summary>
    public int PrimeCount => PrimeDim.Length;

    /// <summary>
    /// Builds the map-space. Constraints are keyed by level (storage or fan-out level) name; names
    /// that are neither a level nor a container are an error.
    /// </summary>
    /// <param name="problem">The layer.</param>
    /// <param name="architecture">The hardware.</param>
    /// <param name="constraints">Constraints by level name (architecture and constraint files merged).</param>
    /// <param name="containerLevels">Container name to fan-out level name, so constraints may name containers.</param>
    /// <param name="ignoreUnknownDimensions">Skip constraints on dimensions or data spaces the problem does not
    /// have (hardware constraints written for convolutions applied to a GEMM); otherwise they are errors.</param>
    /// <param name="parallelGroups">Level names of each <c>!Parallel</c> group (branches that hold different data spaces).</param>
    public static MapSpace Create(Problem problem, Architecture architecture,
        IReadOnlyDictionary<string, LevelConstraints>? constraints = null,
        IReadOnlyDictionary<string, string>? containerLevels = null,
        bool ignoreUnknownDimensions = false,
        IEnumerable<IReadOnlyList<string>>? parallelGroups = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(architecture);
        var space = new MapSpace(problem, architecture) { _lenient = ignoreUnknownDimensions };
        space.Initialize(constraints ?? ImmutableDictionary<string, LevelConstraints>.Empty, containerLevels ?? ImmutableDictionary<string, string>.Empty);
        if (parallelGroups is not null)
        {
            space.KeepGroups = [.. parallelGroups
                .Select(g => g.Select(architecture.LevelIndex).Where(l => l >= 0 && !architecture.Levels[l].IsSpatialDummy).ToArray())
                .Where(g => g.Length > 1)];
            for (var g = 0; g < space.KeepGroups.Length; g++)
            {
                foreach (var l in space.KeepGroups[g]) space.GroupOf[l] = g;
            }
        }
        return space;
    }

    private void Initialize(IReadOnlyDictionary<string, LevelConstraints> constraints, IReadOnlyDictionary<string, string> containerLevels)
    {
        var shape = Problem.Shape;
        var dims = Dimensions;
        for (var l = 0; l < Levels; l++)
        {
            var level = Architecture.Levels[l];
            for (var x = 0; x < dims; x++)
            {
                AllowedSlot[(2 * l) * dims + x] = !level.IsSpatialDummy;
                AllowedSlot[(2 * l + 1) * dims + x] = level.Fanout > 1;
                if (level.FanoutX == 1 && level.FanoutY > 1) Axis[l * dims + x] = 1;
                else if (level.FanoutY == 1) Axis[l * dims + x] = 0;
            }
            for (var s = 0; s < DataSpaces; s++) KeepFixed[l * DataSpaces + s] = level.IsSpatialDummy ? (sbyte)0 : (sbyte)-1;
            OrderPrefix[l] = [];
        }
        for (var s = 0; s < DataSpaces; s++) KeepFixed[s] = 1;   // the backing store keeps everything

        foreach (var (name, c) in constraints)
        {
            var l = Architecture.LevelIndex(name);
            if (l < 0 && containerLevels.TryGetValue(name, out var dummy)) l = Architecture.LevelIndex(dummy);
            if (l < 0)
            {
                if (c.IsEmpty) continue;
                throw new UnicoInputException($"constraint names level '{name}', which the architecture does not have", field: name);
            }
            Apply(l, c);
        }

        // Fixed factors must divide each dimension; the rest is split into movable primes.
        var primeDim = new List<int>();
        var primeValue = new List<int>();
        var primeSlots = new List<int[]>();
        for (var x = 0; x < dims; x++)
        {
            long fixedProduct = 1;
            for (var slot = 0; slot < 2 * Levels; slot++)
            {
                if (FixedFactor[slot * dims + x] > 0) fixedProduct *= FixedFactor[slot * dims + x];
            }
            var bound = Problem.Bounds[x];
            if (bound % fixedProduct != 0)
                throw new UnicoInputException($"fixed factors of {shape.Dimensions[x]} multiply to {fixedProduct}, which does not divide its size {bound}", field: shape.Dimensions[x]);
            var remaining = bound / fixedProduct;
            var slots = new List<int>();
            for (var slot = 0; slot < 2 * Levels; slot++)
            {
                if (AllowedSlot[slot * dims + x] && FixedFactor[slot * dims + x] == 0) slots.Add(slot);
            }
            var primes = Factorize(remaining);
            if (primes.Count > 0 && slots.Count == 0)
                throw new UnicoInputException($"dimension {shape.Dimensions[x]} has {remaining} left to map but every level fixes its factor", field: shape.Dimensions[x]);
            foreach (var p in primes)
            {
                primeDim.Add(x);
                primeValue.Add(p);
                primeSlots.Add([.. slots]);
            }
        }
        PrimeDim = [.. primeDim];
        PrimeValue = [.. primeValue];
        PrimeSlots = [.. primeSlots];

        var permutable = new List<int>();
        var freeAxes = new List<int>();
        var freeKeeps = new List<int>();
        for (var l = 0; l < Levels; l++)
        {
            if (!Architecture.Levels[l].IsSpatialDummy && dims - OrderPrefix[l].Length > 1) permutable.Add(l);
            for (var x = 0; x < dims; x++)
            {
                if (Axis[l * dims + x] == AxisFree && AllowedSlot[(2 * l + 1) * dims + x]) freeAxes.Add(l * dims + x);
            }
            for (var s = 0; s < DataSpaces; s++)
            {
                if (KeepFixed[l * DataSpaces + s] < 0) freeKeeps.Add(l * DataSpaces + s);
            }
        }
        PermutableLevels = [.. permutable];
        FreeAxes = [.. freeAxes];
        FreeKeeps = [.. freeKeeps];
    }

    private void Apply(int l, LevelConstraints c)
    {
        var shape = Problem.Shape;
        var dims = Dimensions;
        var level = Architecture.Levels[l];
        foreach (var name in c.Keep)
        {
            var s = SpaceIndex(name, c.Level);
            if (s >= 0) KeepFixed[l * DataSpaces + s] = level.IsSpatialDummy ? (sbyte)0 : (sbyte)1;
        }
        foreach (var name in c.Bypass)
        {
            if (l == 0) throw new UnicoInputException($"the outermost level cannot bypass {name}", field: c.Level);
            var s = SpaceIndex(name, c.Level);
            if (s >= 0) KeepFixed[l * DataSpaces + s] = 0;
        }
        foreach (var (name, value) in c.TemporalFactors)
        {
            var x = DimIndex(name, c.Level);
            if (x >= 0) Fix(2 * l, x, value, c.Level);
        }
        foreach (var (name, value) in c.SpatialFactors)
        {
            var x = DimIndex(name, c.Level);
            if (x >= 0) Fix(2 * l + 1, x, value, c.Level);
        }
        if (!c.TemporalPermutation.IsEmpty)
        {
            // Listed dimensions are the innermost loops, in the given order; the rest are free above them.
            OrderPrefix[l] = [.. c.TemporalPermutation.Select(n => DimIndex(n, c.Level)).Where(x => x >= 0)];
        }
        for (var i = 0; i < c.SpatialPermutation.Length; i++)
        {
            var x = shape.DimensionIndex(c.SpatialPermutation[i]);
            if (x >= 0) SpatialRank[l * dims + x] = i;
        }
        if (!c.SpatialPermutation.IsEmpty && level.FanoutX > 1 && level.FanoutY > 1)
        {
            var split = c.SpatialSplit ?? c.SpatialPermutation.Length;
            for (var i = 0; i < c.SpatialPermutation.Length; i++)
            {
                var x = shape.DimensionIndex(c.SpatialPermutation[i]);
                if (x >= 0) Axis[l * dims + x] = i < split ? (byte)0 : (byte)1;
            }
        }
        else if (c.SpatialSplit is { } only && level.FanoutX > 1 && level.FanoutY > 1 && c.SpatialPermutation.IsEmpty)
        {
            // A split without a permutation: 0 puts everything on Y, anything else on X.
            for (var x = 0; x < dims; x++) Axis[l * dims + x] = only == 0 ? (byte)1 : (byte)0;
        }
    }

    private void Fix(int slot, int dim, int value, string level)
    {
        if (value <= 0) throw new UnicoInputException($"constraint factor of {Problem.Shape.Dimensions[dim]} must be positive, got {value}", field: level);
        if (!AllowedSlot[slot * Dimensions + dim] && value > 1)
            throw new UnicoInputException($"constraint puts a factor of {Problem.Shape.Dimensions[dim]} where the level has no such loop", field: level);
        FixedFactor[slot * Dimensions + dim] = value;
    }

    private int DimIndex(string name, string level)
    {
        var x = Problem.Shape.DimensionIndex(name);
        return x >= 0 || _lenient ? x : throw new UnicoInputException(
            $"constraint names dimension '{name}', which the problem does not have (dimensions: {string.Join(", ", Problem.Shape.Dimensions)})", field: level);
    }

    private int SpaceIndex(string name, string level)
    {
        var s = Problem.Shape.DataSpaceIndex(name);
        return s >= 0 || _lenient ? s : throw new UnicoInputException(
            $"constraint names data space '{name}', which the problem does not have (data spaces: {string.Join(", ", Problem.Shape.DataSpaces.Select(d => d.Name))})", field: level);
    }

    private static List<int> Factorize(long n)
    {
        var primes = new List<int>();
        for (var p = 2L; p * p <= n; p++)
        {
            while (n % p == 0)
            {
                primes.Add((int)p);
                n /= p;
            }
        }
        if (n > 1) primes.Add((int)n);
        return primes;
    }
}
