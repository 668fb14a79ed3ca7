using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.SearchSpacesTests;

public class SearchSpaceTests
{
    private static readonly SearchSpace Mixed = new([
        Parameter.Continuous("a", -1, 3),
        Parameter.Continuous("b", 0.01, 100, logScale: true),
        Parameter.Integer("n", 2, 9),
        Parameter.Integer("kib", 16, 4096, logScale: true),
        Parameter.Categorical("c", ["ws", "os", "rs"]),
    ]);

    [Fact]
    public void Unit_cube_maps_to_valid_points_and_every_integer_and_category_is_reachable()
    {
        var seenN = new HashSet<double>();
        var seenKib = new HashSet<double>();
        var seenC = new HashSet<double>();
        var rng = new Prng(1);
        for (var i = 0; i < 5000; i++)
        {
            var x = Mixed.Sample(rng);
            Assert.True(Mixed.Contains(x));
            seenN.Add(x[2]);
            seenKib.Add(x[3]);
            seenC.Add(x[4]);
        }

        Assert.Equal(8, seenN.Count);
        Assert.Equal(3, seenC.Count);
        Assert.Contains(16.0, seenKib);
        Assert.True(seenKib.Max() > 3000, "log-scaled integers reach the top of their range");
    }

    [Fact]
    public void ToUnit_then_FromUnit_returns_the_same_valid_point()
    {
        var rng = new Prng(2);
        for (var i = 0; i < 500; i++)
        {
            var x = Mixed.Sample(rng);
            var back = Mixed.FromUnit(Mixed.ToUnit(x));
            Assert.Equal(x[0], back[0], 12);
            Assert.Equal(x[1], back[1], 9);
            Assert.Equal(x[2], back[2]);
            Assert.Equal(x[3], back[3]);
            Assert.Equal(x[4], back[4]);
        }
    }

    [Fact]
    public void Snap_clamps_and_rounds_and_Contains_rejects_invalid_points()
    {
        var snapped = Mixed.Snap([5, 0, 3.6, 5000, 1.2]);
        Assert.Equal([3, 0.01, 4, 4096, 1], snapped);
        Assert.False(Mixed.Contains([0, 1, 3.5, 16, 0]));
        Assert.False(Mixed.Contains([0, 1, 3, 16, 3]));
        Assert.False(Mixed.Contains([0, 1, 3, 16]));
        Assert.True(Mixed.Contains([0, 1, 3, 16, 2]));
    }

    [Fact]
    public void Features_scale_numeric_inputs_to_the_unit_interval_and_keep_category_indices()
    {
        var f = new double[5];
        Mixed.ToFeatures([3, 100, 9, 4096, 2], f);
        Assert.Equal(1.0, f[0], 12);
        Assert.Equal(1.0, f[1], 12);
        Assert.InRange(f[2], 0.9, 1.0);
        Assert.InRange(f[3], 0.9, 1.0);
        Assert.Equal(2.0, f[4]);
    }

    [Fact]
    public void Invalid_parameter_definitions_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Parameter.Continuous("x", 1, 0));
        Assert.Throws<ArgumentException>(() => Parameter.Continuous("x", 0, 1, logScale: true));
        Assert.Throws<ArgumentException>(() => Parameter.Categorical("c", []));
        Assert.Throws<ArgumentException>(() => new SearchSpace([]));
    }
}
