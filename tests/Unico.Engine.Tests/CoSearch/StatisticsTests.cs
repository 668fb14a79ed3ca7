using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class StatisticsTests
{
    [Fact]
    public void Pooled_spearman_ranks_within_each_group()
    {
        // Two groups on very different scales, each perfectly anti-correlated: the pooled value is -1,
        // though the raw values pooled together would correlate positively.
        var groups = new List<(IReadOnlyList<double>, IReadOnlyList<double>)>
        {
            ([1, 2, 3], [30, 20, 10]),
            ([100, 200, 300], [3000, 2000, 1000]),
        };
        Assert.Equal(-1, Statistics.PooledSpearman(groups), 12);
    }

    [Fact]
    public void Pooled_spearman_of_one_group_is_its_spearman()
    {
        double[] x = [0.3, 0.1, 0.7, 0.2, 0.9];
        double[] y = [1, 3, 2, 5, 4];
        Assert.Equal(Statistics.Spearman(x, y), Statistics.PooledSpearman([(x, y)]), 12);
    }

    [Fact]
    public void Groups_too_small_to_rank_are_left_out()
    {
        Assert.True(double.IsNaN(Statistics.PooledSpearman([([1.0, 2.0], [2.0, 1.0])])));
    }

    [Fact]
    public void A_bootstrap_interval_is_deterministic_and_brackets_the_mean()
    {
        var data = Enumerable.Range(0, 50).Select(i => (double)(i % 10)).ToList();
        var a = Statistics.BootstrapInterval(data, s => s.Average(), seed: 3);
        var b = Statistics.BootstrapInterval(data, s => s.Average(), seed: 3);
        Assert.Equal(a, b);
        Assert.True(a.Lower < 4.5 && 4.5 < a.Upper);
        Assert.True(a.Upper - a.Lower < 2);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        double[] sorted = [1, 2, 4, 8];
        Assert.Equal(1, Statistics.Quantile(sorted, 0));
        Assert.Equal(3, Statistics.Quantile(sorted, 0.5));
        Assert.Equal(8, Statistics.Quantile(sorted, 1));
        Assert.Equal(5, Statistics.Quantile(sorted, 0.75), 12);
    }

    [Fact]
    public void Geometric_mean()
    {
        Assert.Equal(4, Statistics.GeometricMean([2, 8]), 12);
        Assert.True(double.IsNaN(Statistics.GeometricMean([2, 0])));
    }
}
