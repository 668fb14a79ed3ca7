namespace Unico.Engine.CoSearch;

/// <summary>
/// Runs a comparison: every contestant and seed, one after another, each run with every core and,
/// given a directory, its own checkpoint and result files (an interrupted comparison resumes run by
/// run). Scoring is <see cref="ComparisonScoring"/>'s, the config file <see cref="ComparisonConfigJson"/>'s,
/// the report and plots <see cref="ComparisonReport"/>'s.
/// </summary>
public static class Comparison
{
    /// <summary>Runs every contestant and seed in turn (each run uses all cores), then scores them.</summary>
    /// <param name="config">The comparison.</param>
    /// <param name="directory">Where each run's files go (one sub-directory per run), or null.</param>
    /// <param name="progress">Called with each finished run's label and result.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    public static ComparisonResult Run(ComparisonConfig config, string? directory = null,
        Action<string, CoSearchResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Validate every run before spending anything.
        var runs = config.Entries.SelectMany(e => config.Seeds.Select(s => (Entry: e, Seed: s, Run: CoSearchRun.Create(config.RunConfig(e, s), null,
            directory is null ? null : new CheckpointFile(Path.Combine(directory, e.Name, $"seed-{s}")))))).ToList();
        var results = new List<(ComparisonEntry Entry, ulong Seed, CoSearchResult Result)>();
        foreach (var (entry, seed, run) in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = run.Run(cancellationToken);
            if (result.Status != RunOutcome.Succeeded) throw new InvalidOperationException($"{entry.Name} seed {seed} {EnumNames.Of(result.Status)}: {result.Error}");
            if (directory is not null) CoSearchResultFiles.Write(result, Path.Combine(directory, entry.Name, $"seed-{seed}"));
            progress?.Invoke($"{entry.Name} seed {seed}", result);
            results.Add((entry, seed, result));
        }
        return ComparisonScoring.Score(config, results);
    }
}
