using Unico.Engine.CoSearch;
using Unico.Engine.Hardware;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

/// <summary>Time left from measured rates, the optimizer's growing share included (issue 16, "long work").</summary>
public sealed class RunTimeEstimatorTests
{
    private const int Layers = 10;

    private static CoSearchConfig Config(CoSearchAlgorithm algorithm, CoSearchBudget budget, string[]? heldOut = null) => new(
        "estimate", ["AlexNet"], heldOut ?? [], "eyeriss-like",
        [CoSearchObjective.Latency, CoSearchObjective.Energy], new CoSearchCaps(), algorithm,
        new CoSearchSettings(InitialPoints: 2, BatchSize: 2, InitialBudget: 10, Eta: 3, FullBudget: 1000),
        budget, new MapperOptions());

    // A run of 2-point batches at 20,000 evaluations per second (1 s per batch) whose optimizer
    // takes k seconds to propose batch k: the events it emits up to the end of batch `upTo`.
    private static (RunTimeEstimator Estimator, double Now, long Spent) Simulate(CoSearchConfig config, int upTo, int heldOutLayers = 0)
    {
        var estimator = new RunTimeEstimator(config, Layers, heldOutLayers);
        long seq = 0, spent = 0;
        var t = 0.0;
        estimator.Observe(new RunStarted(seq++, t, 0, CoSearchAlgorithm.Random, [CoSearchObjective.Latency, CoSearchObjective.Energy], false));
        for (var batch = 0; batch <= upTo; batch++)
        {
            t += batch; // proposing
            for (var i = 0; i < 2; i++)
                estimator.Observe(new HardwarePointProposed(seq++, t, spent, batch * 2 + i, batch, new Dictionary<string, ParameterValue>()));
            t += 1;
            spent += 20_000;
            for (var i = 0; i < 2; i++)
                estimator.Observe(new HardwarePointEvaluated(seq++, t, spent, batch * 2 + i, [1, 1], 1, 1, 1, true, 1000, true));
            estimator.Observe(new FrontChanged(seq++, t, spent, [0, 1, 2], 0.5));
        }
        return (estimator, t, spent);
    }

