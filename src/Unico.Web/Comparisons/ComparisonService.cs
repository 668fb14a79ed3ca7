using System.Globalization;
using System.Security.Claims;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Comparisons;

/// <summary>
/// Multi-seed comparisons launched from the app (the config <c>unico compare</c> takes): validated
/// like runs, stored, and executed by one <see cref="ComparisonJob"/>.
/// </summary>
public sealed class ComparisonService(
    IDbContextFactory<UnicoDbContext> dbFactory,
    IBackgroundJobClient jobs,
    RunService runs,
    RunLimits limits,
    RunSubmissionLimiter limiter,
    [FromKeyedServices(ComparisonJob.CancellationsKey)] RunCancellations cancellations,
    Microsoft.Extensions.Options.IOptions<UnicoOptions> options)
{
    /// <summary>
    /// Parses the comparison config with the engine, checks every contestant and seed as a run
    /// (limits, custom inputs, the engine's checks) and at most <see cref="LimitsOptions.MaxComparisonRuns"/>
    /// runs, stores it as <paramref name="user"/>'s and enqueues its job. Throws <see cref="UnicoInputException"/>
    /// naming the field, or <see cref="TooManyRunsException"/>.
    /// </summary>
    public async Task<long> SubmitAsync(string json, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var config = ComparisonConfigJson.Parse(json, "comparison");
        var total = config.Entries.Count * config.Seeds.Count;
        if (total > limits.Value.MaxComparisonRuns)
            throw new UnicoInputException(string.Format(CultureInfo.InvariantCulture,
                "{0} algorithms x {1} seeds = {2} runs, beyond this server's limit of {3} (Unico:Limits:MaxComparisonRuns)",
                config.Entries.Count, config.Seeds.Count, total, limits.Value.MaxComparisonRuns), field: "seeds");
        // Every contestant is checked as the run it becomes; the first one also resolves the shared inputs.
        var resolved = config;
        for (var i = 0; i < config.Entries.Count; i++)
        {
            try
            {
                if (i == 0)
                {
                    var first = await runs.ValidateAsync(config.RunConfig(config.Entries[0], config.Seeds[0]), cancellationToken).ConfigureAwait(false);
                    resolved = config with { Base = config.Base with { TrainingWorkloads = first.TrainingWorkloads, HeldOutWorkloads = first.HeldOutWorkloads, Space = first.Space, Threads = first.Threads } };
                    continue;
                }
                var run = resolved.RunConfig(resolved.Entries[i], resolved.Seeds[0]);
                limits.Check(run);
                CoSearchRun.Create(run);
            }
            catch (UnicoInputException e) when (e.Field == "settings.full_budget")
            {
                throw new UnicoInputException(e.Detail, field: "full_budget");
            }
            catch (UnicoInputException e) when (e.Field is { } f && f.StartsWith("settings.", StringComparison.Ordinal))
            {
                // Said of the contestant whose settings are at fault.
                throw new UnicoInputException($"{config.Entries[i].Name}: {e.Detail}", field: $"algorithms[{i}].{f}");
            }
        }
        limiter.Take(RunAccess.OwnerId(user));
        var entity = new ComparisonEntity
        {
            Name = config.Name,
            Status = RunStatus.Queued,
            ConfigJson = ComparisonConfigJson.Write(config),
            ResolvedConfigJson = ComparisonConfigJson.Write(resolved),
            OwnerId = RunAccess.OwnerId(user),
            OwnerName = RunAccess.OwnerName(user),
            CreatedAt = DateTime.UtcNow,
            RunsTotal = total,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Comparisons.Add(entity);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var id = entity.Id;
        entity.JobId = jobs.Enqueue<ComparisonJob>(j => j.ExecuteAsync(id, null, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Cancels a queued or running comparison if <paramref name="user"/> owns it or is an admin.</summary>
    public async Task<RunActionResult> CancelAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var c = await db.Comparisons.SingleOrDefaultAsync(x => x.Id == id, cancellationToken).ConfigureAwait(false);
        if (c is null) return RunActionResult.NotFound;
        if (!RunAccess.CanManage(user, c.OwnerId)) return RunActionResult.Forbidden;
        if (RunStatus.IsFinal(c.Status)) return RunActionResult.Finished;
        if (cancellations.Cancel(id)) return RunActionResult.Done; // the job stores the cancelled state
        if (c.JobId is not null) jobs.Delete(c.JobId);
        c.Status = RunStatus.Cancelled;
        c.FinishedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return RunActionResult.Done;
    }

    /// <summary>Deletes a comparison with its runs' files (cancelling it first) if <paramref name="user"/> owns it or is an admin.</summary>
    public async Task<RunActionResult> DeleteAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var c = await db.Comparisons.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken).ConfigureAwait(false);
            if (c is null) return RunActionResult.NotFound;
            if (!RunAccess.CanManage(user, c.OwnerId)) return RunActionResult.Forbidden;
        }
        await CancelAsync(id, user, cancellationToken).ConfigureAwait(false);
        // The job stops within a fraction of a second; its files go once it has.
        for (var i = 0; i < 100 && cancellations.IsRunning(id); i++) await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
            await db.Comparisons.Where(x => x.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var directory = options.Value.ComparisonDirectory(id);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return RunActionResult.Done;
    }

    /// <summary>Every comparison, newest first, without the report texts.</summary>
    public async Task<List<ComparisonEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Comparisons.AsNoTracking().OrderByDescending(c => c.Id)
            .Select(c => new ComparisonEntity
            {
                Id = c.Id, Name = c.Name, Status = c.Status, OwnerName = c.OwnerName, CreatedAt = c.CreatedAt, StartedAt = c.StartedAt,
                FinishedAt = c.FinishedAt, RunsDone = c.RunsDone, RunsTotal = c.RunsTotal, Error = c.Error,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One comparison, or null.</summary>
    public async Task<ComparisonEntity?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Comparisons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
    }
}
