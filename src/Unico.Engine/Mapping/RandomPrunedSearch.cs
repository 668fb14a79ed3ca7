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

    /// <inheritdoc />
    protected override void EvaluateNext()
    {
        _state.Randomize(Random);
        Evaluate(_state);
    }
}
