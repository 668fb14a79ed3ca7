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

/// <summary>Hangfire's storage answers and an in-process server has sent a heartbeat recently.</summary>
public sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var servers = monitoring.Servers();
            var alive = servers.Where(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(1)).ToList();
            if (alive.Count == 0) return Task.FromResult(HealthCheckResult.Unhealthy("no Hangfire server is running"));
            return Task.FromResult(HealthCheckResult.Healthy($"{alive.Count} server(s), {alive.Sum(s => s.WorkersCount)} worker(s), {monitoring.EnqueuedCount("default")} enqueued"));
        }
#pragma warning disable CA1031 // any failure is "unhealthy"
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage unreachable", e));
        }
#pragma warning restore CA1031
    }
}
