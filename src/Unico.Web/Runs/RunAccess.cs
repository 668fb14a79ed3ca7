using System.Security.Claims;
using Unico.Web.Access;
using Unico.Web.Data;

namespace Unico.Web.Runs;

/// <summary>What the API and pages answer to an action on a run.</summary>
public enum RunActionResult
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No such run.</summary>
    NotFound,

    /// <summary>The run has finished already (cancel).</summary>
    Finished,

    /// <summary>The run belongs to someone else and the user is not an admin.</summary>
    Forbidden,
}

/// <summary>Runs have owners: only the owner or an admin cancels or deletes one.</summary>
public static class RunAccess
{
    /// <summary>What a page tells the user after an action (<paramref name="action"/>: "cancelled", "deleted").</summary>
    public static string Message(this RunActionResult result, long id, string action) => result switch
    {
        RunActionResult.Done => $"Run #{id} {action}",
        RunActionResult.Finished => $"Run #{id} has finished already",
        RunActionResult.Forbidden => $"Run #{id} belongs to someone else: only its owner or an admin can change it",
        _ => $"There is no run #{id}",
    };

    /// <summary>The user's owner id (an account id, <c>key:NAME</c>, <c>oidc:SUB</c> or <c>local</c>).</summary>
    public static string OwnerId(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
    }

    /// <summary>How the owner is shown.</summary>
    public static string OwnerName(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? OwnerId(user);
    }

    /// <summary>True for an admin.</summary>
    public static bool IsAdmin(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Schemes.AdminRole);
    }

    /// <summary>True when the user may cancel or delete a run of <paramref name="ownerId"/> (runs from before owners existed: admins only).</summary>
    public static bool CanManage(ClaimsPrincipal user, string? ownerId) =>
        IsAdmin(user) || (ownerId is not null && string.Equals(ownerId, OwnerId(user), StringComparison.Ordinal));

    /// <summary>As <see cref="CanManage(ClaimsPrincipal, string?)"/> for a run row.</summary>
    public static bool CanManage(ClaimsPrincipal user, RunEntity run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return CanManage(user, run.OwnerId);
    }
}
