using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>The REST API: runs, their points, submission, cancellation, exports.</summary>
public static class RunsApi
{
    /// <summary>Maps /api/runs/*.</summary>
    public static void MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").DisableAntiforgery();
        api.MapGet("", async (RunStore store, CancellationToken ct) =>
            Results.Json((await store.ListAsync(ct)).Select(RunJson), EventJson.Options));
        api.MapGet("/{id:long}", async (long id, RunStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } run ? Results.Json(RunDetailJson(run), EventJson.Options) : NotFound($"no run {id}"));
        api.MapGet("/{id:long}/points", async (long id, string? format, bool? front, RunStore store, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is not { } run) return NotFound($"no run {id}");
            var points = (await store.PointsAsync(id, cancellationToken: ct)).Where(p => p.Evaluated).ToList();
            var frontIds = RunStore.Ids(run.FrontJson).ToHashSet();
            if (front == true) points = [.. points.Where(p => frontIds.Contains(p.PointId))];
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                var csv = PointsCsv(run, points);
                return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv", $"run-{id}-{(front == true ? "front" : "points")}.csv");
            }
            if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
                return Results.Problem(title: "Bad format", detail: "'format': expected json or csv", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "format" });
            return Results.Json(points.Select(p => PointJson(run, p, frontIds)), EventJson.Options);
        });
        api.MapGet("/{id:long}/config", async (long id, RunStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } run
                ? Results.File(Encoding.UTF8.GetBytes(run.ConfigJson), "application/json", $"{FileName(run.Name)}.json")
                : NotFound($"no run {id}"));
        api.MapGet("/{id:long}/result", async (long id, RunStore store, IOptions<UnicoOptions> options, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is not { } run) return NotFound($"no run {id}");
            var path = Path.Combine(options.Value.RunDirectory(id), "result.json");
            return File.Exists(path)
                ? Results.File(await File.ReadAllBytesAsync(path, ct), "application/json", $"run-{id}-result.json")
                : NotFound($"run {id} has no result yet (status {run.Status})");
        });
        api.MapPost("", async (HttpRequest request, RunService runs, IOptions<UnicoOptions> options, CancellationToken ct) =>
        {
            var limit = options.Value.MaxUploadBytes;
            if (request.ContentLength > limit) return TooLarge(limit);
            string body;
            using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            {
                var buffer = new char[limit + 1];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
                if (read > limit) return TooLarge(limit);
                body = new string(buffer, 0, read);
            }
            try
            {
                var id = await runs.SubmitAsync(body, ct);
                var url = $"/runs/{id}";
                return Results.Json(new JsonObject { ["id"] = id, ["url"] = url }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (UnicoInputException e)
            {
                return InputProblem(e, "Invalid run config");
            }
        });
        api.MapPost("/{id:long}/cancel", async (long id, RunService runs, RunStore store, CancellationToken ct) =>
        {
            if (await store.GetAsync(id, ct) is null) return NotFound($"no run {id}");
            return await runs.CancelAsync(id, ct) ? Results.Accepted($"/api/runs/{id}") : Results.Conflict(new { detail = "the run has finished already" });
        });
        api.MapDelete("/{id:long}", async (long id, RunService runs, CancellationToken ct) =>
            await runs.DeleteAsync(id, ct) ? Results.NoContent() : NotFound($"no run {id}"));
    }

    /// <summary>A 400 problem-details response naming the field (and line) at fault.</summary>
    public static IResult InputProblem(UnicoInputException e, string title)
    {
        ArgumentNullException.ThrowIfNull(e);
        var extensions = new Dictionary<string, object?> { ["field"] = e.Field };
        if (e.Line is { } line) extensions["line"] = line;
        return Results.Problem(title: title, detail: e.Message, statusCode: StatusCodes.Status400BadRequest, extensions: extensions);
    }

    /// <summary>The run's points as the engine's CSV.</summary>
    public static string PointsCsv(RunEntity run, IEnumerable<PointEntity> points)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outcomes = points.Select(RunStore.ToOutcome).ToList();
        var config = CoSearchConfigJson.Parse(run.ConfigJson, "config");
        var result = new CoSearchResult(config, run.Status, outcomes, RunStore.Ids(run.FrontJson), RunStore.Ids(run.RobustFrontJson), [],
            run.MappingEvaluations, run.ElapsedSeconds, null, null, run.Error);
        return CoSearchResultFiles.PointsCsv(result, outcomes);
    }

    /// <summary>A file name made of the safe characters of a run name.</summary>
    public static string FileName(string name)
    {
        var safe = new string([.. (name ?? "run").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "run" : safe;
    }

    private static IResult NotFound(string detail) => Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    private static IResult TooLarge(long limit) =>
        Results.Problem(title: "Too large", detail: $"the body exceeds {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static JsonObject RunJson(RunSummary r) => new()
    {
        ["id"] = r.Id,
        ["name"] = r.Name,
        ["status"] = r.Status,
        ["algorithm"] = r.Algorithm,
        ["progress"] = r.Progress,
        ["hypervolume"] = r.Hypervolume,
        ["mapping_evaluations"] = r.MappingEvaluations,
        ["elapsed_seconds"] = r.ElapsedSeconds,
        ["seconds_left"] = r.SecondsLeft,
        ["points"] = r.Points,
        ["created_at"] = r.CreatedAt,
        ["started_at"] = r.StartedAt,
        ["finished_at"] = r.FinishedAt,
        ["error"] = r.Error,
        ["url"] = $"/runs/{r.Id}",
    };

    private static JsonObject RunDetailJson(RunEntity run)
    {
        var json = RunJson(RunStore.Summary(run));
        json["objectives"] = new JsonArray([.. run.Objectives.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => JsonValue.Create(o))]);
        json["front"] = new JsonArray([.. RunStore.Ids(run.FrontJson).Select(i => JsonValue.Create(i))]);
        json["robust_front"] = new JsonArray([.. RunStore.Ids(run.RobustFrontJson).Select(i => JsonValue.Create(i))]);
        json["resumes"] = run.Resumes;
        json["config"] = JsonNode.Parse(run.ConfigJson);
        json["generalization"] = run.GeneralizationJson is null ? null : JsonNode.Parse(run.GeneralizationJson);
        return json;
    }

    private static JsonObject PointJson(RunEntity run, PointEntity p, HashSet<int> front)
    {
        var parameters = new JsonObject();
        foreach (var (k, v) in RunStore.Parameters(p)) parameters[k] = v;
        return new JsonObject
        {
            ["id"] = p.PointId,
            ["batch"] = p.Batch,
            ["parameters"] = parameters,
            ["latency_cycles"] = p.LatencyCycles,
            ["energy_pj"] = p.EnergyPj,
            ["area_mm2"] = p.AreaMm2,
            ["objectives"] = JsonNode.Parse(p.ObjectivesJson),
            ["high_fidelity"] = p.HighFidelity,
            ["per_layer_budget"] = p.PerLayerBudget,
            ["feasible"] = p.Feasible,
            ["infeasible_reason"] = p.InfeasibleReason,
            ["robustness"] = p.Robustness,
            ["sensitivity"] = p.Sensitivity,
            ["mapping_evaluations"] = p.Evaluations,
            ["on_front"] = front.Contains(p.PointId),
            ["url"] = $"/runs/{run.Id}/points/{p.PointId}",
        };
    }
}