    [Fact]
    public void The_optimizers_growing_seconds_per_batch_count_in_the_time_left()
    {
        // 11 batches of 20,000 evaluations: batch 0 and then 1..10.
        var (estimator, now, spent) = Simulate(Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000)), upTo: 3);

        Assert.Equal(10, now);
        Assert.Equal(20_000, estimator.EvaluationsPerSecond!.Value, 6);
        Assert.Equal(3, estimator.ProposingSeconds);
        // Left: batches 4..10, each proposed in k seconds and evaluated in 1 s: 49 + 7 = 56 s.
        Assert.Equal(56, estimator.SecondsLeft!.Value, 6);
        // The budget's spent fraction alone would have said elapsed x (1 - p) / p, under 18 s.
        var p = spent / 220_000.0;
        Assert.True(now * (1 - p) / p < 18);
    }

    [Fact]
    public void A_batch_budget_counts_the_batches_left_and_a_time_budget_caps_the_estimate()
    {
        var (byBatches, _, _) = Simulate(Config(CoSearchAlgorithm.Random, new CoSearchBudget(null, Iterations: 5)), upTo: 3);
        Assert.Equal(4 + 1 + 5 + 1, byBatches.SecondsLeft!.Value, 6); // batches 4 and 5

        var (bySeconds, _, _) = Simulate(Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000, Seconds: 20)), upTo: 3);
        Assert.Equal(10, bySeconds.SecondsLeft!.Value, 6);
    }

    [Fact]
    public void The_held_out_test_of_the_final_front_is_included()
    {
        var config = Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000), ["VGG16"]);
        var (estimator, _, _) = Simulate(config, upTo: 3, heldOutLayers: 4);
        // 3 front points x 4 held-out layers x 1,000 evaluations at 20,000/s: 0.6 s more.
        Assert.Equal(56.6, estimator.SecondsLeft!.Value, 6);
    }

    [Fact]
    public void One_slow_batch_of_the_optimizer_does_not_tilt_the_prediction()
    {
        // Batches of 20,000 evaluations in 1 s; the optimizer takes 1 s per batch, once 9 s (a pause of the machine).
        var config = Config(CoSearchAlgorithm.Random, new CoSearchBudget(20_000L * 11));
        var estimator = new RunTimeEstimator(config, Layers);
        long seq = 0, spent = 0;
        var t = 0.0;
        estimator.Observe(new RunStarted(seq++, t, 0, CoSearchAlgorithm.Random, [CoSearchObjective.Latency], false));
        for (var batch = 0; batch <= 5; batch++)
        {
            t += batch == 0 ? 0 : batch == 4 ? 9 : 1;
            estimator.Observe(new HardwarePointProposed(seq++, t, spent, batch, batch, new Dictionary<string, ParameterValue>()));
            t += 1;
            spent += 20_000;
            estimator.Observe(new HardwarePointEvaluated(seq++, t, spent, batch, [1], 1, 1, 1, true, 1000, true));
        }
        // Batches 6..10 left: 1 s proposing and 1 s evaluating each.
        Assert.Equal(10, estimator.SecondsLeft!.Value, 6);
    }

    [Fact]
    public void After_a_resume_the_events_of_the_earlier_attempt_still_count_and_the_clock_restarts_at_the_checkpoint()
    {
        // Interrupted in batch 4 (after 3 s of proposing, half of its evaluations); resumed from the checkpoint after batch 3 (t = 10).
        var config = Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000));
        var (estimator, now, spent) = Simulate(config, upTo: 3);
        estimator.Observe(new HardwarePointProposed(100, now + 4, spent, 8, 4, new Dictionary<string, ParameterValue>()));
        estimator.Observe(new HardwarePointEvaluated(101, now + 4.5, spent + 10_000, 8, [1], 1, 1, 1, true, 1000, true));
        estimator.Observe(new RunStarted(20, now, spent, CoSearchAlgorithm.Random, [CoSearchObjective.Latency], Resumed: true));
        estimator.Observe(new HardwarePointProposed(21, now + 4, spent, 8, 4, new Dictionary<string, ParameterValue>()));
        estimator.Observe(new HardwarePointEvaluated(22, now + 5, spent + 20_000, 8, [1], 1, 1, 1, true, 1000, true));
        // As if never interrupted: batches 5..10 left, 5 + ... + 10 s proposing and 6 s evaluating.
        Assert.Equal(51, estimator.SecondsLeft!.Value, 6);
    }

    [Fact]
    public void No_estimate_before_a_rate_is_measured_nor_after_the_run_ended()
    {
        var estimator = new RunTimeEstimator(Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000)), Layers);
        Assert.Null(estimator.SecondsLeft);
        estimator.Observe(new RunStarted(0, 0, 0, CoSearchAlgorithm.Random, [CoSearchObjective.Latency], false));
        estimator.Observe(new HardwarePointProposed(1, 0, 0, 0, 0, new Dictionary<string, ParameterValue>()));
        Assert.Null(estimator.SecondsLeft);

        var (done, now, spent) = Simulate(Config(CoSearchAlgorithm.Random, new CoSearchBudget(220_000)), upTo: 10);
        Assert.Equal(0, done.SecondsLeft!.Value, 6);
        done.Observe(new RunFinished(1000, now, spent, 22, 0.5));
        Assert.Null(done.SecondsLeft);
    }

    [Fact]
    public void A_successive_halving_batch_spends_each_rungs_points_times_its_added_budget()
    {
        var config = Config(CoSearchAlgorithm.Unico, new CoSearchBudget(1_000_000)) is var c
            ? c with { Settings = c.Settings with { InitialBudget = 10, Eta = 3, FullBudget = 90 } }
            : null!;
        // Rungs 10, 30, 90: 8 x 10 + 3 x 20 + 1 x 60 per layer.
        Assert.Equal(200L * Layers, RunTimeEstimator.BatchEvaluations(config, 8, Layers));
        Assert.Equal(8L * Layers * 1000, RunTimeEstimator.BatchEvaluations(Config(CoSearchAlgorithm.Hasco, new CoSearchBudget(1)), 8, Layers));
    }

    [Fact]
    public void Before_a_run_its_duration_is_the_first_limit_at_the_measured_rate()
    {
        var huge = Config(CoSearchAlgorithm.Random, new CoSearchBudget(1_000_000_000_000_000));
        Assert.True(RunTimeEstimator.SecondsBefore(huge, Layers, 100_000) > 3600);
        // Batches only: (2 + 5 x 2) points x 10 layers x 1,000 evaluations at 20,000/s.
        Assert.Equal(6, RunTimeEstimator.SecondsBefore(Config(CoSearchAlgorithm.Random, new CoSearchBudget(null, Iterations: 5)), Layers, 20_000)!.Value, 6);
        Assert.Equal(30, RunTimeEstimator.SecondsBefore(huge with { Budget = new CoSearchBudget(1_000_000_000_000_000, Seconds: 30) }, Layers, 100_000));
        Assert.Null(RunTimeEstimator.SecondsBefore(huge, Layers, 0));
    }
}
