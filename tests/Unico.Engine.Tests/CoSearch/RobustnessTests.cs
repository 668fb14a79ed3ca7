using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Engine.Tests.CoSearch;

public sealed class RobustnessTests
{
    private static SearchTrace Trace(params (long Evaluation, double Cost)[] points)
    {
        var trace = new SearchTrace();
        foreach (var (e, c) in points) trace.Record(e, c);
        return trace;
    }

    [Fact]
    public void Robustness_matches_a_hand_computation()
    {
        // Layer 1: cost 8 after b0 = 10 evaluations, 2 after B = 1000: ratio 4.
        // Layer 2: cost 3 after 10, 3 after 1000: ratio 1.
        // S = sqrt(4 * 1) - 1 = 1, R = 1 / 2.
        var traces = new[] { Trace((1, 20), (5, 8), (400, 2)), Trace((3, 3)) };
        Assert.Equal(1.0, Robustness.Sensitivity(traces, 10, 1000), 12);
        Assert.Equal(0.5, Robustness.Compute(traces, 10, 1000), 12);
    }

    [Fact]
    public void Hardware_whose_mappings_are_found_at_once_is_fully_robust()
    {
        var traces = new[] { Trace((1, 5)), Trace((2, 7)) };
        Assert.Equal(1.0, Robustness.Compute(traces, 10, 1000));
    }

    [Fact]
    public void A_layer_without_a_valid_mapping_after_b0_gives_zero_robustness()
    {
        var traces = new[] { Trace((50, 5)), Trace((2, 7)) };
        Assert.Equal(0.0, Robustness.Compute(traces, 10, 1000));
    }

    [Fact]
    public void Robustness_falls_as_late_improvements_grow()
    {
        var mild = new[] { Trace((1, 10), (500, 9)) };
        var strong = new[] { Trace((1, 10), (500, 2)) };
        Assert.True(Robustness.Compute(mild, 10, 1000) > Robustness.Compute(strong, 10, 1000));
    }
}
