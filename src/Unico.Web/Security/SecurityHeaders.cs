using System.Security.Cryptography;

namespace Unico.Web.Security;

/// <summary>
/// Headers on every response. Pages get a Content-Security-Policy that allows only this origin's
/// scripts (plus the import map's inline script, by a per-request nonce; no other inline script),
/// evaluated code (Plotly.js compiles functions at run time: without <c>'unsafe-eval'</c> the charts
/// stay empty), inline styles (MudBlazor and Plotly style elements inline), images from data: and
/// blob: URLs (the chart canvas and PNG exports), the circuit's WebSocket to this origin, and no
/// framing by anyone. The Hangfire
/// dashboard renders inline scripts, so its pages allow them. API answers forbid everything.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Key of the request's CSP nonce in <see cref="HttpContext.Items"/>.</summary>
    public const string NonceKey = "unico-csp-nonce";

    /// <summary>The CSP of pages, with the request's nonce.</summary>
    public static string PagePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The CSP of the Hangfire dashboard.</summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The CSP of API answers and files.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The request's nonce (for the import map's script element).</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    /// <summary>Adds the headers to every response, including errors written later in the pipeline.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Hex, not base64: Razor writes '+' and '/' in an attribute as character references, so a
        // base64 nonce would read differently in the page's source than in the header.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.ContentSecurityPolicy = path.StartsWithSegments("/api") || path.StartsWithSegments("/healthz") ? ApiPolicy
                : path.StartsWithSegments("/hangfire") ? DashboardPolicy
                : PagePolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers.Remove("Server");
            return Task.CompletedTask;
        });
        await next(context).ConfigureAwait(false);
    });
}
