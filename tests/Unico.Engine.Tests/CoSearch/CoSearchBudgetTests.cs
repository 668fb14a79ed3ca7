using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

/// <summary>The budget holds inside a batch (issue 15, defect 3): no run outlives it.</summary>
public sealed class CoSearchBudgetTests
{
    private static CoSearchConfig Config(CoSearchAlgorithm algorithm, CoSearchBudget budget, long fullBudget) => new(
        "budget", ["AlexNet"], [], "eyeriss-like",
        [CoSearchObjective.Latency, CoSearchObjective.Energy], new CoSearchCaps(), algorithm,
        new CoSearchSettings(InitialPoints: 4, BatchSize: 4, InitialBudget: 20, Eta: 3, FullBudget: fullBudget),
        budget, new MapperOptions(), Seed: 5, Threads: 2);

    [Theory]
    [InlineData(CoSearchAlgorithm.Random)]
    [InlineData(CoSearchAlgorithm.Unico)]
    public void A_batch_that_would_overrun_the_mapping_budget_is_cut_to_what_is_left(CoSearchAlgorithm algorithm)
    {
        var layers = CoSearchRun.Create(Config(algorithm, new CoSearchBudget(1_000_000), 180)).DistinctLayers;
        // The first batch fits; the second would spend as much again, but only 1,000 evaluations are left.
        var first = CoSearchRun.Create(Config(algorithm, new CoSearchBudget(null, Iterations: 0), 180)).Run().MappingEvaluations;
        var budget = Math.Max(first, 4L * layers * 180) + 1_000;

        var result = CoSearchRun.Create(Config(algorithm, new CoSearchBudget(budget), 180)).Run();

        Assert.Equal(RunOutcome.Succeeded, result.Status);
        Assert.InRange(result.MappingEvaluations, budget - layers * 4, budget);
        // The cut rung's points did not get their rung's budget: they count as low fidelity.
        var last = result.Points.Max(p => p.Batch);
        Assert.Contains(result.Points, p => p.Batch == last && !p.HighFidelity && p.PerLayerBudget < 180);
        if (algorithm == CoSearchAlgorithm.Random) Assert.All(result.Points.Where(p => p.Batch == last), p => Assert.False(p.HighFidelity));
    }

    [Fact]
    public void The_cut_is_the_same_on_every_run_of_the_config()
    {
        var config = Config(CoSearchAlgorithm.Random, new CoSearchBudget(6_000), 180);
        var a = CoSearchRun.Create(config).Run();
        var b = CoSearchRun.Create(config with { Threads = 1 }).Run();
        Assert.Equal(a.MappingEvaluations, b.MappingEvaluations);
        Assert.Equal(a.Points.Select(p => (p.Id, p.LatencyCycles, p.EnergyPj)), b.Points.Select(p => (p.Id, p.LatencyCycles, p.EnergyPj)));
    }

    [Fact]
    public async Task A_time_budget_stops_a_batch_whose_mapping_budget_would_take_hours()
    {
        // 10^9 evaluations per layer: the first batch alone would run for hours; the budget is half a second.
        var run = CoSearchRun.Create(Config(CoSearchAlgorithm.Random, new CoSearchBudget(null, Seconds: 0.5), 1_000_000_000));

        var result = await Task.Run(() => run.Run()).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(RunOutcome.Succeeded, result.Status);
        Assert.DoesNotContain(result.Points, p => p.Feasible); // the batch in flight is dropped, as a cancelled one is
        Assert.True(result.MappingEvaluations < 1_000_000_000);
    }
}
