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

public sealed class DerivedScheduleTests
{
    [Fact]
    public void A_budget_of_37_full_points_with_q_6_screens_at_a_27th_of_B()
    {
        // N = 1,000,000 / (18 x 1500) = 37.0 full points; wanted b0 = 37.0 x 1500 / 170 / 6 = 54.5.
        // q = 6 needs ceil(log3 6) = 2 halvings; candidates B/9 = 167, B/27 = 56, B/81 = 18.5: 56 is closest.
        var plan = SuccessiveHalving.Derive(1_000_000, 18, 6, 1500);
        Assert.Equal([56L, 167, 500, 1500], plan.Budgets);
        Assert.Equal(3, plan.Eta);
        Assert.True(plan.Derived);
    }

    [Fact]
    public void A_generous_budget_screens_with_more_evaluations()
    {
        // N = 300 full points: wanted b0 = 300 x 1500 / 170 / 6 = 441, beyond B/9: the least halvings.
        Assert.Equal([167L, 500, 1500], SuccessiveHalving.Derive(300L * 18 * 1500, 18, 6, 1500).Budgets);
    }

    [Fact]
    public void A_tight_budget_screens_cheaply_but_never_below_the_minimum_first_rung()
    {
        // B = 900, N = 5: wanted 4.4, so B/81 = 11.1 would be closest; it is below 20, so B/27 = 33.
        Assert.Equal(33L, SuccessiveHalving.Derive(5L * 18 * 900, 18, 6, 900).InitialBudget);
        // With B = 4050 the same budget share wants 19.9 and allows B/81 = 50.
        Assert.Equal(50L, SuccessiveHalving.Derive(5L * 18 * 4050, 18, 6, 4050).InitialBudget);
    }

    [Fact]
    public void More_distinct_layers_at_the_same_budget_mean_fewer_full_points_and_a_smaller_first_rung()
    {
        // 2,000,000 evaluations, B = 1500: 10 layers give N = 133 (wanted 196: b0 167), 60 layers N = 22 (wanted 33: b0 56).
        Assert.Equal(167L, SuccessiveHalving.Derive(2_000_000, 10, 6, 1500).InitialBudget);
        Assert.Equal(56L, SuccessiveHalving.Derive(2_000_000, 60, 6, 1500).InitialBudget);
    }

    [Fact]
    public void Larger_batches_need_more_halvings()
    {
        // q points reach one survivor after ceil(log3 q) halvings, so a plan has at least that many + 1 rungs.
        Assert.True(SuccessiveHalving.Derive(1_000_000, 18, 3, 1500).Budgets.Count >= 2);
        Assert.True(SuccessiveHalving.Derive(1_000_000, 18, 27, 1500).Budgets.Count >= 4);
        Assert.True(SuccessiveHalving.Derive(1_000_000, 18, 28, 4050).Budgets.Count >= 5);
    }

    [Fact]
    public void Without_an_evaluation_budget_forty_full_points_are_assumed()
    {
        Assert.Equal(SuccessiveHalving.Derive(40L * 18 * 1500, 18, 6, 1500), SuccessiveHalving.Derive(null, 18, 6, 1500), new PlanComparer());
    }

    private sealed class PlanComparer : IEqualityComparer<HalvingPlan>
    {
        public bool Equals(HalvingPlan? x, HalvingPlan? y) => x!.Budgets.SequenceEqual(y!.Budgets) && x.Eta == y.Eta;

        public int GetHashCode(HalvingPlan obj) => obj.Budgets.Count;
    }
}
