namespace Unico.Engine.Mapping;

/// <summary>
/// Timeloop's default mapper in spirit: every evaluation is an independent, uniformly random
/// mapping of the map-space (random factor placement, loop orders, axes and bypass choices).
/// </summary>
public sealed class RandomPrunedSearch : MappingSearch
{
    private readonly MapState _state;

    /// <summary>Creates the search.</summary>
    public RandomPrunedSearch(MapSpace space, MapperOptions options)
        : base(space, options)
    {
        _state = new MapState(space);
    }

    // The last random point (in case a draw leaves part of it as it was).
    private protected override SearchWalk Walk() => SearchWalk.None with { Current = _state.ToSnapshot() };

    private protected override void RestoreWalk(SearchWalk walk)
    {
        if (walk.Current is { } current) _state.Load(current);
    }

    /// <inheritdoc />
    protected override void EvaluateNext()
    {
        _state.Randomize(Random);
        Evaluate(_state);
    }
}
