using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Unico.Web.Api;
using Unico.Web.Data;

namespace Unico.Web.Access;

/// <summary>
/// Authentication and authorization with ASP.NET Core's own mechanisms. One policy scheme picks,
/// per request: the API key handler for a bearer token; the local user for an open installation;
/// otherwise the sign-in cookie (ASP.NET Core Identity's, or the one an OpenID Connect sign-in
/// leaves). Every endpoint needs an authenticated user unless it allows anonymous access (health,
/// static files, the sign-in page). API requests are never redirected: they get 401 or 403.
/// </summary>
public static class AccessExtensions
{
    /// <summary>Registers the schemes, Identity on the app's database, the policies and the data-protection keys under <paramref name="dataPath"/>.</summary>
    public static void AddUnicoAccess(this WebApplicationBuilder builder, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();
        var services = builder.Services;
        services.Configure<AuthOptions>(section);
        services.AddSingleton<AccessMode>();

        // Cookies and antiforgery tokens stay valid across restarts and outside Docker alike.
        services.AddDataProtection().SetApplicationName("Unico").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = Schemes.Unico;
            o.DefaultChallengeScheme = Schemes.Unico;
        });
        authentication.AddPolicyScheme(Schemes.Unico, "Unico", o => o.ForwardDefaultSelector = context =>
            ApiKeyHandler.BearerToken(context.Request) is not null ? Schemes.ApiKey
            : !context.RequestServices.GetRequiredService<AccessMode>().SignInRequired ? Schemes.Local
            : auth.OpenIdConnect.Enabled ? Schemes.OidcCookie
            : IdentityConstants.ApplicationScheme);
        authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(Schemes.ApiKey, null);
        authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, LocalUserHandler>(Schemes.Local, null);
        authentication.AddIdentityCookies();
        services.AddIdentityCore<IdentityUser>(o => o.Lockout.AllowedForNewUsers = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<UnicoDbContext>()
            .AddSignInManager();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/login";
            ConfigureCookie(o);
        });
        if (auth.OpenIdConnect.Enabled) AddOpenIdConnect(authentication, auth.OpenIdConnect);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Schemes.AdminRole, p => p.RequireRole(Schemes.AdminRole));
        services.AddCascadingAuthenticationState();
        services.AddHostedService<UserSeeder>();
    }

    /// <summary>Maps sign-in and sign-out (<see cref="AccountEndpoints"/>) and warns when nobody could sign in.</summary>
    public static void UseUnicoAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Lifetime.ApplicationStarted.Register(() => AccountEndpoints.WarnIfLockedOut(app.Services));
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromDays(7);
        o.Events.OnRedirectToLogin = c => IsApi(c.Request)
            ? ApiProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required", "sign in, or send 'Authorization: Bearer <key>'")
            : Redirect(c);
        o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request)
            ? ApiProblems.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "this needs an admin")
            : Redirect(c);
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> c)
    {
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    private static void AddOpenIdConnect(Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication, OpenIdConnectOptions settings)
    {
        authentication.AddCookie(Schemes.OidcCookie, o =>
        {
            o.ForwardChallenge = Schemes.Oidc;
            o.AccessDeniedPath = "/account/login";
            ConfigureCookie(o);
        });
        authentication.AddOpenIdConnect(Schemes.Oidc, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = "code";
            o.SignInScheme = Schemes.OidcCookie;
            o.MapInboundClaims = false;
            o.Scope.Add("email");
            o.TokenValidationParameters.NameClaimType = "name";
            o.Events.OnRedirectToIdentityProvider = c =>
            {
                if (!IsApi(c.Request)) return Task.CompletedTask;
                c.HandleResponse();
                return ApiProblems.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required", "sign in, or send 'Authorization: Bearer <key>'");
            };
            o.Events.OnTokenValidated = c =>
            {
                // Owners are namespaced ("oidc:<sub>") so that no provider subject can pose as an API key or an account.
                var identity = (ClaimsIdentity)c.Principal!.Identity!;
                var subject = identity.FindFirst("sub")?.Value ?? "";
                var email = identity.FindFirst("email")?.Value;
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, $"oidc:{subject}"));
                if (settings.Admins.Any(a => string.Equals(a, subject, StringComparison.Ordinal) || string.Equals(a, email, StringComparison.OrdinalIgnoreCase)))
                    identity.AddClaim(new Claim(identity.RoleClaimType, Schemes.AdminRole));
                return Task.CompletedTask;
            };
        });
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
