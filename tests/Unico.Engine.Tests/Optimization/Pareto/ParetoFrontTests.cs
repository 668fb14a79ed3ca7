using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.ParetoTests;

public class ParetoFrontTests
{
    [Fact]
    public void Dominance_requires_no_worse_everywhere_and_better_somewhere()
    {
        Assert.True(ParetoFront.Dominates([1, 2], [1, 3]));
        Assert.False(ParetoFront.Dominates([1, 2], [1, 2]));
        Assert.False(ParetoFront.Dominates([1, 4], [2, 3]));
    }

    [Fact]
    public void Non_dominated_sort_splits_a_hand_case_into_its_fronts()
    {
        var pts = new List<double[]> { new double[] { 1, 5 }, new double[] { 2, 3 }, new double[] { 4, 1 }, new double[] { 3, 4 }, new double[] { 5, 5 }, new double[] { 6, 6 }, new double[] { 4, 1 } };
        var fronts = ParetoFront.NonDominatedSort(pts);
        Assert.Equal(4, fronts.Count);
        Assert.Equal([0, 1, 2, 6], fronts[0]);
        Assert.Equal([3], fronts[1]);
        Assert.Equal([4], fronts[2]);
        Assert.Equal([5], fronts[3]);
        Assert.Equal([0, 0, 0, 1, 2, 3, 0], ParetoFront.Ranks(pts));
        Assert.Equal([true, true, true, false, false, false, true], ParetoFront.NonDominatedMask(pts));
    }

    [Fact]
    public void Crowding_distance_is_infinite_at_the_ends_and_sums_normalized_gaps_inside()
    {
        var pts = new List<double[]> { new double[] { 0, 3 }, new double[] { 1, 2 }, new double[] { 2, 1 }, new double[] { 3, 0 } };
        var cd = ParetoFront.CrowdingDistance(pts, [0, 1, 2, 3]);
        Assert.True(double.IsPositiveInfinity(cd[0]));
        Assert.True(double.IsPositiveInfinity(cd[3]));
        Assert.Equal(4.0 / 3.0, cd[1], 12);
        Assert.Equal(4.0 / 3.0, cd[2], 12);

        var uneven = new List<double[]> { new double[] { 1, 5 }, new double[] { 2, 3 }, new double[] { 4, 1 } };
        Assert.Equal(2.0, ParetoFront.CrowdingDistance(uneven, [0, 1, 2])[1], 12);
    }

    [Fact]
    public void Non_dominated_sort_agrees_with_repeated_front_peeling_on_random_points()
    {
        var rng = new Prng(5);
        var pts = Enumerable.Range(0, 80).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() }).ToList();
        var ranks = ParetoFront.Ranks(pts);
        for (var i = 0; i < pts.Count; i++)
        {
            // Rank r means: dominated by some point of rank r - 1 and by none of rank >= r.
            for (var j = 0; j < pts.Count; j++)
            {
                if (ParetoFront.Dominates(pts[j], pts[i]))
                {
                    Assert.True(ranks[j] < ranks[i]);
                }
            }

            if (ranks[i] > 0)
            {
                Assert.Contains(Enumerable.Range(0, pts.Count), j => ranks[j] == ranks[i] - 1 && ParetoFront.Dominates(pts[j], pts[i]));
            }
        }
    }
}
