namespace Unico.Engine.CoSearch;

/// <summary>One contestant of a comparison: a label, an algorithm and its own settings.</summary>
/// <param name="Name">Label in the report (e.g. unico, hasco, unico-no-robustness).</param>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Settings">Its settings; the full mapping budget B is the comparison's, never the contestant's.</param>
public sealed record ComparisonEntry(string Name, CoSearchAlgorithm Algorithm, CoSearchSettings Settings);

/// <summary>
/// Several algorithms x seeds on the same workloads, space, objectives, caps, full mapping budget
/// B, total budget and seeds (set once, so the comparison is fair by construction).
/// </summary>
/// <param name="Name">Comparison name.</param>
/// <param name="Base">Shared run settings (workloads, space, budget, mapper, full budget in Settings.FullBudget).</param>
/// <param name="Seeds">Seeds every algorithm runs with.</param>
/// <param name="Entries">The contestants.</param>
public sealed record ComparisonConfig(string Name, CoSearchConfig Base, IReadOnlyList<ulong> Seeds, IReadOnlyList<ComparisonEntry> Entries)
{
    /// <summary>The run config of one contestant and seed.</summary>
    public CoSearchConfig RunConfig(ComparisonEntry entry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Base with
        {
            Name = $"{Name}-{entry.Name}-seed{seed}",
            Algorithm = entry.Algorithm,
            Settings = entry.Settings with { FullBudget = Base.Settings.FullBudget },
            Seed = seed,
        };
    }
}
