using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

public sealed class CoSearchRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("unico-cosearch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CoSearchConfig Small(CoSearchAlgorithm algorithm = CoSearchAlgorithm.Unico, long budget = 30_000, int threads = 2) => new(
        "test", ["AlexNet"], [], "eyeriss-like",
        [CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area], new CoSearchCaps(), algorithm,
        new CoSearchSettings(InitialPoints: 4, BatchSize: 4, InitialBudget: 20, Eta: 3, FullBudget: 180, PlateauWindow: 400, Schedule: HalvingSchedule.Fixed),
        new CoSearchBudget(budget), new MapperOptions(), Seed: 7, Threads: threads);

    private sealed class Recorder(Action<CoSearchEvent>? onEvent = null) : ICoSearchEventSink
    {
        public List<CoSearchEvent> Events { get; } = [];

        public void Publish(CoSearchEvent e)
        {
            Events.Add(e);
            onEvent?.Invoke(e);
        }
    }

    private static string Fingerprint(CoSearchResult r) => string.Join("\n", r.Points.OrderBy(p => p.Id).Select(p =>
        $"{p.Id} {string.Join(",", p.Vector)} {p.LatencyCycles} {p.EnergyPj:R} {p.HighFidelity} {p.PerLayerBudget} {p.Robustness:R}"))
        + $"\nhv {r.FinalHypervolume:R} evals {r.MappingEvaluations}";

    [Fact]
    public void Successive_halving_rungs_keep_a_third_and_triple_the_budget_up_to_the_full_budget()
    {
        var recorder = new Recorder();
        CoSearchRun.Create(Small(budget: 20_000), recorder).Run();
        var batch0 = recorder.Events.OfType<RungStarted>().Where(r => r.Batch == 0).ToList();
        Assert.Equal([20L, 60, 180], batch0.Select(r => r.PerLayerBudget));
        var finished = recorder.Events.OfType<RungFinished>().Where(r => r.Batch == 0).ToList();
        for (var rung = 0; rung < 2; rung++)
        {
            var ranked = batch0[rung].PointIds.Count - finished[rung].Promoted.Count;
            Assert.Equal(SuccessiveHalving.Survivors(ranked, 3), finished[rung].Survivors.Count);
            Assert.Equal(batch0[rung + 1].PointIds, finished[rung].Survivors);
        }
        var evaluated = recorder.Events.OfType<HardwarePointEvaluated>().ToDictionary(e => e.PointId);
        Assert.All(finished[0].Eliminated, id => Assert.Equal(20, evaluated[id].PerLayerBudget));
        Assert.All(finished[0].Eliminated, id => Assert.False(evaluated[id].HighFidelity));
        Assert.True(evaluated[batch0[2].PointIds[0]].HighFidelity);
        Assert.Equal(180, evaluated[batch0[2].PointIds[0]].PerLayerBudget);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var a = CoSearchRun.Create(Small()).Run();
        var b = CoSearchRun.Create(Small(threads: 1)).Run();
        Assert.Equal(RunOutcome.Succeeded, a.Status);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
    }

    // Saves slowly, as a large checkpoint written to a slow disk does.
    private sealed class SlowStore(TimeSpan cost) : ICheckpointStore
    {
        public List<CoSearchCheckpoint> Saved { get; } = [];

        public CoSearchCheckpoint? Load() => null;

        public void Save(CoSearchCheckpoint checkpoint)
        {
            Thread.Sleep(cost);
            Saved.Add(checkpoint);
        }
    }

    [Fact]
    public void Slow_checkpoints_are_spaced_out_and_the_batch_that_spends_the_budget_is_always_saved()
    {
        var batches = CoSearchRun.Create(Small()).Run().Points.Max(p => p.Batch) + 1;

        // A save of 0.3 s waits 9 s before the next: this run is shorter than that.
        var slow = new SlowStore(TimeSpan.FromMilliseconds(300));
        CoSearchRun.Create(Small(), checkpoints: slow).Run();
        Assert.InRange(slow.Saved.Count, 2, batches - 1);
        Assert.Equal(1, slow.Saved[0].NextBatch);
        Assert.Equal(batches, slow.Saved[^1].NextBatch);
    }

    [Fact]
    public void Resuming_a_killed_run_gives_the_same_result_as_an_uninterrupted_one()
    {
        var uninterrupted = CoSearchRun.Create(Small()).Run();

        // Kill the run in the middle of its third batch: the checkpoint holds two batches.
        using var kill = new CancellationTokenSource();
        var recorder = new Recorder(e =>
        {
            if (e is RungStarted { Batch: 2, Rung: 1 }) kill.Cancel();
        });
        var killed = CoSearchRun.Create(Small(), recorder, new CheckpointFile(_dir)).Run(kill.Token);
        Assert.Equal(RunOutcome.Cancelled, killed.Status);
        Assert.True(File.Exists(Path.Combine(_dir, "checkpoint.json")));

        var resumedRecorder = new Recorder();
        var resumed = CoSearchRun.Create(Small(), resumedRecorder, new CheckpointFile(_dir)).Run();
        Assert.True(resumedRecorder.Events.OfType<RunStarted>().Single().Resumed);
        Assert.Equal(Fingerprint(uninterrupted), Fingerprint(resumed));

        // The run's record is its events: the killed attempt's up to where the resumed one starts
        // again (its checkpoint), then the resumed one's. They hold every point, nothing from the checkpoint needed.
        var resumedFrom = resumedRecorder.Events[0].Sequence;
        AssertEventsCarry(resumed, [.. recorder.Events.Where(e => e.Sequence < resumedFrom), .. resumedRecorder.Events]);
    }

    [Fact]
    public void Every_point_s_events_carry_its_record_the_typed_design_point_and_each_layer_s_best_mapping()
    {
        var recorder = new Recorder();
        var result = CoSearchRun.Create(Small(budget: 20_000), recorder).Run();

        AssertEventsCarry(result, recorder.Events);
        var started = recorder.Events.OfType<RunStarted>().Single();
        Assert.Equal((CoSearchAlgorithm.Unico, false), (started.Algorithm, started.Resumed));
        Assert.Equal([CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area], started.Objectives);
        var first = recorder.Events.OfType<HardwarePointProposed>().First();
        Assert.False(first.Parameters["pe_rows"].IsText);
        Assert.True(first.Parameters["dataflow"].IsText);
        Assert.Contains(result.Points, p => p.Feasible && p.Layers.Count > 0 && p.Layers.All(l => l.Mapping is not null));
    }

    // Each point of the result is proposed with its design point and search vector, and evaluated with
    // everything else the result has of it but robustness (its own event) and the rungs' values.
    private static void AssertEventsCarry(CoSearchResult result, IReadOnlyList<CoSearchEvent> events)
    {
        var proposed = events.OfType<HardwarePointProposed>().GroupBy(e => e.PointId).ToDictionary(g => g.Key, g => g.Last());
        var evaluated = events.OfType<HardwarePointEvaluated>().GroupBy(e => e.PointId).ToDictionary(g => g.Key, g => g.Last());
        var robustness = events.OfType<RobustnessComputed>().GroupBy(e => e.PointId).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(result.Points.Select(p => p.Id).Order(), evaluated.Keys.Order());
        foreach (var p in result.Points)
        {
            var proposal = proposed[p.Id];
            Assert.Equal(p.Batch, proposal.Batch);
            Assert.Equal(p.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal),
                proposal.Parameters.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.ToString())).OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(p.Vector, proposal.Vector);
            var e = evaluated[p.Id];
            Assert.Equal((p.LatencyCycles, p.EnergyPj, p.AreaMm2, p.HighFidelity, p.PerLayerBudget, p.Feasible, p.InfeasibleReason, p.Evaluations),
                (e.LatencyCycles, e.EnergyPj, e.AreaMm2, e.HighFidelity, e.PerLayerBudget, e.Feasible, e.InfeasibleReason, e.PointEvaluations));
            Assert.Equal(p.Objectives, e.Objectives);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(p.Layers), System.Text.Json.JsonSerializer.Serialize(e.Layers));
            Assert.Equal(p.Robustness, robustness.GetValueOrDefault(p.Id)?.Robustness);
        }
    }

    [Fact]
    public async Task Cancellation_stops_within_a_second_and_leaves_a_consistent_result()
    {
        using var cancel = new CancellationTokenSource();
        var config = Small(budget: 50_000_000) with { Settings = Small().Settings with { FullBudget = 1_000_000, InitialBudget = 1_000_000 } };
        using var started = new SemaphoreSlim(0);
        var recorder = new Recorder(e =>
        {
            if (e is RungStarted) started.Release();
        });
        var run = CoSearchRun.Create(config, recorder);
        var task = Task.Run(() => run.Run(cancel.Token));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        cancel.Cancel();
        var result = await task;
        var stopped = watch.Elapsed;
        Assert.Equal(RunOutcome.Cancelled, result.Status);
        Assert.True(stopped < TimeSpan.FromSeconds(1), $"took {stopped.TotalMilliseconds} ms to stop");
        Assert.All(result.Points, p => Assert.NotNull(p.Parameters));
        Assert.IsType<RunCancelled>(recorder.Events[^1]);
    }

    [Fact]
    public void Hasco_gives_every_point_the_full_budget_one_at_a_time()
    {
        var recorder = new Recorder();
        // 9 x (8 layers x 180): every batch fits the budget whole (a batch that would overrun it is cut short).
        var result = CoSearchRun.Create(Small(CoSearchAlgorithm.Hasco, budget: 12_960), recorder).Run();
        Assert.All(result.Points.Where(p => p.Feasible), p => Assert.Equal(180, p.PerLayerBudget));
        Assert.All(result.Points.Where(p => p.Feasible), p => Assert.True(p.HighFidelity));
        Assert.All(recorder.Events.OfType<RungStarted>().Where(r => r.Batch > 0), r => Assert.Single(r.PointIds));
    }

    [Fact]
    public void Result_files_are_written_with_every_point_and_the_front()
    {
        var result = CoSearchRun.Create(Small(budget: 15_000)).Run();
        CoSearchResultFiles.Write(result, _dir);
        var points = File.ReadAllLines(Path.Combine(_dir, "points.csv"));
        var front = File.ReadAllLines(Path.Combine(_dir, "front.csv"));
        Assert.Equal(result.Points.Count + 1, points.Length);
        Assert.Equal(result.Front.Count + 1, front.Length);
        Assert.Contains("pe_rows", points[0], StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "result.json")));
        Assert.Equal(result.Points.Count, json.RootElement.GetProperty("points").GetArrayLength());
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_with_the_corrected_surrogate_and_derived_schedule()
    {
        CoSearchConfig Config(int threads) => Small(threads: threads) with
        {
            Settings = Small().Settings with { Schedule = HalvingSchedule.Derived, Surrogate = SurrogateFidelity.Corrected },
        };
        var a = CoSearchRun.Create(Config(2)).Run();
        var b = CoSearchRun.Create(Config(1)).Run();
        Assert.Equal(RunOutcome.Succeeded, a.Status);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.Contains(a.Points, p => p.Rungs is { Count: > 1 });
    }

    [Fact]
    public void Points_whose_layer_searches_all_plateau_are_promoted_without_the_last_rung()
    {
        // epsilon = 1: any search "improves by less than 100%" over the window, so every layer stops
        // after rung 1 and no batch reaches rung 2.
        foreach (var scope in new[] { PromotionScope.Layer, PromotionScope.Point })
        {
            var recorder = new Recorder();
            var config = Small(budget: 12_000) with { Settings = Small().Settings with { PlateauWindow = 20, PlateauEpsilon = 1, Promotion = scope } };
            var result = CoSearchRun.Create(config, recorder).Run();
            Assert.DoesNotContain(recorder.Events.OfType<RungStarted>(), r => r.Rung == 2);
            var promoted = recorder.Events.OfType<RungFinished>().SelectMany(r => r.Promoted).ToHashSet();
            Assert.NotEmpty(promoted);
            Assert.All(result.Points.Where(p => promoted.Contains(p.Id)), p => Assert.True(p.HighFidelity));
            Assert.All(result.Points.Where(p => promoted.Contains(p.Id)), p => Assert.Equal(60, p.PerLayerBudget));
        }
    }

    [Fact]
    public void With_the_feasibility_filter_no_point_breaks_the_spaces_own_limits()
    {
        var space = Path.Combine(TestPaths.RepoRoot, "examples", "matrix", "output-stationary-vector.json");
        CoSearchConfig Config(bool filter) => Small(budget: 20_000) with
        {
            Space = space,
            Settings = Small().Settings with { InitialPoints = 12, FeasibilityFilter = filter },
        };
        static bool BreaksLimits(PointOutcome p) => p.InfeasibleReason is { } r && (r.Contains("max_macs", StringComparison.Ordinal) || r.Contains("max_area", StringComparison.Ordinal));
        var filtered = CoSearchRun.Create(Config(true)).Run();
        Assert.Equal(RunOutcome.Succeeded, filtered.Status);
        Assert.DoesNotContain(filtered.Points, BreaksLimits);
        var unfiltered = CoSearchRun.Create(Config(false)).Run();
        Assert.Contains(unfiltered.Points, BreaksLimits);
    }

    [Fact]
    public void The_robust_front_is_a_non_empty_part_of_the_front_and_every_measure_is_scored()
    {
        var config = Small(budget: 30_000) with { HeldOutWorkloads = ["BERT-base"], Settings = Small().Settings with { Robustness = RobustnessUse.Filter } };
        var result = CoSearchRun.Create(config).Run();
        Assert.Equal(RunOutcome.Succeeded, result.Status);
        Assert.NotEmpty(result.RobustFront);
        Assert.All(result.RobustFront, id => Assert.Contains(id, result.Front));
        var scored = result.Generalization!.Designs.Where(d => d.Scores is { Count: > 0 }).ToList();
        Assert.NotEmpty(scored);
        Assert.All(scored, d => Assert.Contains(RobustnessMeasure.Sensitivity, d.Scores!.Keys));
        Assert.Contains(scored, d => d.Scores!.ContainsKey(RobustnessMeasure.CrossValidated));
        Assert.Contains(scored, d => d.Scores!.ContainsKey(RobustnessMeasure.Perturbation));
        Assert.True(result.RobustnessEvaluations > 0);
    }
}
