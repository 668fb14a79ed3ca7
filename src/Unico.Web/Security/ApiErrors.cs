using Unico.Engine;
using Unico.Web.Api;

namespace Unico.Web.Security;

/// <summary>
/// The API answers JSON whatever goes wrong: a malformed request (a body shorter than its
/// Content-Length, a client too slow to send it) gets Kestrel's own status (400, 408, 413); an
/// input error that escaped an endpoint gets 400 naming its field; anything else 500, without
/// details. Bare status codes (no route, 405) get a problem body too, never the HTML not-found page.
/// </summary>
public static partial class ApiErrors
{
    /// <summary>Adds the handling for /api requests.</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        try
        {
            await next(context).ConfigureAwait(false);
            if (context.Response is { HasStarted: false, StatusCode: >= 400 } response && response.ContentLength is null && response.ContentType is null)
                await ApiProblems.WriteAsync(context, response.StatusCode, Title(response.StatusCode), $"{context.Request.Method} {context.Request.Path}").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiProblems.WriteAsync(context, e.StatusCode, "Bad request", e.Message).ConfigureAwait(false);
        }
        catch (UnicoInputException e) when (!context.Response.HasStarted)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid input", e.Message, e.Field).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogFailure(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors)), e, context.Request.Method, context.Request.Path);
            await ApiProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Server error", "the request failed on the server; see its log").ConfigureAwait(false);
        }
    });

    /// <summary>Unknown /api routes: a JSON 404 (mapped last, so every real route wins).</summary>
    public static void MapApiFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/api/{**path}", (HttpContext context) => ApiProblems.NotFound($"no API route {context.Request.Method} {context.Request.Path}"));

    private static string Title(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Sign-in required",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status413PayloadTooLarge => "Too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "Error",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string path);
}
