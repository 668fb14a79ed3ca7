using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Unico.Web.Components.Common;

/// <summary>The user of a page's circuit, from the cascading authentication state (anonymous without one).</summary>
public static class CurrentUser
{
    /// <summary>The user.</summary>
    public static async Task<ClaimsPrincipal> GetAsync(Task<AuthenticationState>? state) =>
        state is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await state.ConfigureAwait(false)).User;
}
