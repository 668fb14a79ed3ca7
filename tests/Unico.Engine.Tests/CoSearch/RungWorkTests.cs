using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

/// <summary>A run whose rungs execute elsewhere (as on a cluster's workers) ends as a run on its own threads.</summary>
public sealed class RungWorkTests
{
    private static CoSearchConfig Small(CoSearchAlgorithm algorithm = CoSearchAlgorithm.Unico, bool adaptive = false) => new(
        "test", ["AlexNet"], [], "eyeriss-like",
        [CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area], new CoSearchCaps(), algorithm,
        new CoSearchSettings(InitialPoints: 4, BatchSize: 4, InitialBudget: 20, Eta: 3, FullBudget: 180, PlateauWindow: 60,
            Schedule: HalvingSchedule.Fixed, AdaptivePromotion: adaptive, Promotion: PromotionScope.Layer),
        new CoSearchBudget(25_000), new MapperOptions(), Seed: 5, Threads: 2);

    /// <summary>
    /// Items go through JSON to one of several "workers" (each its own runner, as each process
    /// has), in an order unlike the run's, some twice (a job run again after its worker died).
    /// </summary>
    private sealed class Workers(CoSearchConfig config, int workers, int keep) : IRungExecutor
    {
        private readonly RungItemRunner[] _runners = [.. Enumerable.Range(0, workers).Select(_ => new RungItemRunner(config, keep))];
        private int _next;

        public List<RungItem> Items { get; } = [];

        public int[] ItemsPerWorker { get; } = new int[workers];

        public IReadOnlyList<RungItemResult> Execute(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
        {
            var results = new List<RungItemResult>();
            foreach (var json in items.Select(RungWorkJson.Write).Reverse())
            {
                var item = RungWorkJson.ReadItem(json, "test");
                Items.Add(item);
                var worker = _next++ % _runners.Length;
                ItemsPerWorker[worker]++;
                var result = _runners[worker].Execute(item, 1, cancellationToken);
                if (item.PointId % 3 == 0) result = _runners[(worker + 1) % _runners.Length].Execute(item, 1, cancellationToken);
                results.Add(RungWorkJson.ReadResult(RungWorkJson.Write(result), "test"));
            }
            return results;
        }
    }

    private static string Fingerprint(CoSearchResult r) => string.Join("\n", r.Points.OrderBy(p => p.Id).Select(p =>
        $"{p.Id} {string.Join(",", p.Vector)} {p.LatencyCycles} {p.EnergyPj:R} {p.HighFidelity} {p.PerLayerBudget} {p.Robustness:R} {p.Evaluations} "
        + string.Join("|", p.Layers.Select(l => $"{l.Cycles}/{l.EnergyPj:R}/{l.Evaluations}/{l.Mapping}"))))
        + $"\nfront {string.Join(",", r.Front)} hv {r.FinalHypervolume:R} evals {r.MappingEvaluations}";

    [Theory]
    [InlineData(CoSearchAlgorithm.Unico, false, 2, 64)]
    [InlineData(CoSearchAlgorithm.Unico, true, 3, 1)]
    [InlineData(CoSearchAlgorithm.Hasco, false, 2, 64)]
    public void A_run_whose_rungs_run_on_other_workers_ends_as_the_run_on_its_own_threads(CoSearchAlgorithm algorithm, bool adaptive, int workers, int keep)
    {
        var local = CoSearchRun.Create(Small(algorithm, adaptive)).Run();
        var executor = new Workers(Small(algorithm, adaptive), workers, keep);
        var split = CoSearchRun.Create(Small(algorithm, adaptive), executor: executor).Run();

        Assert.Equal("succeeded", split.Status);
        Assert.Equal(Fingerprint(local), Fingerprint(split));
        Assert.All(executor.ItemsPerWorker, n => Assert.True(n > 0));
        if (algorithm == CoSearchAlgorithm.Unico) Assert.Contains(executor.Items, i => i.Rung > 0);
    }

    [Fact]
    public void Executing_an_item_again_or_after_a_later_rung_gives_the_same_snapshot()
    {
        var config = Small();
        var runner = new RungItemRunner(config, keep: 8);
        var probe = CoSearchRun.Create(config);
        // Any point the space builds: take the first one a run proposes.
        var first = probe.Run().Points.First(p => p.Feasible);
        var rung0 = new RungItem(first.Id, 0, 0, [.. first.Vector], [new LayerTarget(0, 20), new LayerTarget(1, 20)]);
        var rung1 = rung0 with { Rung = 1, Layers = [new LayerTarget(0, 60), new LayerTarget(1, 60)] };

        var a = runner.Execute(rung0);
        var b = runner.Execute(rung1);
        var again = runner.Execute(rung0); // past its target: replayed
        var fresh = new RungItemRunner(config).Execute(rung1);

        Assert.Equal(RungWorkJson.Write(a), RungWorkJson.Write(again));
        Assert.Equal(RungWorkJson.Write(b), RungWorkJson.Write(fresh));
    }

    [Fact]
    public void An_item_for_a_layer_that_does_not_exist_is_refused_by_name()
    {
        var config = Small();
        var point = CoSearchRun.Create(config).Run().Points.First(p => p.Feasible);
        var e = Assert.Throws<UnicoInputException>(() =>
            new RungItemRunner(config).Execute(new RungItem(point.Id, 0, 0, [.. point.Vector], [new LayerTarget(99, 20)])));
        Assert.Contains("layer 99", e.Message, StringComparison.Ordinal);
    }
}
