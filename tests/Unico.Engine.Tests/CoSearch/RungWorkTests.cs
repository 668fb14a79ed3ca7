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
    private sealed class Workers(CoSearchConfig config, int workers, long minEvaluations) : IRungExecutor
    {
        private readonly RungItemRunner[] _runners = [.. Enumerable.Range(0, workers).Select(_ => new RungItemRunner(config, keep: 2))];
        private int _next;

        public int Parallelism => _runners.Length;

        public long MinEvaluations => minEvaluations;

        public List<RungItem> Items { get; } = [];

        public int[] ItemsPerWorker { get; } = new int[workers];

        public IReadOnlyList<RungItemResult> Execute(IReadOnlyList<RungItem> items, CancellationToken cancellationToken)
        {
            var results = new Dictionary<RungItem, RungItemResult>();
            foreach (var original in items.Reverse())
            {
                var item = RungWorkJson.ReadItem(RungWorkJson.Write(original), "test");
                Items.Add(item);
                var worker = _next++ % _runners.Length;
                ItemsPerWorker[worker]++;
                var result = _runners[worker].Execute(item, 1, cancellationToken);
                if (item.PointId % 3 == 0) result = _runners[(worker + 1) % _runners.Length].Execute(item, 1, cancellationToken);
                results[original] = RungWorkJson.ReadResult(RungWorkJson.Write(result), "test");
            }
            return [.. items.Select(i => results[i])];
        }
    }

    private static string Fingerprint(CoSearchResult r) => string.Join("\n", r.Points.OrderBy(p => p.Id).Select(p =>
        $"{p.Id} {string.Join(",", p.Vector)} {p.LatencyCycles} {p.EnergyPj:R} {p.HighFidelity} {p.PerLayerBudget} {p.Robustness:R} {p.Evaluations} "
        + string.Join("|", p.Layers.Select(l => $"{l.Cycles}/{l.EnergyPj:R}/{l.Evaluations}/{l.Mapping}"))))
        + $"\nfront {string.Join(",", r.Front)} hv {r.FinalHypervolume:R} evals {r.MappingEvaluations}";

    [Theory]
    [InlineData(CoSearchAlgorithm.Unico, false, 2, 0)]
    [InlineData(CoSearchAlgorithm.Unico, true, 3, 0)]
    [InlineData(CoSearchAlgorithm.Unico, false, 5, 700)] // the first two rungs stay on the run's threads, the last, of one point, is cut into parts
    [InlineData(CoSearchAlgorithm.Hasco, false, 2, 0)]
    public void A_run_whose_rungs_run_on_other_workers_ends_as_the_run_on_its_own_threads(CoSearchAlgorithm algorithm, bool adaptive, int workers, long minEvaluations)
    {
        var local = CoSearchRun.Create(Small(algorithm, adaptive)).Run();
        var executor = new Workers(Small(algorithm, adaptive), workers, minEvaluations);
        var split = CoSearchRun.Create(Small(algorithm, adaptive), executor: executor).Run();

        Assert.Equal(RunOutcome.Succeeded, split.Status);
        Assert.Equal(Fingerprint(local), Fingerprint(split));
        Assert.All(executor.ItemsPerWorker, n => Assert.True(n > 0));
        Assert.All(executor.Items, i => Assert.True(i.Work > 0));
        if (algorithm == CoSearchAlgorithm.Unico) Assert.Contains(executor.Items, i => i.Rung > 0 && i.Layers.Any(l => l.Start is not null));
        if (workers == 5) Assert.Contains(executor.Items, i => i.Part > 0);
    }

    [Fact]
    public void A_point_continued_from_its_previous_rung_equals_one_search_to_the_later_budget()
    {
        var config = Small();
        var point = CoSearchRun.Create(config).Run().Points.First(p => p.Feasible);
        var rung0 = new RungItem(point.Id, 0, 0, 0, [.. point.Vector], [new LayerTarget(0, null, 20), new LayerTarget(1, null, 20)]);
        var after0 = new RungItemRunner(config).Execute(rung0);
        var rung1 = rung0 with { Rung = 1, Layers = [.. after0.Layers.Select(l => new LayerTarget(l.Layer, l.Search, 60))] };
        var after1 = new RungItemRunner(config).Execute(rung1);
        var direct = new RungItemRunner(config).Execute(rung0 with { Layers = [new LayerTarget(0, null, 60), new LayerTarget(1, null, 60)] });

        static string Json(RungItemResult r) => RungWorkJson.Write(r with { Rung = 0 });
        Assert.Equal(Json(direct), Json(after1));
        Assert.Equal(40 * 2, rung1.Work);
    }

    [Fact]
    public void An_item_for_a_layer_that_does_not_exist_or_that_starts_past_its_target_is_refused_by_name()
    {
        var config = Small();
        var point = CoSearchRun.Create(config).Run().Points.First(p => p.Feasible);
        var runner = new RungItemRunner(config);
        var e = Assert.Throws<UnicoInputException>(() => runner.Execute(new RungItem(point.Id, 0, 0, 0, [.. point.Vector], [new LayerTarget(99, null, 20)])));
        Assert.Contains("layer 99", e.Message, StringComparison.Ordinal);
        var ran = runner.Execute(new RungItem(point.Id, 0, 0, 0, [.. point.Vector], [new LayerTarget(0, null, 50)]));
        var past = Assert.Throws<UnicoInputException>(() => runner.Execute(new RungItem(point.Id, 0, 1, 0, [.. point.Vector], [new LayerTarget(0, ran.Layers[0].Search, 20)])));
        Assert.Contains("past its target", past.Message, StringComparison.Ordinal);
    }
}
