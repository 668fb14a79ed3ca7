using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Catalog;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Api;

/// <summary>The REST API: runs, their points, submission, cancellation, exports.</summary>
public static class RunsApi
{
    /// <summary>Maps /api/runs/*.</summary>
    public static void MapRunsApi(this IEndpointRouteBuilder app)
    {
        // Antiforgery tokens are for forms; the API is protected by its content-type and origin rules (Security.ApiRequestRules).
        var api = app.MapGroup("/api/runs").DisableAntiforgery();
        api.MapGet("", ListAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapGet("/{id:long}/points", PointsAsync);
        api.MapGet("/{id:long}/config", ConfigAsync);
        api.MapGet("/{id:long}/result", ResultAsync);
        api.MapPost("", SubmitAsync);
        api.MapPost("/{id:long}/cancel", CancelAsync);
        api.MapPut("/{id:long}/notes", SetNotesAsync);
        api.MapDelete("/{id:long}", DeleteAsync);
    }

    /// <summary>GET /api/runs: every run.</summary>
    public static async Task<IResult> ListAsync(RunStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Results.Json((await store.ListAsync(ct)).Select(RunJson), EventJson.Options);
    }

    /// <summary>GET /api/runs/{id}: one run with its config, fronts, held-out results and the servers that worked on it (with their mapping jobs).</summary>
    public static async Task<IResult> GetAsync(long id, RunStore store, RunDocuments documents, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(documents);
        if (await store.GetAsync(id, ct) is not { } run) return ApiProblems.NotFound($"no run {id}");
        var json = RunDetailJson(run);
        var work = await documents.WorkAsync(id, ct);
        json["workers"] = new JsonArray([.. work.Select(w => JsonValue.Create(w.Worker))]);
        // With split runs, what each server did: the run's job counts none, mapping jobs one each.
        json["work"] = new JsonArray([.. work.Select(w => new JsonObject
        {
            ["worker"] = w.Worker,
            ["mapping_jobs"] = w.MappingJobs,
            ["mapping_evaluations"] = w.MappingEvaluations,
        })]);
        return Results.Json(json, EventJson.Options);
    }

    /// <summary>GET /api/runs/{id}/points: evaluated points as JSON or CSV, all or the front.</summary>
    public static async Task<IResult> PointsAsync(long id, string? format, bool? front, RunStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetAsync(id, ct) is not { } run) return ApiProblems.NotFound($"no run {id}");
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
        var space = SpaceOf(run);
        return Results.Json(points.Select(p => PointJson(run, p, frontIds, space)), EventJson.Options);
    }

    /// <summary>
    /// GET /api/runs/{id}/config: the config as submitted, with the custom workloads and space the
    /// run used written into it (as they were when it started), so <c>unico search --config</c>
    /// on the file alone runs it again.
    /// </summary>
    public static async Task<IResult> ConfigAsync(long id, RunStore store, CatalogService catalog, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(catalog);
        return await store.GetAsync(id, ct) is { } run
            ? Results.File(Encoding.UTF8.GetBytes(StandaloneConfig(run, catalog)), "application/json", $"{FileName(run.Name)}.json")
            : ApiProblems.NotFound($"no run {id}");
    }

