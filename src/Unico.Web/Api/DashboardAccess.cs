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
        return Allows(context.GetHttpContext().Connection.RemoteIpAddress, allowRemote);
    }

    /// <summary>True for a loopback client, or any client when remote access is allowed; an unknown address is refused.</summary>
    public static bool Allows(IPAddress? remote, bool allowRemote) =>
        allowRemote || (remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote));
}
