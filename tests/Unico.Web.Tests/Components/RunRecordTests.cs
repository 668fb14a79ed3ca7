using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Runs;
using Unico.Web.Tests.Integration;

namespace Unico.Web.Tests.Components;

/// <summary>The events are the run's record (issue 16): the points table comes from them alone, in a format older rows still read.</summary>
public sealed class RunRecordTests
{
    [Fact]
    public async Task The_points_table_is_filled_from_the_events_alone_with_no_checkpoint_at_all()
    {
        await using var ctx = new ComponentTestContext();
        var config = Seed.Config();
        var id = await Seed.StoreRunAsync(ctx, config, RunStatus.Running);
        var recorder = new RunRecorder(id, config, ctx.Services.GetRequiredService<IDbContextFactory<UnicoDbContext>>(),
            ctx.Services.GetRequiredService<RunEventHub>(), () => false, TimeSpan.FromMilliseconds(10));

        // The recorder is the run's sink only: no checkpoint is ever handed to it.
        var result = CoSearchRun.Create(config, recorder).Run();
        await recorder.CompleteAsync();

        Assert.Null(recorder.WriterError);
        Assert.Equal(RunOutcome.Succeeded, result.Status);
        var store = new RunStore(ctx.Services.GetRequiredService<IDbContextFactory<UnicoDbContext>>());
        RunRecordAssert.SamePoints(result, await store.PointsAsync(id, withLayers: true));
        using (var db = ctx.Db()) Assert.False(await db.RunDocuments.AnyAsync(d => d.RunId == id));
        // The parameters as the design point has them: integers as numbers.
        var row = (await store.PointsAsync(id)).First();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, JsonNode.Parse(row.ParametersJson)!["pe_rows"]!.GetValueKind());
    }

    [Fact]
    public void Typed_events_round_trip_through_their_stored_json()
    {
        var proposed = new HardwarePointProposed(3, 1.5, 200, 7, 1,
            new Dictionary<string, ParameterValue> { ["pe_rows"] = ParameterValue.Of(16), ["dataflow"] = ParameterValue.Of("row_stationary") }, [0.25, 3]);
        var layer = new LayerOutcome(["conv1"], 1, 1200, 3.5e6, 30, "mapping:\n  - target: DRAM\n", 1.25);
        var evaluated = new HardwarePointEvaluated(4, 2, 300, 7, [1, 2, 3], 1200, 3.5e6, 1.1, true, 30, false, "average power 3 W exceeds the cap of 1 W", 30, [layer]);
        var started = new RunStarted(0, 0, 0, CoSearchAlgorithm.Nsga2, [CoSearchObjective.Latency, CoSearchObjective.Area], Resumed: true);

        var proposedJson = EventJson.Write(proposed);
        Assert.Contains("\"parameters\":{\"pe_rows\":16,\"dataflow\":\"row_stationary\"}", proposedJson, StringComparison.Ordinal);
        Assert.Contains("\"vector\":[0.25,3]", proposedJson, StringComparison.Ordinal);
        var startedJson = EventJson.Write(started);
        Assert.Contains("\"algorithm\":\"nsga2\"", startedJson, StringComparison.Ordinal);
        Assert.Contains("\"objectives\":[\"latency\",\"area\"]", startedJson, StringComparison.Ordinal);

        var p = Assert.IsType<HardwarePointProposed>(EventJson.Read(proposedJson));
        Assert.Equal(proposed.Parameters.OrderBy(kv => kv.Key), p.Parameters.OrderBy(kv => kv.Key));
        Assert.Equal(proposed.Vector, p.Vector);
        var v = Assert.IsType<HardwarePointEvaluated>(EventJson.Read(EventJson.Write(evaluated)));
        Assert.Equal(evaluated.InfeasibleReason, v.InfeasibleReason);
        Assert.Equal(evaluated.PointEvaluations, v.PointEvaluations);
        Assert.Equal(EventJson.Serialize(evaluated.Layers), EventJson.Serialize(v.Layers));
        Assert.Equal(evaluated.Objectives, v.Objectives);
        var s = Assert.IsType<RunStarted>(EventJson.Read(startedJson));
        Assert.Equal((CoSearchAlgorithm.Nsga2, true), (s.Algorithm, s.Resumed));
        Assert.Equal(started.Objectives, s.Objectives);
    }

    // Rows as the events table held them before the events carried typed values, mappings and enums.
    private const string OldStarted = """{"type":"run_started","algorithm":"unico","objectives":["latency","energy","area"],"resumed":false,"sequence":0,"elapsed_seconds":0,"mapping_evaluations":0}""";
    private const string OldProposed = """{"type":"point_proposed","point_id":0,"batch":0,"parameters":{"dataflow":"row_stationary","pe_rows":"16"},"sequence":1,"elapsed_seconds":0.1,"mapping_evaluations":0}""";
    private const string OldEvaluated = """{"type":"point_evaluated","point_id":0,"objectives":[14.5,21.9,0.1],"latency_cycles":2000000,"energy_pj":3000000000,"area_mm2":1.1,"high_fidelity":true,"per_layer_budget":30,"feasible":true,"sequence":2,"elapsed_seconds":0.5,"mapping_evaluations":300}""";

    [Fact]
    public void Event_rows_stored_before_the_typed_fields_still_load_with_the_missing_fields_empty()
    {
        var started = Assert.IsType<RunStarted>(EventJson.Read(OldStarted));
        Assert.Equal(CoSearchAlgorithm.Unico, started.Algorithm);
        Assert.Equal([CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area], started.Objectives);
        var proposed = Assert.IsType<HardwarePointProposed>(EventJson.Read(OldProposed));
        Assert.Equal("16", proposed.Parameters["pe_rows"].Text);
        Assert.Empty(proposed.Vector);
        var evaluated = Assert.IsType<HardwarePointEvaluated>(EventJson.Read(OldEvaluated));
        Assert.Empty(evaluated.Layers);
        Assert.Null(evaluated.InfeasibleReason);
        Assert.Equal(0, evaluated.PointEvaluations);

        // The run page builds its view from such rows.
        var run = Seed.Run(Seed.Config(), RunStatus.Succeeded);
        var point = Seed.Points(run.Id, [proposed, evaluated]).Single();
        var rows = new[] { OldStarted, OldProposed, OldEvaluated }.Select((json, i) => new RunEventEntity { RunId = run.Id, Sequence = i, Type = "event", Json = json }).ToList();
        var view = RunView.Load(run, [point], rows, rows);
        Assert.Equal("16", view.Points[0].Parameters["pe_rows"]);
        Assert.Equal(2e6, view.Points[0].Latency);
        Assert.Contains(view.Log, l => l.Text == "started: unico, objectives latency, energy, area");
    }

    [Fact]
    public void Points_stored_with_text_values_read_back_typed_by_the_run_s_space()
    {
        var legacy = new PointEntity { ParametersJson = """{"dataflow":"row_stationary","pe_rows":"16"}""" };
        var typed = new PointEntity { ParametersJson = """{"dataflow":"row_stationary","pe_rows":16}""" };
        var space = DesignSpace.Resolve("eyeriss-like");

        Assert.Equal(ParameterValue.Of(16), RunStore.Design(legacy, space)["pe_rows"]);
        Assert.Equal(ParameterValue.Of("row_stationary"), RunStore.Design(legacy, space)["dataflow"]);
        Assert.Equal(RunStore.Design(typed), RunStore.Design(legacy, space));
        // Without the space nothing is guessed.
        Assert.Equal(ParameterValue.Of("16"), RunStore.Design(legacy)["pe_rows"]);
        Assert.Equal(RunStore.Parameters(typed), RunStore.Parameters(legacy));
    }
}