    /// <summary>A run's config that stands alone: custom inputs inline, everything else as submitted.</summary>
    public static string StandaloneConfig(RunEntity run, CatalogService catalog)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(catalog);
        CoSearchConfig submitted, resolved;
        try
        {
            submitted = CoSearchConfigJson.Parse(run.ConfigJson, "config");
            resolved = CoSearchConfigJson.Parse(run.ResolvedConfigJson, "config");
        }
        catch (UnicoInputException)
        {
            return run.ConfigJson;
        }
        return CoSearchConfigJson.Write(submitted with
        {
            TrainingWorkloads = [.. resolved.TrainingWorkloads.Select(catalog.Standalone)],
            HeldOutWorkloads = [.. resolved.HeldOutWorkloads.Select(catalog.Standalone)],
            Space = catalog.Standalone(resolved.Space),
        });
    }

    /// <summary>GET /api/runs/{id}/result: the engine's result file of a finished run.</summary>
    public static async Task<IResult> ResultAsync(long id, RunStore store, RunDocuments documents, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(documents);
        if (await store.GetAsync(id, ct) is not { } run) return ApiProblems.NotFound($"no run {id}");
        return await documents.LoadAsync(id, RunDocuments.Result, ct) is { } json
            ? Results.File(Encoding.UTF8.GetBytes(json), "application/json", $"run-{id}-result.json")
            : ApiProblems.NotFound($"run {id} has no result yet (status {run.Status})");
    }

    /// <summary>POST /api/runs: validates and queues a run config; 202 with its id and page.</summary>
    public static async Task<IResult> SubmitAsync(HttpRequest request, ClaimsPrincipal user, RunService runs, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes, "Invalid run config", async body =>
        {
            try
            {
                var id = await runs.SubmitAsync(body, user, ct);
                return Results.Json(new JsonObject { ["id"] = id, ["url"] = $"/runs/{id}" }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (TooManyRunsException e)
            {
                return ApiProblems.TooManyRuns(request.HttpContext.Response, e);
            }
        }, ct);
    }

    /// <summary>POST /api/runs/{id}/cancel: the owner or an admin cancels a queued or running run.</summary>
    public static async Task<IResult> CancelAsync(long id, ClaimsPrincipal user, RunService runs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ApiProblems.OwnerAction(await runs.CancelAsync(id, user, ct), $"run {id}", "cancel it", Results.Accepted($"/api/runs/{id}"));
    }

    /// <summary>PUT /api/runs/{id}/notes: <c>{"notes": "..."}</c> replaces the run's notes (the owner or an admin); 200 with them.</summary>
    public static async Task<IResult> SetNotesAsync(long id, HttpRequest request, ClaimsPrincipal user, RunService runs, IOptions<UnicoOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        return await RequestText.HandleAsync(request, options.Value.MaxUploadBytes, "Invalid notes", async body =>
        {
            var notes = NotesOf(body);
            return ApiProblems.OwnerAction(await runs.SetNotesAsync(id, notes, user, ct), $"run {id}", "change its notes",
                Results.Json(new JsonObject { ["id"] = id, ["notes"] = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim() }));
        }, ct);
    }

    private static string? NotesOf(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UnicoInputException($"invalid JSON: {e.Message}", field: "notes");
        }
        if (root is not JsonObject obj || !obj.TryGetPropertyValue("notes", out var value))
            throw new UnicoInputException("expected an object with \"notes\": a string, or null to clear them", field: "notes");
        return value switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            _ => throw new UnicoInputException("expected a string, or null to clear them", field: "notes"),
        };
    }

    /// <summary>DELETE /api/runs/{id}: the owner or an admin deletes a run with its rows and files.</summary>
    public static async Task<IResult> DeleteAsync(long id, ClaimsPrincipal user, RunService runs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return ApiProblems.OwnerAction(await runs.DeleteAsync(id, user, ct), $"run {id}", "delete it", Results.NoContent());
    }

    /// <summary>The run's points as the engine's CSV.</summary>
    public static string PointsCsv(RunEntity run, IEnumerable<PointEntity> points)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outcomes = points.Select(RunStore.ToOutcome).ToList();
        var config = CoSearchConfigJson.Parse(run.ConfigJson, "config");
        // A run still going has no outcome yet; the CSV writes none (it takes the points and fronts only).
        var status = EnumNames.TryParse<RunOutcome>(run.Status, out var outcome) ? outcome : RunOutcome.Cancelled;
        var result = new CoSearchResult(config, status, outcomes, RunStore.Ids(run.FrontJson), RunStore.Ids(run.RobustFrontJson), [],
            run.MappingEvaluations, run.ElapsedSeconds, null, null, run.Error);
        return CoSearchResultFiles.PointsCsv(result, outcomes);
    }

    /// <summary>A file name made of the safe characters of a run name.</summary>
    public static string FileName(string name)
    {
        var safe = new string([.. (name ?? "run").Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "run" : safe;
    }

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
        ["owner"] = r.OwnerName,
        ["url"] = $"/runs/{r.Id}",
    };

    private static JsonObject RunDetailJson(RunEntity run)
    {
        var json = RunJson(RunStore.Summary(run));
        json["objectives"] = new JsonArray([.. run.Objectives.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => JsonValue.Create(o))]);
        json["front"] = new JsonArray([.. RunStore.Ids(run.FrontJson).Select(i => JsonValue.Create(i))]);
        json["robust_front"] = new JsonArray([.. RunStore.Ids(run.RobustFrontJson).Select(i => JsonValue.Create(i))]);
        json["resumes"] = run.Resumes;
        json["notes"] = run.Notes;
        json["config"] = JsonNode.Parse(run.ConfigJson);
        json["generalization"] = run.GeneralizationJson is null ? null : JsonNode.Parse(run.GeneralizationJson);
        return json;
    }

    // The run's design space, to type the values of points stored before the events were typed; null when its input cannot be read any more.
    private static DesignSpace? SpaceOf(RunEntity run)
    {
        try
        {
            return DesignSpace.Resolve(CoSearchConfigJson.Parse(run.ResolvedConfigJson, "config").Space);
        }
        catch (UnicoInputException)
        {
            return null;
        }
    }

    // Parameter values as the design point format has them: integers as numbers, choices as strings.
    private static JsonObject ParametersJson(PointEntity p, DesignSpace? space) => RunStore.Design(p, space).ToJsonObject();

    private static JsonObject PointJson(RunEntity run, PointEntity p, HashSet<int> front, DesignSpace? space)
    {
        var parameters = ParametersJson(p, space);
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
