using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Unico.Web.Comparisons;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>The REST API of multi-seed comparisons: submit the config <c>unico compare</c> takes, follow it, read its report.</summary>
public static class ComparisonsApi
{
    /// <summary>Maps /api/comparisons/*.</summary>
    public static void MapComparisonsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/comparisons").DisableAntiforgery();
        api.MapGet("", ListAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapGet("/{id:long}/report", ReportAsync);
        api.MapGet("/{id:long}/plot", PlotAsync);
        api.MapPost("", SubmitAsync);
        api.MapPost("/{id:long}/cancel", CancelAsync);
        api.MapDelete("/{id:long}", DeleteAsync);
    }

    /// <summary>GET /api/comparisons.</summary>
    public static async Task<IResult> ListAsync(ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        return Results.Json(new JsonArray([.. (await comparisons.ListAsync(ct)).Select(c => (JsonNode)Json(c))]));
    }

    /// <summary>GET /api/comparisons/{id}: state, config and, once finished, the engine's comparison.json as <c>result</c>.</summary>
    public static async Task<IResult> GetAsync(long id, ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (await comparisons.GetAsync(id, ct) is not { } c) return ApiProblems.NotFound($"no comparison {id}");
        var json = Json(c);
        json["config"] = JsonNode.Parse(c.ConfigJson);
        json["result"] = c.ResultJson is null ? null : JsonNode.Parse(c.ResultJson);
        return Results.Json(json);
    }

    /// <summary>GET /api/comparisons/{id}/report: the engine's report.md.</summary>
    public static async Task<IResult> ReportAsync(long id, ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (await comparisons.GetAsync(id, ct) is not { } c) return ApiProblems.NotFound($"no comparison {id}");
        return c.ReportMarkdown is { } report
            ? Results.File(Encoding.UTF8.GetBytes(report), "text/markdown", $"comparison-{id}-report.md")
            : ApiProblems.NotFound($"comparison {id} has no report yet (status {c.Status})");
    }

    /// <summary>GET /api/comparisons/{id}/plot: the median hypervolume curves (SVG).</summary>
    public static async Task<IResult> PlotAsync(long id, ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (await comparisons.GetAsync(id, ct) is not { } c) return ApiProblems.NotFound($"no comparison {id}");
        return c.PlotSvg is { } svg
            ? Results.Text(svg, "image/svg+xml", Encoding.UTF8)
            : ApiProblems.NotFound($"comparison {id} has no plot yet (status {c.Status})");
    }

    /// <summary>POST /api/comparisons: a comparison config as <c>unico compare --config</c> takes it; 202 with its id and page.</summary>
    public static async Task<IResult> SubmitAsync(HttpRequest request, ClaimsPrincipal user, ComparisonService comparisons, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(options);
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes, "Invalid comparison config", async body =>
        {
            try
            {
                var id = await comparisons.SubmitAsync(body, user, ct);
                return Results.Json(new JsonObject { ["id"] = id, ["url"] = $"/comparisons/{id}" }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (TooManyRunsException e)
            {
                return ApiProblems.TooManyRuns(request.HttpContext.Response, e);
            }
        }, ct);
    }

    /// <summary>POST /api/comparisons/{id}/cancel.</summary>
    public static async Task<IResult> CancelAsync(long id, ClaimsPrincipal user, ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        return ApiProblems.OwnerAction(await comparisons.CancelAsync(id, user, ct), $"comparison {id}", "cancel it", Results.Accepted($"/api/comparisons/{id}"));
    }

    /// <summary>DELETE /api/comparisons/{id}: 204 (cancels it first; removes its row and files).</summary>
    public static async Task<IResult> DeleteAsync(long id, ClaimsPrincipal user, ComparisonService comparisons, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        return ApiProblems.OwnerAction(await comparisons.DeleteAsync(id, user, ct), $"comparison {id}", "delete it", Results.NoContent());
    }

    private static JsonObject Json(ComparisonEntity c) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["status"] = c.Status,
        ["runs_done"] = c.RunsDone,
        ["runs_total"] = c.RunsTotal,
        ["created_at"] = c.CreatedAt,
        ["started_at"] = c.StartedAt,
        ["finished_at"] = c.FinishedAt,
        ["error"] = c.Error,
        ["owner"] = c.OwnerName,
        ["url"] = $"/comparisons/{c.Id}",
    };
}
