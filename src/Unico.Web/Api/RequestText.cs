using System.Text;

namespace Unico.Web.Api;

/// <summary>Reads a request body as UTF-8 text of at most a given size.</summary>
public static class RequestText
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="limit"/> bytes (a larger Content-Length
    /// is refused before reading). A body shorter than its Content-Length makes Kestrel throw
    /// <see cref="BadHttpRequestException"/> (400, or 408 for a client that stalls), which
    /// <see cref="Security.ApiErrors"/> answers.
    /// </summary>
    public static async Task<string?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit) return null;
            buffer.Write(chunk, 0, n);
        }
        // Invalid UTF-8 becomes U+FFFD, which the parsers then report where it stands.
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Reads the body (413 when larger than <paramref name="limit"/>) and hands it to <paramref name="handle"/>;
    /// an input error it throws becomes a 400 titled <paramref name="title"/> that names the field.
    /// </summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, long limit, string title, Func<string, Task<IResult>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (await ReadAsync(request, limit, cancellationToken).ConfigureAwait(false) is not { } body) return TooLarge(limit);
        try
        {
            return await handle(body).ConfigureAwait(false);
        }
        catch (Engine.UnicoInputException e)
        {
            return ApiProblems.Input(e, title);
        }
    }

    /// <summary>The 413 answer.</summary>
    public static IResult TooLarge(long limit) =>
        Results.Problem(title: "Too large", detail: $"the body exceeds {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
}
