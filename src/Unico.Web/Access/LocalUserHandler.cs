using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Unico.Web.Api;

namespace Unico.Web.Access;

/// <summary>
/// The open installation's single user (nothing configured, loopback only): every request from
/// this machine is the local user, an admin. A request relayed by a proxy (it carries
/// <c>Forwarded</c> or <c>X-Forwarded-For</c>) may come from anywhere, so it is not admitted:
/// behind a proxy, configure sign-in.
/// </summary>
public sealed class LocalUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The local user's id (owner of the runs it creates).</summary>
    public const string UserId = "local";

    /// <summary>True for a request made on this machine and not relayed by a proxy.</summary>
    public static bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        if (headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Real-IP")) return false;
        var remote = context.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsLocal(Context)) return Task.FromResult(AuthenticateResult.Fail("a relayed or remote request to an installation without sign-in"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, UserId), new Claim(ClaimTypes.Name, "local user"), new Claim(ClaimTypes.Role, Schemes.AdminRole)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Sign-in required",
            "this installation has no sign-in configured and admits only requests made on this machine; behind a proxy, configure Unico:Auth");
}
