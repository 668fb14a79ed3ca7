using Unico.Engine;
using Unico.Engine.CoSearch;

namespace Unico.Web.Components.Common;

/// <summary>How a run's settings read on the pages (the config's values in the reader's words).</summary>
public static class RunLabels
{
    /// <summary>The algorithm's name.</summary>
    public static string Algorithm(CoSearchAlgorithm algorithm) => algorithm switch
    {
        CoSearchAlgorithm.Unico => "UNICO",
        CoSearchAlgorithm.Hasco => "HASCO-like",
        CoSearchAlgorithm.Random => "random",
        CoSearchAlgorithm.Nsga2 => "NSGA-II",
        _ => EnumNames.Of(algorithm),
    };

    /// <summary>An objective's name (the naming table's: latency, energy, area).</summary>
    public static string Objective(CoSearchObjective objective) => EnumNames.Of(objective);

    /// <summary>Whichever limits the budget sets: "60,000 mapping evaluations or 10 min".</summary>
    public static string Budget(CoSearchBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var parts = new List<string>();
        if (budget.MappingEvaluations is { } e) parts.Add(Units.Plural(e, "mapping evaluation"));
        if (budget.Seconds is { } s) parts.Add(Format.Duration(s));
        if (budget.Iterations is { } i) parts.Add(Units.Plural(i, "batch", "batches") + " after the initial design");
        return parts.Count == 0 ? "no limit" : string.Join(" or ", parts);
    }

    /// <summary>The mapping budgets and batch shape the algorithm uses.</summary>
    public static string Settings(CoSearchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = config.Settings;
        var full = $"B = {Format.Count(s.FullBudget)}";
        return config.UsesSuccessiveHalving
            ? $"{full}, first rung b0 = {Format.Count(s.InitialBudget)}, eta = {s.Eta}; {s.InitialPoints} initial points, {config.EffectiveBatchSize} per batch"
            : $"{full} for every point; {s.InitialPoints} initial points, {config.EffectiveBatchSize} per batch";
    }
}
