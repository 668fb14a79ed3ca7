using Microsoft.EntityFrameworkCore;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>A run's final hypervolume on the common scale of the runs it compares with.</summary>
/// <param name="Hypervolume">On bounds spanning the feasible points of every run of its group.</param>
/// <param name="Group">What the group's runs share: the training networks and objectives.</param>
/// <param name="Runs">Runs in the group.</param>
public sealed record CommonHypervolume(double Hypervolume, string Group, int Runs);

/// <summary>
/// The runs list's hypervolume on a stated scale: runs of the same training networks (the same
/// inputs, custom ones by their snapshot) and objectives form a group, and every run of a group is
/// scored by the engine's <see cref="CommonScale"/> on bounds spanning the feasible points of all
/// of them. A run's own hypervolume uses bounds fixed by its own first points and does not compare.
/// </summary>
public sealed class RunScales(IDbContextFactory<UnicoDbContext> dbFactory)
{
    /// <summary>Every run's common-scale hypervolume (runs with no feasible point are left out).</summary>
    public async Task<Dictionary<long, CommonHypervolume>> ComputeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var runs = await db.Runs.AsNoTracking().Select(r => new { r.Id, r.Objectives, r.ConfigJson, r.ResolvedConfigJson }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var points = await db.Points.AsNoTracking().Where(p => p.Evaluated && p.Feasible).Select(p => new { p.RunId, p.ObjectivesJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byRun = points.GroupBy(p => p.RunId).ToDictionary(g => g.Key,
            g => g.Select(p => new ScoredPoint(EventJson.Deserialize<double[]>(p.ObjectivesJson) ?? [], true, 0, 0)).Where(p => p.Objectives.Count > 0).ToList());
        var result = new Dictionary<long, CommonHypervolume>();
        foreach (var group in runs.Where(r => byRun.ContainsKey(r.Id)).GroupBy(r => Key(r.Objectives, r.ResolvedConfigJson)))
        {
            var members = group.ToList();
            var sets = members.Select(r => byRun[r.Id]).ToList();
            if (sets.Select(s => s[0].Objectives.Count).Distinct().Count() > 1) continue;
            var bounds = CommonScale.Bounds(sets);
            if (bounds is null) continue;
            var label = Label(members[0].Objectives, members[0].ConfigJson);
            foreach (var r in members)
                result[r.Id] = new CommonHypervolume(CommonScale.Final(byRun[r.Id], bounds), label, members.Count);
        }
        return result;
    }

    private static string Key(string objectives, string resolvedConfig)
    {
        try
        {
            var config = CoSearchConfigJson.Parse(resolvedConfig, "config");
            return objectives + "|" + string.Join("\n", config.TrainingWorkloads.Order(StringComparer.Ordinal));
        }
        catch (UnicoInputException)
        {
            return objectives + "|" + resolvedConfig;
        }
    }

    private static string Label(string objectives, string config)
    {
        string networks;
        try
        {
            networks = string.Join(" + ", CoSearchConfigJson.Parse(config, "config").TrainingWorkloads);
        }
        catch (UnicoInputException)
        {
            networks = "(unreadable config)";
        }
        return $"{networks}; {objectives.Replace(",", ", ", StringComparison.Ordinal)}";
    }
}
