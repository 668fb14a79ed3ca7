using Unico.Web.Components.Common;

namespace Unico.Web.Tests.Components;

public sealed class UnitsTests
{
    [Fact]
    public void A_column_of_energies_from_microjoules_to_millijoules_is_shown_in_one_unit()
    {
        double[] pj = [4.2e8, 9.9e8, 1.3e9, 2.5e9, 7e9];

        var unit = Units.EnergyFor(pj);

        Assert.Equal("mJ", unit.Symbol);
        Assert.Equal(["0.42", "0.99", "1.3", "2.5", "7"], pj.Select(unit.Number));
    }

    [Fact]
    public void Latency_is_time_at_the_runs_clock_with_the_cycles_for_the_hover()
    {
        Assert.Equal("27.69 ms", Units.Latency(2.769e7, 1));
        Assert.Equal("13.85 ms", Units.Latency(2.769e7, 2));
        Assert.Equal("2.769e+7 cycles at 2 GHz", Units.CyclesNote(2.769e7, 2));
        Assert.Equal("µs", Units.LatencyFor([3e5, 8e5, 2e6], 2).Symbol);
        Assert.Equal("-", Units.Latency(0, 1));
    }

    [Fact]
    public void Counts_agree_with_their_nouns()
    {
        Assert.Equal("1 layer", Units.Plural(1, "layer"));
        Assert.Equal("2 layers", Units.Plural(2, "layer"));
        Assert.Equal("1,000 batches", Units.Plural(1000, "batch", "batches"));
    }

    [Fact]
    public void Durations_read_from_seconds_to_years_and_a_budget_beyond_what_TimeSpan_holds_does_not_throw()
    {
        Assert.Equal("5.2 s", Format.Duration(5.2));
        Assert.Equal("5 min 32 s", Format.Duration(332));
        Assert.Equal("26 h 40 min", Format.Duration(96_000));
        Assert.Equal("3 days", Format.Duration(3 * 86_400 + 10));
        Assert.Equal("31,688 years", Format.Duration(1e12));
        Assert.Equal("forever", Format.Duration(double.PositiveInfinity));
    }
}
