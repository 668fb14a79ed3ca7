using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class SuccessiveHalvingTests
{
    [Fact]
    public void Rung_budgets_grow_by_eta_up_to_the_full_budget()
    {
        Assert.Equal([100L, 300, 900, 2000], SuccessiveHalving.Budgets(100, 3, 2000));
        Assert.Equal([250L, 750, 2250], SuccessiveHalving.Budgets(250, 3, 2250));
        Assert.Equal([500L], SuccessiveHalving.Budgets(500, 2, 500));
    }

    [Theory]
    [InlineData(8, 3, 3)]
    [InlineData(4, 3, 2)]
    [InlineData(2, 3, 1)]
    [InlineData(1, 3, 1)]
    [InlineData(9, 3, 3)]
    public void A_rung_keeps_the_ceiling_of_count_over_eta(int count, int eta, int kept) =>
        Assert.Equal(kept, SuccessiveHalving.Survivors(count, eta));

    [Fact]
    public void Non_dominated_points_rank_before_dominated_ones()
    {
        double[][] points = [[0.9, 0.9], [0.1, 0.8], [0.5, 0.5], [0.8, 0.1], [0.95, 0.95]];
        var order = SuccessiveHalving.Rank(points, [], RungRanking.Pareto);
        Assert.Equal([1, 2, 3], order.Take(3).Order());
        Assert.Equal(0, order[3]);
        Assert.Equal(4, order[4]);
    }

    [Fact]
    public void Ties_on_a_front_are_broken_by_hypervolume_contribution_to_the_global_front()
    {
        // Both candidates are non-dominated; the global front already covers the region near
        // (0.2, 0.2)... around candidate A, so B adds more hypervolume and ranks first.
        double[][] candidates = [[0.3, 0.3], [0.05, 0.9]];
        double[][] global = [[0.25, 0.35], [0.35, 0.25]];
        var order = SuccessiveHalving.Rank(candidates, global, RungRanking.Pareto);
        Assert.Equal([1, 0], order);
    }

    [Fact]
    public void Scalar_ranking_orders_by_the_sum_of_scaled_objectives()
    {
        double[][] points = [[0.1, 0.9], [0.4, 0.4], [0.9, 0.05]];
        Assert.Equal([1, 2, 0], SuccessiveHalving.Rank(points, [], RungRanking.Scalar));
    }
}
