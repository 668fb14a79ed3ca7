using Unico.Engine.CoSearch;
using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.CoSearch;

public sealed class RobustnessMeasureTests
{
    [Fact]
    public void Degradation_is_the_distance_from_the_best_lost_away_from_training()
    {
        // Design 0 is best on training (10) but 1 behind on the other networks (21 vs 20):
        // degradation (21 - 20) - (10 - 10) = 1. Design 1: (20 - 20) - (12 - 10) = -2.
        Assert.Equal([1.0, -2.0], Robustness.Degradation([10, 12], [21, 20]));
    }

    [Fact]
    public void Rank_scores_average_each_layers_rank_scaled_to_zero_one()
    {
        // Layer 0 ratios 1.0, 2.0, 3.0: ranks 1, 2, 3 -> 1, 0.5, 0.
        // Layer 1 ratios 5.0, 1.0, 1.0: ranks 3, 1.5, 1.5 -> 0, 0.75, 0.75.
        // Means: 0.5, 0.625, 0.375.
        var scores = Robustness.RankScores([[1.0, 5.0], [2.0, 1.0], [3.0, 1.0]]);
        Assert.Equal(0.5, scores[0], 12);
        Assert.Equal(0.625, scores[1], 12);
        Assert.Equal(0.375, scores[2], 12);
    }

    [Fact]
    public void Rank_scores_do_not_depend_on_how_large_the_ratios_are()
    {
        var mild = Robustness.RankScores([[1.01, 1.2], [1.02, 1.1]]);
        var strong = Robustness.RankScores([[1.5, 90.0], [7.0, 3.0]]);
        Assert.Equal(mild, strong);
    }

    [Fact]
    public void A_single_design_is_fully_rank_robust()
    {
        Assert.Equal([1.0], Robustness.RankScores([[3.0, 4.0]]));
    }

    [Fact]
    public void Cross_validated_score_is_minus_the_largest_degradation_over_folds()
    {
        // Three folds, energy 1 everywhere. Design 0 has latency 1 on every fold; design 1 the same
        // except e on fold 2. Fold 0 held out: held-out log EDP 0 and 0; rest log 2 and log(1 + e):
        // d0 = 0, d1 = 0 - (log(1 + e) - log 2) < 0. Fold 1: the same. Fold 2 held out: held-out 0
        // and 1; rest log 2 and log 2: d0 = 0, d1 = 1. Worst folds: 0 and 1.
        var e = Math.E;
        var scores = Robustness.CrossValidatedScores([[1.0, 1.0, 1.0], [1.0, 1.0, e]], [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]);
        Assert.Equal(0.0, scores[0], 12);
        Assert.Equal(-1.0, scores[1], 12);
    }

