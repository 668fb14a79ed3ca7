using System.Net;
using Hangfire.Dashboard;

namespace Unico.Web.Api;

/// <summary>The Hangfire dashboard answers only loopback clients unless the operator allows remote ones.</summary>
public sealed class DashboardAccess(bool allowRemote) : IDashboardAuthorizationFilter
{
    /// <inheritdoc/>
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (allowRemote) return true;
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote);
    }
}
