using System.Text;
using Microsoft.Extensions.Options;
using Unico.Engine.Workloads;
using Unico.Web.Catalog;
using Unico.Web.Runs;
using Unico.Web.Security;

namespace Unico.Web.Api;

/// <summary>
/// Workloads and design spaces (built-in and custom) in the engine's file formats, and their
/// import: the same parsing and checks as the pages' upload buttons (<see cref="CatalogImport"/>).
/// </summary>
public static class CatalogApi
{
    /// <summary>Maps /api/workloads and /api/spaces.</summary>
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery();
        api.MapGet("/workloads", ListWorkloadsAsync);
        api.MapGet("/workloads/{name}", GetWorkloadAsync);
        api.MapPost("/workloads", ImportWorkloadAsync).WithMetadata(new AcceptsYaml());
        api.MapGet("/spaces", ListSpacesAsync);
        api.MapGet("/spaces/{name}", GetSpaceAsync);
        api.MapPost("/spaces", ImportSpaceAsync);
    }

    /// <summary>GET /api/workloads: built-in and custom workloads.</summary>
    public static async Task<IResult> ListWorkloadsAsync(CatalogService catalog, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Results.Json(await catalog.WorkloadsAsync(ct), EventJson.Options);
    }

    /// <summary>GET /api/workloads/{name}: one workload as its JSON file.</summary>
    public static async Task<IResult> GetWorkloadAsync(string name, CatalogService catalog, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return await catalog.WorkloadAsync(name, ct) is { } w
            ? Results.File(Encoding.UTF8.GetBytes(w.BuiltIn && w.Workload.Layers.Any(l => l.Kind == LayerKind.Custom) ? "{}" : WorkloadJson.Write(w.Workload)), "application/json", $"{RunsApi.FileName(w.Workload.Name)}.json")
            : ApiProblems.NotFound($"no workload '{name}'");
    }

    /// <summary>
    /// POST /api/workloads: a workload JSON (application/json) or a Timeloop problem YAML
    /// (application/yaml, named by <c>?name=</c>); 201 with its name and URL.
    /// </summary>
    public static async Task<IResult> ImportWorkloadAsync(HttpRequest request, string? name, CatalogImport import, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(options);
        var yaml = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && ApiRequestRules.IsYaml(type.MediaType.Value ?? "");
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes, "Invalid workload", async body =>
        {
            var workload = await import.ImportWorkloadAsync(body, yaml ? WorkloadFormat.TimeloopYaml : WorkloadFormat.Json, name, yaml ? "body.yaml" : "body.json", ct);
            return Created("workloads", workload.Name, workload.LayerCount);
        }, ct);
    }

    /// <summary>GET /api/spaces: built-in and custom design spaces.</summary>
    public static async Task<IResult> ListSpacesAsync(CatalogService catalog, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Results.Json(await catalog.SpacesAsync(ct), EventJson.Options);
    }

    /// <summary>GET /api/spaces/{name}: one design space as its JSON file.</summary>
    public static async Task<IResult> GetSpaceAsync(string name, CatalogService catalog, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return await catalog.SpaceAsync(name, ct) is { } s
            ? Results.File(Encoding.UTF8.GetBytes(s.Space.ToJson()), "application/json", $"{RunsApi.FileName(s.Space.Name)}.json")
            : ApiProblems.NotFound($"no design space '{name}'");
    }

    /// <summary>POST /api/spaces: a design-space JSON (named by <c>?name=</c> when it has no name); 201 with its name and URL.</summary>
    public static async Task<IResult> ImportSpaceAsync(HttpRequest request, string? name, CatalogImport import, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(options);
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes, "Invalid design space", async body =>
        {
            var space = await import.ImportSpaceAsync(body, name, ct);
            return Created("spaces", space.Name, space.FreeParameters.Length);
        }, ct);
    }

    private static IResult Created(string kind, string name, int size)
    {
        var url = $"/api/{kind}/{Uri.EscapeDataString(name)}";
        return Results.Created(url, new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name,
            [kind == "workloads" ? "layers" : "free_parameters"] = size,
            ["url"] = url,
            ["page"] = $"/{kind}/{Uri.EscapeDataString(name)}",
        });
    }
}