    [Fact]
    public void With_two_folds_the_cross_validated_score_is_minus_the_size_of_the_swing()
    {
        // Design 0: log EDP 0 on network A, 2 on B; design 1: 1 and 1. Holding out A: d0 = (0 - 0) - (2 - 1) = -1,
        // d1 = (1 - 0) - (1 - 1) = 1; holding out B: the opposite. Both swing by 1 either way.
        var e = Math.E;
        var scores = Robustness.CrossValidatedScores([[1.0, e * e], [e, e]], [[1.0, 1.0], [1.0, 1.0]]);
        Assert.Equal([-1.0, -1.0], scores.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Cross_validation_needs_two_folds()
    {
        Assert.Throws<ArgumentException>(() => Robustness.CrossValidatedScores([[1.0]], [[1.0]]));
    }

    [Fact]
    public void The_robust_front_keeps_the_designs_at_or_above_the_quantile()
    {
        var front = new[] { 1, 2, 3, 4, 5 };
        var scores = new Dictionary<int, double> { [1] = 0.1, [2] = 0.5, [3] = 0.9, [4] = 0.3 };
        // Scores 0.1, 0.3, 0.5, 0.9: the median is 0.4; design 5 has no score and is dropped.
        Assert.Equal([2, 3], FrontRobustness.Filter(front, scores, 0.5));
        Assert.Equal([1, 2, 3, 4], FrontRobustness.Filter(front, scores, 0));
        Assert.Equal([3], FrontRobustness.Filter(front, scores, 1));
    }

    [Fact]
    public void The_robust_front_is_never_empty_when_a_front_design_is_scored()
    {
        var rng = new Prng(5);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = 1 + rng.NextInt(12);
            var front = Enumerable.Range(0, n).ToArray();
            var scores = front.Where(_ => rng.NextDouble() < 0.7).ToDictionary(i => i, _ => Math.Round(rng.NextDouble() * 3, 1) - 1);
            var quantile = rng.NextDouble();
            var robust = FrontRobustness.Filter(front, scores, quantile);
            Assert.NotEmpty(robust);
            Assert.All(robust, id => Assert.Contains(id, front));
        }
    }

    [Fact]
    public void Without_any_score_the_robust_front_is_the_front()
    {
        Assert.Equal([4, 7], FrontRobustness.Filter([4, 7], new Dictionary<int, double>(), 0.5));
    }

    [Fact]
    public void Perturbed_layers_scale_their_two_largest_bounds()
    {
        var alexNet = WorkloadCatalog.Resolve("AlexNet");
        var original = alexNet.DistinctLayers();
        foreach (var factor in new[] { 2.0, 0.5 })
        {
            var perturbed = FrontRobustness.Perturbed(alexNet, factor);
            Assert.Equal(original.Length, perturbed.Layers.Length);
            for (var i = 0; i < original.Length; i++)
            {
                var before = original[i].Problem.Bounds.ToArray();
                var after = perturbed.Layers[i].Problem.Bounds.ToArray();
                var largest = Enumerable.Range(0, before.Length).OrderByDescending(k => before[k]).ThenBy(k => k).ToList();
                for (var k = 0; k < before.Length; k++)
                {
                    var expected = k == largest[0] || k == largest[1] ? Math.Max(1, (int)Math.Round(before[k] * factor, MidpointRounding.AwayFromZero)) : before[k];
                    Assert.Equal(expected, after[k]);
                }
                Assert.Equal(original[i].Repeat, perturbed.Layers[i].Repeat);
            }
        }
        // conv1 of AlexNet: C 3, M 96, R = S 11, P = Q 55: M and one of P, Q are the largest two.
        var conv1 = FrontRobustness.Perturbed(alexNet, 0.5).Layers[0];
        Assert.Equal(48, conv1.Bound("M"));
        Assert.Equal(28 * 55, conv1.Bound("P") * conv1.Bound("Q"));
        Assert.Equal(3, conv1.Bound("C"));
    }

    [Fact]
    public void Folds_are_the_training_networks_or_groups_of_layers()
    {
        var merged = new Workload("two", "", "", [
            .. WorkloadCatalog.Resolve("AlexNet").Layers.Select(l => l.WithName($"AlexNet/{l.Name}")),
            .. WorkloadCatalog.Resolve("BERT-base").Layers.Select(l => l.WithName($"BERT-base/{l.Name}")),
        ]);
        var byNetwork = FrontRobustness.FoldRepeats(merged, ["AlexNet", "BERT-base"]);
        Assert.All(byNetwork, r => Assert.Equal(2, r.Length));
        var alexRuns = WorkloadCatalog.Resolve("AlexNet").Layers.Sum(l => l.Repeat);
        Assert.Equal(alexRuns, byNetwork.Sum(r => r[0]));

        var single = FrontRobustness.FoldRepeats(WorkloadCatalog.Resolve("AlexNet"), ["AlexNet"]);
        Assert.All(single, r => Assert.Equal(3, r.Length));
        Assert.All(single, r => Assert.Single(r, v => v > 0));
    }
}
