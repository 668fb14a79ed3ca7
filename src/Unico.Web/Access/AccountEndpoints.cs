using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Unico.Web.Access;

/// <summary>
/// Sign-in and sign-out for the app's own accounts: the sign-in page posts a form here with its
/// antiforgery token, which the handlers check before reading the form (a form without it gets 400).
/// Five wrong passwords lock an account for five minutes (Identity's lockout), so a password
/// cannot be guessed at speed.
/// </summary>
public static partial class AccountEndpoints
{
    /// <summary>Maps POST /account/signin and POST /account/signout (the page is GET /account/login: Razor pages take POSTs too).</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The handlers validate the token themselves: the middleware's check would make reading the form throw.
        app.MapPost("/account/signin", LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/account/signout", LogoutAsync).DisableAntiforgery();
        app.MapGet("/account/oidc", SignInWithProvider).AllowAnonymous();
    }

    /// <summary>GET /account/oidc: sends the browser to the OpenID Connect provider.</summary>
    public static IResult SignInWithProvider(string? returnUrl) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) }, [Schemes.Oidc]);

    /// <summary>Signs in with a user name and password; back to the sign-in page with a reason when refused.</summary>
    public static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(signIn);
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false)) return NoToken();
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var (userName, password) = (form["userName"].ToString(), form["password"].ToString());
        var back = LocalUrl(form["returnUrl"].ToString());
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password)) return Refused("missing", back);
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: true, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.Succeeded) return Results.LocalRedirect(back);
        return Refused(result.IsLockedOut ? "locked" : "wrong", back);
    }

    /// <summary>Signs out of every cookie scheme.</summary>
    public static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery, IOptions<AuthOptions> auth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(auth);
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false)) return NoToken();
        await context.SignOutAsync(IdentityConstants.ApplicationScheme).ConfigureAwait(false);
        if (auth.Value.OpenIdConnect.Enabled)
            await context.SignOutAsync(Schemes.OidcCookie).ConfigureAwait(false);
        return Results.LocalRedirect("/account/login?error=signed-out");
    }

    /// <summary>A local path to go back to (anything else, such as another site, becomes the runs list).</summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/runs";

    /// <summary>Logs a warning when sign-in is required but nothing is configured to sign in with.</summary>
    public static void WarnIfLockedOut(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var mode = services.GetRequiredService<AccessMode>();
        if (!mode.SignInRequired || services.GetRequiredService<IOptions<AuthOptions>>().Value.AnyCredentials) return;
        LogLockedOut(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountEndpoints)), string.Join(", ", mode.Addresses()));
    }

    private static IResult NoToken() =>
        Results.Problem(title: "Bad request", detail: "the form's antiforgery token is missing or invalid: reload the page and try again", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Refused(string reason, string returnUrl) =>
        Results.LocalRedirect($"/account/login?error={reason}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on {Addresses}, which is not loopback only, so every request must sign in; but no API key, account or OpenID Connect provider is configured (Unico:Auth), so nobody can")]
    private static partial void LogLockedOut(ILogger logger, string addresses);
}
