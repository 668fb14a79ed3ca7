using System.Collections.Immutable;

namespace Unico.Engine.CostModel;

/// <summary>
/// What an architecture (or a separate constraints file) allows a mapping to do at one level, in
/// Timeloop's terms. Dimension and data-space names are kept as written; the mapper resolves them
/// against the problem.
/// </summary>
/// <param name="Level">Storage level (or container) name the constraints apply to.</param>
/// <param name="Keep">Data spaces the level must keep.</param>
/// <param name="Bypass">Data spaces the level must bypass.</param>
/// <param name="TemporalFactors">Fixed temporal factors by dimension (e.g. N=1).</param>
/// <param name="TemporalPermutation">Required temporal loop order, innermost first; empty when free.</param>
/// <param name="SpatialFactors">Fixed spatial factors by dimension.</param>
/// <param name="SpatialPermutation">Required spatial loop order; empty when free.</param>
/// <param name="SpatialSplit">Required X/Y split of the spatial permutation, or null.</param>
/// <param name="MaxTemporalFactors">Upper bounds on temporal factors by dimension (Timeloop's <c>max_factors</c>... not standard; optional).</param>
public sealed record LevelConstraints(
    string Level,
    ImmutableArray<string> Keep,
    ImmutableArray<string> Bypass,
    ImmutableDictionary<string, int> TemporalFactors,
    ImmutableArray<string> TemporalPermutation,
    ImmutableDictionary<string, int> SpatialFactors,
    ImmutableArray<string> SpatialPermutation,
    int? SpatialSplit,
    ImmutableDictionary<string, int>? MaxTemporalFactors = null)
{
    /// <summary>No constraints at a level.</summary>
    public static LevelConstraints None(string level) =>
        new(level, [], [], ImmutableDictionary<string, int>.Empty, [], ImmutableDictionary<string, int>.Empty, [], null);

    /// <summary>True when nothing is constrained.</summary>
    public bool IsEmpty =>
        Keep.IsEmpty && Bypass.IsEmpty && TemporalFactors.IsEmpty && TemporalPermutation.IsEmpty
        && SpatialFactors.IsEmpty && SpatialPermutation.IsEmpty && SpatialSplit is null;
}
