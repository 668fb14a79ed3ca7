using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class FidelityCorrectionTests
{
    private static PointOutcome Point(int id, bool highFidelity, double[] final, params (long Budget, double[] Objectives)[] rungs) =>
        new(id, 0, new Dictionary<string, string>(), [id], 1, 1, 1, final, highFidelity, rungs[^1].Budget, true, null,
            highFidelity ? 1 : null, highFidelity ? 0 : null, 0, [], [.. rungs.Select(r => new RungObjectives(r.Budget, r.Objectives))]);

    [Fact]
    public void The_gap_of_a_rung_is_the_median_over_points_that_went_further()
    {
        // Three high-fidelity points measured at 50 and at 450: latency gaps -1, -2, -4 (median -2),
        // energy gaps -0.5, -0.5, -0.1 (median -0.5), area 0.
        var points = new[]
        {
            Point(0, true, [9, 5, 1], (50, [10, 5.5, 1]), (450, [9, 5, 1])),
            Point(1, true, [8, 4, 2], (50, [10, 4.5, 2]), (450, [8, 4, 2])),
            Point(2, true, [6, 3, 3], (50, [10, 3.1, 3]), (450, [6, 3, 3])),
            Point(3, false, [10, 6, 1], (50, [10, 6, 1])),
        };
        var gaps = FidelityCorrection.Gaps(points);
        Assert.Equal([50L], gaps.Keys);
        Assert.Equal(-2, gaps[50][0], 12);
        Assert.Equal(-0.5, gaps[50][1], 12);
        Assert.Equal(0, gaps[50][2], 12);

        var corrected = FidelityCorrection.Correct(points[3], [10, 6, 1, 0.3], gaps);
        Assert.Equal([8, 5.5, 1, 0.3], corrected);
    }

    [Fact]
    public void A_rung_with_fewer_than_three_pairs_is_not_trusted()
    {
        var points = new[]
        {
            Point(0, true, [9, 5], (50, [10, 5.5]), (450, [9, 5])),
            Point(1, true, [8, 4], (50, [10, 4.5]), (450, [8, 4])),
            Point(3, false, [10, 6], (50, [10, 6])),
        };
        var gaps = FidelityCorrection.Gaps(points);
        Assert.Empty(gaps);
        Assert.Equal([10.0, 6], FidelityCorrection.Correct(points[2], [10, 6], gaps));
    }

    [Fact]
    public void High_fidelity_points_are_never_corrected()
    {
        var p = Point(0, true, [9, 5], (50, [10, 5.5]), (450, [9, 5]));
        var gaps = new Dictionary<long, double[]> { [450] = [-1, -1], [50] = [-1, -1] };
        Assert.Equal([9.0, 5], FidelityCorrection.Correct(p, [9, 5], gaps));
    }
}
