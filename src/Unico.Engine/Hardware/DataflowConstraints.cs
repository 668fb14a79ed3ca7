using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Hardware;

/// <summary>
/// Turns a dataflow into mapper constraints per level, written with conv2d's dimension names
/// (C, M, R, S, N, P, Q) as a Timeloop architecture file would, and translates them to any other
/// problem shape (GEMM by the im2col correspondence; other shapes by dimension name).
/// See docs/hardware.md, "Dataflows".
/// </summary>
public static class DataflowConstraints
{
    private static readonly string[] Conv = ["C", "M", "R", "S", "N", "P", "Q"];
    private const string Inputs = "Inputs";
    private const string Weights = "Weights";
    private const string Outputs = "Outputs";

    /// <summary>The levels the template built, as the constraints need them.</summary>
    /// <param name="Names">Level names.</param>
    /// <param name="Present">Names of the storage levels that exist (absent scratchpads are left out).</param>
    /// <param name="VectorLevel">The level whose fan-out feeds the MACs of a vector PE, or null.</param>
    internal sealed record Layout(LevelNames Names, ImmutableHashSet<string> Present, string? VectorLevel);

    /// <summary>Constraints for every level of a built template (conv2d dimension names).</summary>
    internal static ImmutableDictionary<string, LevelConstraints> For(Dataflow dataflow, Layout layout, IEnumerable<string> levelNames)
    {
        var n = layout.Names;
        var result = levelNames.ToDictionary(l => l, LevelConstraints.None, StringComparer.Ordinal);
        void Set(string level, Func<LevelConstraints, LevelConstraints> change)
        {
            if (result.TryGetValue(level, out var c)) result[level] = change(c);
        }

        // Which register file holds which tensor: every dataflow, "free" included.
        Set(n.Ifmap, c => c with { Keep = [Inputs], Bypass = [Weights, Outputs] });
        Set(n.Weights, c => c with { Keep = [Weights], Bypass = [Inputs, Outputs] });
        Set(n.Psum, c => c with { Keep = [Outputs], Bypass = [Inputs, Weights] });
        Set(n.WeightReg, c => c with { Keep = [Weights], Bypass = [Inputs, Outputs] });

        switch (dataflow)
        {
            case Dataflow.RowStationary:
                // Timeloop's Eyeriss-like arch.yaml, level by level.
                Set(n.GlobalBuffer, c => c with { Keep = [Inputs, Outputs], Bypass = [Weights] });
                Set(n.ColumnFanout, c => Spatial(c, ["N", "C", "P", "R", "S", "Q", "M"], Ones("N", "C", "P", "R", "S"), 7));
                Set(n.PeFanout, c => Spatial(c, ["N", "P", "Q", "R", "S", "C", "M"], Ones("N", "P", "Q", "R"), 0));
                Set(n.Ifmap, c => Temporal(c, ["N", "M", "C", "P", "Q", "R", "S"], Ones("N", "M", "C", "P", "Q", "R", "S")));
                Set(n.Weights, c => Temporal(c, ["N", "M", "P", "Q", "S", "C", "R"], Ones("N", "M", "P", "Q", "S")));
                Set(n.Psum, c => Temporal(c, ["N", "C", "P", "Q", "R", "S", "M"], Ones("N", "C", "R", "S", "P", "Q")));
                break;
            case Dataflow.WeightStationary:
            {
                // Columns take output channels, rows input channels; inside a vector PE the vector
                // takes input channels (X) and the lanes output channels (Y).
                Set(n.ColumnFanout, c => Spatial(c, ["M", "C", "R", "S", "N", "P", "Q"], Ones("C", "R", "S", "N", "P", "Q"), 7));
                Set(n.PeFanout, c => Spatial(c, ["C", "M", "R", "S", "N", "P", "Q"], Ones("M", "R", "S", "N", "P", "Q"), 0));
                if (layout.VectorLevel is { } v)
                    Set(v, c => Spatial(c, ["C", "M", "R", "S", "N", "P", "Q"], Ones("R", "S", "N", "P", "Q"), 1));
                // The innermost weight holder iterates only over loops that do not touch weights.
                var holder = layout.Present.Contains(n.WeightReg) ? n.WeightReg : layout.Present.Contains(n.Weights) ? n.Weights : null;
                if (holder is not null) Set(holder, c => c with { TemporalFactors = Merge(c.TemporalFactors, Ones("C", "M", "R", "S")) });
                break;
            }
            case Dataflow.OutputStationary:
            {
                // Output pixels across the array (P and batch along X, Q and output channels along
                // Y); no reduction dimension is unrolled, so every PE owns distinct outputs.
                Set(n.ColumnFanout, c => Spatial(c, ["P", "N", "C", "M", "R", "S", "Q"], Ones("C", "R", "S", "M", "Q"), 7));
                Set(n.PeFanout, c => Spatial(c, ["Q", "M", "C", "R", "S", "N", "P"], Ones("C", "R", "S", "N", "P"), 0));
                if (layout.VectorLevel is { } v)
                    Set(v, c => c with { SpatialFactors = Merge(c.SpatialFactors, Ones("C", "R", "S")) });
                // The partial-sum holder iterates only over reduction loops: each output completes in place.
                if (layout.Present.Contains(n.Psum))
                    Set(n.Psum, c => c with { TemporalFactors = Merge(c.TemporalFactors, Ones("N", "M", "P", "Q")) });
                break;
            }
            case Dataflow.Free:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dataflow), dataflow, "unknown dataflow");
        }
        return result.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// For each dimension of <paramref name="shape"/>, the conv2d dimensions it stands for:
    /// GEMM (dimensions M, N, K) by im2col, M = N x P x Q, N = M (output channels),
    /// K = C x R x S; any other shape by equal names (a dimension conv2d lacks, such as a grouped
    /// convolution's G, stands for none and is never constrained).
    /// </summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> Correspondence(ProblemShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.Dimensions;
        if (dims.Length == 3 && dims.Contains("M") && dims.Contains("N") && dims.Contains("K"))
        {
            return new Dictionary<string, ImmutableArray<string>>
            {
                ["M"] = ["N", "P", "Q"],
                ["N"] = ["M"],
                ["K"] = ["C", "R", "S"],
            }.ToImmutableDictionary(StringComparer.Ordinal);
        }
        return dims.ToImmutableDictionary(d => d, d => Conv.Contains(d) ? ImmutableArray.Create(d) : [], StringComparer.Ordinal);
    }

    /// <summary>
    /// Rewrites conv2d-named constraints for another problem shape (see <see cref="Correspondence"/>):
    /// a dimension's factor is fixed only when every conv2d dimension it stands for is fixed (to
    /// their product); permutations keep each dimension at its first position; a split keeps the
    /// dimensions whose first position was on the X side; keep/bypass are unchanged.
    /// </summary>
    public static ImmutableDictionary<string, LevelConstraints> Translate(IReadOnlyDictionary<string, LevelConstraints> conv2d, ProblemShape shape)
    {
        ArgumentNullException.ThrowIfNull(conv2d);
        var map = Correspondence(shape);
        var identity = map.All(kv => kv.Value.Length == 1 && kv.Value[0] == kv.Key) && Conv.All(map.ContainsKey);
        if (identity) return conv2d.ToImmutableDictionary(StringComparer.Ordinal);
        var target = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (t, sources) in map)
        {
            foreach (var s in sources) target[s] = t;
        }
        return conv2d.ToImmutableDictionary(kv => kv.Key, kv =>
        {
            var c = kv.Value;
            var (spatialPermutation, split) = Permutation(c.SpatialPermutation, c.SpatialSplit, target);
            return c with
            {
                TemporalFactors = Factors(c.TemporalFactors, map),
                TemporalPermutation = Permutation(c.TemporalPermutation, null, target).Order,
                SpatialFactors = Factors(c.SpatialFactors, map),
                SpatialPermutation = spatialPermutation,
                SpatialSplit = split,
                MaxTemporalFactors = c.MaxTemporalFactors is null ? null : Factors(c.MaxTemporalFactors, map),
            };
        }, StringComparer.Ordinal);
    }

    private static ImmutableDictionary<string, int> Factors(ImmutableDictionary<string, int> factors, ImmutableDictionary<string, ImmutableArray<string>> map)
    {
        var result = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (t, sources) in map)
        {
            if (sources.IsEmpty || !sources.All(factors.ContainsKey)) continue;
            long product = 1;
            foreach (var s in sources) product *= factors[s];
            result[t] = (int)Math.Min(product, int.MaxValue);
        }
        return result.ToImmutable();
    }

    private static (ImmutableArray<string> Order, int? Split) Permutation(ImmutableArray<string> order, int? split, Dictionary<string, string> target)
    {
        if (order.IsDefaultOrEmpty) return ([], split is null ? null : 0);
        var result = ImmutableArray.CreateBuilder<string>();
        var xCount = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (!target.TryGetValue(order[i], out var t) || result.Contains(t)) continue;
            result.Add(t);
            if (split is { } s && i < s) xCount++;
        }
        return (result.ToImmutable(), split is null ? null : xCount);
    }

    private static LevelConstraints Spatial(LevelConstraints c, ImmutableArray<string> permutation, ImmutableDictionary<string, int> factors, int split) =>
        c with { SpatialPermutation = permutation, SpatialFactors = Merge(c.SpatialFactors, factors), SpatialSplit = split };

    private static LevelConstraints Temporal(LevelConstraints c, ImmutableArray<string> permutation, ImmutableDictionary<string, int> factors) =>
        c with { TemporalPermutation = permutation, TemporalFactors = Merge(c.TemporalFactors, factors) };

    private static ImmutableDictionary<string, int> Ones(params string[] dims) =>
        dims.ToImmutableDictionary(d => d, _ => 1, StringComparer.Ordinal);

    private static ImmutableDictionary<string, int> Merge(ImmutableDictionary<string, int> a, ImmutableDictionary<string, int> b) =>
        a.WithComparers(StringComparer.Ordinal).SetItems(b);
}
