using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>
/// Checks a mapping against an architecture's constraints, read the way Timeloop reads them and
/// independently of how <see cref="MapSpace"/> samples: kept and bypassed data spaces, one branch
/// per data space in a <c>!Parallel</c> group, fixed and maximum factors, temporal permutations
/// (the listed dimensions innermost, in order), spatial permutations with their X/Y split (the
/// dimensions before the split on X, the rest on Y, each axis in the listed order). Loops whose
/// factor is 1 may sit anywhere, as in Timeloop. Capacity and fan-out sizes are the cost model's
/// validity, not checked here.
/// </summary>
public static class ConstraintCheck
{
    /// <summary>Every constraint the mapping breaks, in words naming the level; empty when none.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <param name="problem">The layer.</param>
    /// <param name="architecture">The hardware.</param>
    /// <param name="constraints">Constraints by level name (a container's name stands for its fan-out level).</param>
    /// <param name="containerLevels">Container name to fan-out level name.</param>
    /// <param name="parallelGroups">Level names of each <c>!Parallel</c> group.</param>
    public static ImmutableArray<string> Violations(MappingSpec mapping, Problem problem, Architecture architecture,
        IReadOnlyDictionary<string, LevelConstraints> constraints,
        IReadOnlyDictionary<string, string>? containerLevels = null,
        IEnumerable<IReadOnlyList<string>>? parallelGroups = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(constraints);
        var shape = problem.Shape;
        var found = ImmutableArray.CreateBuilder<string>();
        for (var s = 0; s < shape.DataSpaces.Length; s++)
        {
            if (!mapping.Levels[0].Keep[s]) found.Add($"{architecture.Levels[0].Name}: the outermost level must keep {shape.DataSpaces[s].Name}");
        }
        foreach (var (name, c) in constraints)
        {
            var l = architecture.LevelIndex(name);
            if (l < 0 && containerLevels is not null && containerLevels.TryGetValue(name, out var dummy)) l = architecture.LevelIndex(dummy);
            if (l < 0) continue;
            var level = architecture.Levels[l];
            var m = mapping.Levels[l];
            if (!level.IsSpatialDummy)
            {
                foreach (var space in c.Keep)
                {
                    var s = shape.DataSpaceIndex(space);
                    if (s >= 0 && !m.Keep[s]) found.Add($"{level.Name}: must keep {space}, but bypasses it");
                }
            }
            foreach (var space in c.Bypass)
            {
                var s = shape.DataSpaceIndex(space);
                if (s >= 0 && m.Keep[s] && !level.IsSpatialDummy) found.Add($"{level.Name}: must bypass {space}, but keeps it");
            }
            Factors(found, level.Name, "temporal", c.TemporalFactors, m.TemporalFactors, shape, exact: true);
            Factors(found, level.Name, "spatial", c.SpatialFactors, m.SpatialFactors, shape, exact: true);
            if (c.MaxTemporalFactors is { } max) Factors(found, level.Name, "temporal", max, m.TemporalFactors, shape, exact: false);
            if (!c.TemporalPermutation.IsEmpty) TemporalOrder(found, level.Name, c.TemporalPermutation, m, shape);
            if (level.Fanout > 1) SpatialOrder(found, level, c, m, shape);
        }
        if (parallelGroups is not null)
        {
            foreach (var group in parallelGroups)
            {
                var levels = group.Select(architecture.LevelIndex).Where(i => i >= 0).ToArray();
                for (var s = 0; s < shape.DataSpaces.Length; s++)
                {
                    var holders = levels.Where(i => mapping.Levels[i].Keep[s]).Select(i => architecture.Levels[i].Name).ToArray();
                    if (holders.Length > 1)
                        found.Add($"{shape.DataSpaces[s].Name} is kept by {string.Join(" and ", holders)}, branches of one !Parallel group (each data space lives in one branch)");
                }
            }
        }
        return found.ToImmutable();
    }

    private static void Factors(ImmutableArray<string>.Builder found, string level, string kind, IReadOnlyDictionary<string, int> wanted,
        ImmutableArray<int> factors, ProblemShape shape, bool exact)
    {
        foreach (var (dim, value) in wanted)
        {
            var x = shape.DimensionIndex(dim);
            if (x < 0) continue;
            if (exact ? factors[x] != value : factors[x] > value)
                found.Add($"{level}: {kind} factor of {dim} must be {(exact ? "" : "at most ")}{value}, is {factors[x]}");
        }
    }

    // The listed dimensions with a factor above 1 come innermost, in the listed order.
    private static void TemporalOrder(ImmutableArray<string>.Builder found, string level, ImmutableArray<string> permutation, LevelMapping m, ProblemShape shape)
    {
        var listed = permutation.Select(shape.DimensionIndex).Where(x => x >= 0).ToList();
        var loops = m.TemporalOrder.Where(x => m.TemporalFactors[x] > 1).ToList();
        var expected = listed.Where(x => m.TemporalFactors[x] > 1).ToList();
        if (!loops.Take(expected.Count).SequenceEqual(expected))
            found.Add($"{level}: temporal loops {Names(loops, shape)} (innermost first) break the permutation {string.Join("", permutation)}");
    }

    // Dimensions before the split go on X, the rest on Y; within each axis the listed order holds,
    // unlisted dimensions after the listed ones.
    private static void SpatialOrder(ImmutableArray<string>.Builder found, StorageLevel level, LevelConstraints c, LevelMapping m, ProblemShape shape)
    {
        var dims = shape.Dimensions.Length;
        var split = Math.Min(m.SpatialSplit, dims);
        bool OnX(int x) => Array.IndexOf([.. m.SpatialOrder], x) < split;
        var used = Enumerable.Range(0, dims).Where(x => m.SpatialFactors[x] > 1).ToList();
        if (c.SpatialPermutation.IsEmpty)
        {
            if (c.SpatialSplit is { } only && level.FanoutX > 1 && level.FanoutY > 1)
            {
                foreach (var x in used.Where(x => OnX(x) != (only != 0)))
                    found.Add($"{level.Name}: split {only} puts {shape.Dimensions[x]} on {(only != 0 ? "X" : "Y")}");
            }
            return;
        }
        var listed = c.SpatialPermutation.Select(shape.DimensionIndex).Where(x => x >= 0).ToList();
        var constraintSplit = c.SpatialSplit ?? listed.Count;
        if (level.FanoutX > 1 && level.FanoutY > 1)
        {
            foreach (var x in used)
            {
                var i = listed.IndexOf(x);
                if (i < 0) continue;
                var wantX = i < constraintSplit;
                if (OnX(x) != wantX) found.Add($"{level.Name}: the permutation and split put {shape.Dimensions[x]} on {(wantX ? "X" : "Y")}");
            }
        }
        foreach (var axisX in new[] { true, false })
        {
            var loops = m.SpatialOrder.Where(x => m.SpatialFactors[x] > 1 && OnX(x) == axisX).ToList();
            var expected = listed.Where(loops.Contains).ToList();
            if (!loops.Take(expected.Count).SequenceEqual(expected))
                found.Add($"{level.Name}: spatial loops on {(axisX ? "X" : "Y")} {Names(loops, shape)} break the permutation {string.Join("", c.SpatialPermutation)}");
        }
    }

    private static string Names(IEnumerable<int> loops, ProblemShape shape) => "[" + string.Join(", ", loops.Select(x => shape.Dimensions[x])) + "]";
}
