using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Unico.Web.Runs;

/// <summary>A user tried to create more runs per minute than <see cref="LimitsOptions.RunsPerMinute"/> allows.</summary>
/// <param name="retryAfter">When a run may be created again.</param>
public sealed class TooManyRunsException(TimeSpan retryAfter)
    : Exception($"too many runs created in the last minute; try again in {Math.Ceiling(retryAfter.TotalSeconds):0} s")
{
    /// <summary>When a run may be created again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Rate limit of run creation, per owner (a fixed one-minute window), for the API and the new-run
/// page alike: it sits in <see cref="RunService"/>, which both use. Only accepted configs count.
/// </summary>
public sealed class RunSubmissionLimiter(IOptions<LimitsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(owner =>
        RateLimitPartition.GetFixedWindowLimiter(owner, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RunsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Takes one run from the owner's allowance, or throws <see cref="TooManyRunsException"/>.</summary>
    public void Take(string owner)
    {
        using var lease = _limiter.AttemptAcquire(owner);
        if (lease.IsAcquired) return;
        throw new TooManyRunsException(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1));
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter.Dispose();
}
