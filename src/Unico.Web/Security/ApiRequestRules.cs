using Microsoft.Net.Http.Headers;
using Unico.Web.Api;

namespace Unico.Web.Security;

/// <summary>Media types an endpoint's body may have beyond JSON (metadata: <c>.WithMetadata(new AcceptsYaml())</c>).</summary>
public sealed class AcceptsYaml;

/// <summary>
/// What an API request must be before any endpoint sees it, so that no other website can make a
/// browser act on the API. A body (or a declared content type) must be JSON, or YAML where an
/// endpoint takes it: anything else, <c>text/plain</c> and form encodings included (what a page of
/// another site can send without asking), gets 415. A request that a browser marks as coming from
/// another site (<c>Sec-Fetch-Site</c>, or an <c>Origin</c> that is not this host and not allowed
/// by CORS) gets 403 unless it only reads.
/// </summary>
public static class ApiRequestRules
{
    /// <summary>The JSON and YAML media types accepted.</summary>
    public static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>YAML media types (application/yaml is RFC 9512's; the others are in common use).</summary>
    public static bool IsYaml(string mediaType) =>
        mediaType.Equals("application/yaml", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies the rules to /api requests (after routing, so an endpoint's <see cref="AcceptsYaml"/> is known).</summary>
    public static IApplicationBuilder UseApiRequestRules(this IApplicationBuilder app, Func<string, bool> corsAllows) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (CrossSite(request, corsAllows))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                "the API does not act on requests a page of another site makes").ConfigureAwait(false);
            return;
        }
        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 || request.ContentType is not null;
        if (hasBody && !Accepted(request.ContentType, context.GetEndpoint()?.Metadata.GetMetadata<AcceptsYaml>() is not null, out var expected))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"the body must be {expected}, got '{request.ContentType ?? "no Content-Type"}'").ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    });

    private static bool Accepted(string? contentType, bool yaml, out string expected)
    {
        expected = yaml ? "application/json or application/yaml" : "application/json";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType) return false;
        if (parsed.Charset.HasValue && !parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        return IsJson(mediaType) || (yaml && IsYaml(mediaType));
    }

    private static bool CrossSite(HttpRequest request, Func<string, bool> corsAllows)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && corsAllows(origin)) return false;
        if (site is "cross-site" or "same-site") return true;
        if (origin.Length == 0) return false; // not a browser's cross-origin request (curl, a script, a same-origin GET)
        if (origin == "null") return true; // a sandboxed frame or a local file
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
