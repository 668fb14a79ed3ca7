using Hangfire.Dashboard;
using Unico.Web.Access;

namespace Unico.Web.Api;

/// <summary>
/// The Hangfire dashboard (which can delete and requeue jobs) is for admins: an API key or account
/// with the admin role, or the local user of an open installation. Where the request comes from
/// does not matter: a reverse proxy on the same host makes every request look local.
/// </summary>
public sealed class DashboardAccess : IDashboardAuthorizationFilter
{
    /// <inheritdoc/>
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().User.IsInRole(Schemes.AdminRole);
    }
}
