using System.Text.Json;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Web.Catalog;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>
/// Timeloop in and out: a design space from a Timeloop architecture's files, and a run's design
/// point as Timeloop files (docs/hardware.md, "Your own architecture" and "Export a design").
/// </summary>
public static class TimeloopApi
{
    /// <summary>Maps POST /api/spaces/architecture and GET /api/runs/{id}/points/{pointId}/timeloop.</summary>
    public static void MapTimeloopApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery();
        api.MapPost("/spaces/architecture", ImportArchitectureSpaceAsync);
        api.MapGet("/runs/{id:long}/points/{pointId:int}/timeloop", ExportAsync);
    }

    /// <summary>
    /// POST /api/spaces/architecture: <c>{"files": {"NAME.json": "...", "arch.yaml": "...", ...}}</c>,
    /// the parameter file and the YAML files it names, as texts; 201 with the space's name and URL.
    /// </summary>
    public static async Task<IResult> ImportArchitectureSpaceAsync(HttpRequest request, ArchitectureImport import, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(options);
        // Several files: a body of up to four uploads' worth.
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes * 4, "Invalid design space", async body =>
        {
            var space = await import.ImportAsync(Files(body), ct);
            return Results.Created($"/api/spaces/{Uri.EscapeDataString(space.Name)}",
                new { name = space.Name, free_parameters = space.FreeParameters.Length, url = $"/spaces/{Uri.EscapeDataString(space.Name)}" });
        }, ct);
    }

    /// <summary>GET /api/runs/{id}/points/{pointId}/timeloop: the point as Timeloop files, a zip.</summary>
    public static async Task<IResult> ExportAsync(long id, int pointId, TimeloopExport export, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        try
        {
            return await export.ZipAsync(id, pointId, ct) is { } zip
                ? Results.File(zip, "application/zip", $"run-{id}-point-{pointId}-timeloop.zip")
                : ApiProblems.NotFound($"no run {id}");
        }
        catch (UnicoInputException e)
        {
            return ApiProblems.Input(e, "Cannot export");
        }
    }

    private static List<UploadedFile> Files(string body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new UnicoInputException($"invalid JSON: {e.Message}", "body", e.LineNumber is { } l ? (int)l + 1 : null);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
                throw new UnicoInputException("expected {\"files\": {\"NAME.json\": \"...\", \"arch.yaml\": \"...\"}}", field: "files");
            var list = new List<UploadedFile>();
            foreach (var f in files.EnumerateObject())
            {
                if (f.Value.ValueKind != JsonValueKind.String) throw new UnicoInputException("expected the file's text, a string", field: $"files.{f.Name}");
                list.Add(new UploadedFile(f.Name, f.Value.GetString()!));
            }
            return list;
        }
    }
}
