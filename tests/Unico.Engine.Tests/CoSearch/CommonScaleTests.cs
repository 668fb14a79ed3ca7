using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class CommonScaleTests
{
    private static ScoredPoint P(double a, double b, bool feasible = true, long evaluations = 0) => new([a, b], feasible, evaluations, evaluations / 10.0);

    [Fact]
    public void Bounds_span_the_feasible_points_of_every_run_and_the_curve_is_the_hypervolume_of_each_prefix()
    {
        List<ScoredPoint> first = [P(1, 4, evaluations: 10), P(9, 9, feasible: false, evaluations: 20), P(2, 2, evaluations: 30)];
        List<ScoredPoint> second = [P(3, 1, evaluations: 10), P(4, 5, evaluations: 20)];

        var bounds = CommonScale.Bounds([first, second])!;
        var curve = CommonScale.Curve(first, bounds);

        Assert.Equal([1.0, 1.0], bounds.Lower);
        Assert.Equal([4.0, 5.0], bounds.Upper);
        Assert.Equal([10L, 20L, 30L], curve.Select(c => c.MappingEvaluations));
        Assert.Equal(bounds.Hypervolume([[1.0, 4.0]]), curve[0].Hypervolume, 12);
        Assert.Equal(curve[0].Hypervolume, curve[1].Hypervolume, 12); // the infeasible point adds nothing
        Assert.Equal(bounds.Hypervolume([[1.0, 4.0], [2.0, 2.0]]), curve[2].Hypervolume, 12);
        Assert.Equal(curve[2].Hypervolume, CommonScale.Final(first, bounds), 12);
        Assert.Equal([0, 2], CommonScale.Front(first));
    }

    [Fact]
    public void A_sampled_curve_keeps_the_last_point_and_its_values_lie_on_the_full_curve()
    {
        var points = Enumerable.Range(0, 1000).Select(i => P(1000 - i, i % 37, evaluations: i)).ToList();
        var bounds = CommonScale.Bounds([points])!;

        var full = CommonScale.Curve(points, bounds);
        var sampled = CommonScale.Curve(points, bounds, samples: 50);

        Assert.InRange(sampled.Count, 50, 51);
        Assert.Equal(999, sampled[^1].MappingEvaluations);
        Assert.All(sampled, s => Assert.Equal(full[s.Points - 1].Hypervolume, s.Hypervolume, 12));
    }

    [Fact]
    public void No_feasible_point_gives_no_bounds()
    {
        Assert.Null(CommonScale.Bounds([[P(1, 1, feasible: false)]]));
    }
}
