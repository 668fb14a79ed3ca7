using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Engine.CoSearch;
using Unico.Web.Catalog;
using Unico.Web.Data;
using Unico.Web.Hosting;

namespace Unico.Web.Runs;

/// <summary>
/// What a run needs beyond its rows, kept where every process can read it: its checkpoint and
/// result (<see cref="RunDocumentEntity"/>), the snapshots of its custom inputs and the servers
/// that worked on it. With a shared (PostgreSQL) storage a worker on another machine writes the
/// run's inputs into its own data directory before it takes the run up.
/// </summary>
public sealed partial class RunDocuments(IDbContextFactory<UnicoDbContext> dbFactory, IOptions<UnicoOptions> options, StorageInfo storage)
{
    /// <summary>The engine's checkpoint.</summary>
    public const string Checkpoint = "checkpoint.json";

    /// <summary>The engine's result file.</summary>
    public const string Result = "result.json";

    /// <summary>True when other processes may take the run up (PostgreSQL).</summary>
    public bool Shared => storage.Shared;

    /// <summary>Replaces a document at once, or adds it to <paramref name="db"/>'s unit of work (the caller saves); in the caller's transaction either way.</summary>
    public static async Task SaveAsync(UnicoDbContext db, long runId, string name, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = DateTime.UtcNow;
        // An update in place (a checkpoint is rewritten every batch: its old text is not read back).
        var updated = await db.RunDocuments.Where(d => d.RunId == runId && d.Name == name)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Content, content).SetProperty(d => d.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        if (updated == 0) db.RunDocuments.Add(new RunDocumentEntity { RunId = runId, Name = name, Content = content, UpdatedAt = now });
    }

    /// <summary>A document of a run, or null.</summary>
    public async Task<string?> LoadAsync(long runId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RunDocuments.AsNoTracking().Where(d => d.RunId == runId && d.Name == name).Select(d => d.Content)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that <paramref name="worker"/> did part of the run's work (once per server).</summary>
    public async Task AddWorkerAsync(long runId, string worker, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.RunWorkers.AnyAsync(w => w.RunId == runId && w.Worker == worker, cancellationToken).ConfigureAwait(false)) return;
        db.RunWorkers.Add(new RunWorkerEntity { RunId = runId, Worker = worker, FirstSeen = DateTime.UtcNow });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The same server inserted it from another job at the same moment.
            db.ChangeTracker.Clear();
            if (!await db.RunWorkers.AnyAsync(w => w.RunId == runId && w.Worker == worker, cancellationToken).ConfigureAwait(false)) throw;
        }
    }

    /// <summary>Counts one mapping job of the run, and the evaluations it ran, for <paramref name="worker"/>.</summary>
    public async Task AddMappingWorkAsync(long runId, string worker, long evaluations, CancellationToken cancellationToken = default)
    {
        // One statement in the common case (the server is listed already), so jobs finishing at once both count.
        async Task<int> CountAsync()
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            return await db.RunWorkers.Where(w => w.RunId == runId && w.Worker == worker)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.MappingJobs, w => w.MappingJobs + 1)
                    .SetProperty(w => w.MappingEvaluations, w => w.MappingEvaluations + evaluations), cancellationToken).ConfigureAwait(false);
        }
        if (await CountAsync().ConfigureAwait(false) > 0) return;
        await AddWorkerAsync(runId, worker, cancellationToken).ConfigureAwait(false);
        await CountAsync().ConfigureAwait(false);
    }

    /// <summary>What each server did of the run, in the order they first did.</summary>
    public async Task<IReadOnlyList<RunWorkerEntity>> WorkAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RunWorkers.AsNoTracking().Where(w => w.RunId == runId).OrderBy(w => w.FirstSeen).ThenBy(w => w.Worker)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The config with every snapshot of a custom input pointing at this process's own copy,
    /// written from the database where it is missing (a worker on another machine).
    /// </summary>
    public async Task<CoSearchConfig> LocalInputsAsync(CoSearchConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        async Task<string> Local(string reference)
        {
            var name = Path.GetFileName(reference);
            if (!SnapshotFile().IsMatch(name)) return reference;
            var path = Path.Combine(options.Value.DataPath, "inputs", name);
            if (File.Exists(path)) return path;
            var json = await db.InputSnapshots.AsNoTracking().Where(s => s.Name == name).Select(s => s.Json).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (json is null) return reference; // not a snapshot of this installation: the engine reports it
            CatalogService.WriteSnapshot(path, json);
            return path;
        }
        var training = new List<string>();
        foreach (var w in config.TrainingWorkloads) training.Add(await Local(w).ConfigureAwait(false));
        var heldOut = new List<string>();
        foreach (var w in config.HeldOutWorkloads) heldOut.Add(await Local(w).ConfigureAwait(false));
        return config with { TrainingWorkloads = training, HeldOutWorkloads = heldOut, Space = await Local(config.Space).ConfigureAwait(false) };
    }

    [GeneratedRegex("^(workload|space)-[0-9a-f]{20}\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotFile();
}
