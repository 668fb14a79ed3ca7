using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Unico.Web.Api;

namespace Unico.Web.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys (compared as
/// SHA-256 hashes in constant time). The principal is <c>key:&lt;name&gt;</c>, an admin when the key says so.
/// A challenge or a refusal answers 401 or 403 with a JSON problem, never a redirect.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The bearer token of a request, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { Length: > 0 } token) return Task.FromResult(AuthenticateResult.NoResult());
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var match = auth.Value.ApiKeys.FirstOrDefault(k => k.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))));
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, $"key:{match.Name}"), new(ClaimTypes.Name, match.Name) };
        if (match.Admin) claims.Add(new Claim(ClaimTypes.Role, Schemes.AdminRole));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Sign-in required",
            "this server requires an API key: send 'Authorization: Bearer <key>' (keys are configured in Unico:Auth:ApiKeys)");
    }

    /// <inheritdoc/>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "this needs an admin");
}
