using System.Security.Claims;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Catalog;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>Submits, cancels and deletes runs (the API and the pages both go through here).</summary>
public sealed class RunService(
    IDbContextFactory<UnicoDbContext> dbFactory,
    IBackgroundJobClient jobs,
    CatalogService catalog,
    RunEventHub hub,
    RunCancellations cancellations,
    RunDocuments documents,
    RunLimits limits,
    RunSubmissionLimiter limiter,
    IOptions<UnicoOptions> options)
{
    /// <summary>
    /// Validates a run config (the JSON `unico search --config` reads) against the engine and the
    /// operator's limits, stores the run as <paramref name="user"/>'s and enqueues its job. Throws
    /// <see cref="UnicoInputException"/> naming the field at fault, or <see cref="TooManyRunsException"/>.
    /// </summary>
    public async Task<long> SubmitAsync(string json, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var config = CoSearchConfigJson.Parse(json, "config");
        var resolved = await ValidateAsync(config, cancellationToken).ConfigureAwait(false);
        limiter.Take(RunAccess.OwnerId(user));
        var run = new RunEntity
        {
            Name = config.Name,
            OwnerId = RunAccess.OwnerId(user),
            OwnerName = RunAccess.OwnerName(user),
            Status = RunStatus.Queued,
            Algorithm = EnumNames.Of(config.Algorithm),
            Objectives = string.Join(",", config.Objectives.Select(EnumNames.Of)),
            ConfigJson = CoSearchConfigJson.Write(config),
            ResolvedConfigJson = CoSearchConfigJson.Write(resolved),
            CreatedAt = DateTime.UtcNow,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var runId = run.Id;
        run.JobId = jobs.Enqueue<RunJob>(j => j.ExecuteAsync(runId, null, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        hub.Publish(new RunUpdate(RunStore.Summary(run), []));
        return run.Id;
    }

    /// <summary>
    /// Every check a run config must pass before it is stored: the operator's limits, custom names
    /// resolved to snapshots, the workloads' sizes, and the engine's own checks (budget against one
    /// rung, b0 against B, the space, the workloads). Returns the resolved config; throws
    /// <see cref="UnicoInputException"/> naming the field.
    /// </summary>
    public async Task<CoSearchConfig> ValidateAsync(CoSearchConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        limits.Check(config);
        var resolved = await ResolveAsync(config, cancellationToken).ConfigureAwait(false);
        CheckWorkloads(resolved.TrainingWorkloads, "workloads.training");
        CheckWorkloads(resolved.HeldOutWorkloads, "workloads.held_out");
        CoSearchRun.Create(resolved);
        return resolved;
    }

    /// <summary>Custom workload and space names replaced by snapshot files; engine threads from the settings.</summary>
    public async Task<CoSearchConfig> ResolveAsync(CoSearchConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var training = new List<string>();
        for (var i = 0; i < config.TrainingWorkloads.Count; i++)
            training.Add(await catalog.WorkloadReferenceAsync(config.TrainingWorkloads[i], $"workloads.training[{i}]", cancellationToken).ConfigureAwait(false));
        var heldOut = new List<string>();
        for (var i = 0; i < config.HeldOutWorkloads.Count; i++)
            heldOut.Add(await catalog.WorkloadReferenceAsync(config.HeldOutWorkloads[i], $"workloads.held_out[{i}]", cancellationToken).ConfigureAwait(false));
        var space = await catalog.SpaceReferenceAsync(config.Space, cancellationToken).ConfigureAwait(false);
        var threads = config.Threads ?? (options.Value.EngineThreads is > 0 and var t ? t : null);
        return config with { TrainingWorkloads = training, HeldOutWorkloads = heldOut, Space = space, Threads = threads };
    }

    /// <summary>Cancels a queued or running run if <paramref name="user"/> owns it or is an admin.</summary>
    public async Task<RunActionResult> CancelAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (run is null) return RunActionResult.NotFound;
        if (!RunAccess.CanManage(user, run)) return RunActionResult.Forbidden;
        if (RunStatus.IsFinal(run.Status)) return RunActionResult.Finished;
        run.CancelRequested = true;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (cancellations.Cancel(id)) return RunActionResult.Done; // the job stores the cancelled result
        // With a shared storage a running run executes on a worker, which sees the request within a second.
        if (documents.Shared && run.Status == RunStatus.Running) return RunActionResult.Done;

        // Not executing here (queued, or interrupted and waiting to resume): finish it now.
        if (run.JobId is not null) jobs.Delete(run.JobId);
        run.Status = RunStatus.Cancelled;
        run.FinishedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        hub.Publish(new RunUpdate(RunStore.Summary(run), []));
        return RunActionResult.Done;
    }

    /// <summary>Longest note on a run, in characters.</summary>
    public const int MaxNotesLength = 10_000;

    /// <summary>
    /// Replaces a run's notes (empty clears them) if <paramref name="user"/> owns it or is an admin.
    /// Throws <see cref="UnicoInputException"/> (field <c>notes</c>) for a text too long or with control characters.
    /// </summary>
    public async Task<RunActionResult> SetNotesAsync(long id, string? notes, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (notes is { Length: > MaxNotesLength })
            throw new UnicoInputException($"{notes.Length} characters; at most {MaxNotesLength}", field: "notes");
        if (notes is not null && notes.FirstOrDefault(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') is var bad and not '\0')
            throw new UnicoInputException($"control character U+{(int)bad:X4}: notes are plain text", field: "notes");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (run is null) return RunActionResult.NotFound;
        if (!RunAccess.CanManage(user, run)) return RunActionResult.Forbidden;
        // Only this column: the run's job writes its counters through other contexts meanwhile.
        await db.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Notes, notes), cancellationToken).ConfigureAwait(false);
        run.Notes = notes;
        hub.Publish(new RunUpdate(RunStore.Summary(run), []));
        return RunActionResult.Done;
    }

    /// <summary>Deletes a run with its points, events and files (cancelling it first) if <paramref name="user"/> owns it or is an admin.</summary>
    public async Task<RunActionResult> DeleteAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        RunSummary summary;
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
            if (run is null) return RunActionResult.NotFound;
            if (!RunAccess.CanManage(user, run)) return RunActionResult.Forbidden;
            summary = RunStore.Summary(run);
        }
        await CancelAsync(id, user, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < 100 && cancellations.IsRunning(id); i++) await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            await db.Events.Where(e => e.RunId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.Points.Where(p => p.RunId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.Runs.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        var directory = options.Value.RunDirectory(id);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        hub.Publish(new RunUpdate(summary, [], Deleted: true));
        return RunActionResult.Done;
    }

    // Every workload a run would search (built-in or snapshot) within the operator's limits.
    private void CheckWorkloads(IReadOnlyList<string> references, string field)
    {
        for (var i = 0; i < references.Count; i++)
        {
            var workload = Engine.Workloads.WorkloadCatalog.Resolve(references[i]);
            limits.Check(workload, $"{field}[{i}]");
        }
    }
}
