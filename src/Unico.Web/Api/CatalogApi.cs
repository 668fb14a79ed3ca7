using System.Text;
using Unico.Engine.Workloads;
using Unico.Web.Catalog;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>Read-only API over workloads and design spaces (built-in and custom), in the engine's file formats.</summary>
public static class CatalogApi
{
    /// <summary>Maps /api/workloads and /api/spaces.</summary>
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workloads", async (CatalogService catalog, CancellationToken ct) => Results.Json(await catalog.WorkloadsAsync(ct), EventJson.Options));
        app.MapGet("/api/workloads/{name}", async (string name, CatalogService catalog, CancellationToken ct) =>
            await catalog.WorkloadAsync(name, ct) is { } w
                ? Results.File(Encoding.UTF8.GetBytes(w.BuiltIn && w.Workload.Layers.Any(l => l.Kind == LayerKind.Custom) ? "{}" : WorkloadJson.Write(w.Workload)), "application/json", $"{RunsApi.FileName(w.Workload.Name)}.json")
                : Results.Problem(title: "Not found", detail: $"no workload '{name}'", statusCode: 404));
        app.MapGet("/api/spaces", async (CatalogService catalog, CancellationToken ct) => Results.Json(await catalog.SpacesAsync(ct), EventJson.Options));
        app.MapGet("/api/spaces/{name}", async (string name, CatalogService catalog, CancellationToken ct) =>
            await catalog.SpaceAsync(name, ct) is { } s
                ? Results.File(Encoding.UTF8.GetBytes(s.Space.ToJson()), "application/json", $"{RunsApi.FileName(s.Space.Name)}.json")
                : Results.Problem(title: "Not found", detail: $"no design space '{name}'", statusCode: 404));
    }
}
