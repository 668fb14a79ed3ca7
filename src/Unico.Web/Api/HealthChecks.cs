using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Unico.Web.Data;

namespace Unico.Web.Api;

/// <summary>The database answers a query.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<UnicoDbContext> dbFactory) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var runs = await db.Runs.CountAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{runs} runs");
        }
#pragma warning disable CA1031 // any failure is "unhealthy"
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
#pragma warning restore CA1031
    }
}

/// <summary>
/// Hangfire's storage answers and an in-process server has sent a heartbeat recently. The
/// description counts runs from the app's database (queued and running) next to Hangfire's
/// enqueued and processing jobs: after a restart the two agree (<see cref="Runs.RunRecovery"/>
/// rebuilds the queue from the runs).
/// </summary>
public sealed class HangfireHealthCheck(JobStorage storage, IDbContextFactory<UnicoDbContext> dbFactory) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var alive = monitoring.Servers().Where(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1)).ToList();
            if (alive.Count == 0) return HealthCheckResult.Unhealthy("no Hangfire server is running");
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var queued = await db.Runs.CountAsync(r => r.Status == RunStatus.Queued, cancellationToken).ConfigureAwait(false);
            var running = await db.Runs.CountAsync(r => r.Status == RunStatus.Running, cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object>
            {
                ["servers"] = alive.Count,
                ["workers"] = alive.Sum(s => s.WorkersCount),
                ["runs_queued"] = queued,
                ["runs_running"] = running,
                ["jobs_enqueued"] = monitoring.EnqueuedCount("default"),
                ["mapping_jobs_enqueued"] = monitoring.EnqueuedCount(Runs.MappingJob.Queue),
                ["jobs_processing"] = monitoring.ProcessingCount(),
            };
            return HealthCheckResult.Healthy(
                $"{alive.Count} server(s), {data["workers"]} worker(s); runs: {queued} queued, {running} running; jobs: {data["jobs_enqueued"]} enqueued, {data["mapping_jobs_enqueued"]} mapping jobs enqueued, {data["jobs_processing"]} processing",
                data);
        }
#pragma warning disable CA1031 // any failure is "unhealthy"
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Hangfire storage unreachable", e);
        }
#pragma warning restore CA1031
    }
}
