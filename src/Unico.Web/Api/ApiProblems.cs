using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>The API's errors: RFC 9457 problem details as JSON, with <c>field</c> (and <c>line</c>) for bad input.</summary>
public static class ApiProblems
{
    /// <summary>Writes a problem to the response (for middleware and handlers that have no <see cref="IResult"/> to return).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = new JsonObject { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail };
        if (field is not null) body["field"] = field;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>A 400 naming the field (and line) at fault.</summary>
    public static IResult Input(UnicoInputException e, string title)
    {
        ArgumentNullException.ThrowIfNull(e);
        var extensions = new Dictionary<string, object?> { ["field"] = e.Field };
        if (e.Line is { } line) extensions["line"] = line;
        return Results.Problem(title: title, detail: e.Message, statusCode: StatusCodes.Status400BadRequest, extensions: extensions);
    }

    /// <summary>A 404.</summary>
    public static IResult NotFound(string detail) => Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>A 403: the run or item belongs to someone else.</summary>
    public static IResult Forbidden(string detail) => Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>
    /// The answer to an owner's action on <paramref name="item"/> ("run 7", "comparison 3"):
    /// <paramref name="done"/>; 409 when it has finished already (cancel); 403 when it is someone
    /// else's (only its owner or an admin may <paramref name="action"/>); 404.
    /// </summary>
    public static IResult OwnerAction(RunActionResult result, string item, string action, IResult done) => result switch
    {
        RunActionResult.Done => done,
        RunActionResult.Finished => Results.Problem(title: "Finished", detail: $"{item} has finished already", statusCode: StatusCodes.Status409Conflict),
        RunActionResult.Forbidden => Forbidden($"{item} belongs to someone else; only its owner or an admin may {action}"),
        _ => NotFound($"no {item}"),
    };

    /// <summary>The 429 of a submission over the run limits, with Retry-After.</summary>
    public static IResult TooManyRuns(HttpResponse response, TooManyRunsException e)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(e);
        response.Headers.RetryAfter = Math.Ceiling(e.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(title: "Too many runs", detail: e.Message, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
