using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.SamplersTests;

public class SobolSequenceTests
{
    [Fact]
    public void First_points_match_the_standard_unscrambled_sequence()
    {
        double[][] expected =
        [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ];
        var sobol = new SobolSequence(3);
        foreach (var e in expected)
        {
            Assert.Equal(e, sobol.Next());
        }
    }

    [Fact]
    public void Carries_at_least_21_dimensions_and_every_one_is_a_0_2_sequence()
    {
        Assert.True(SobolSequence.MaxDimension >= 21);
        var sobol = new SobolSequence(SobolSequence.MaxDimension);
        var pts = sobol.Take(256);
        for (var d = 0; d < SobolSequence.MaxDimension; d++)
        {
            // Each of the 256 cells [k/256, (k+1)/256) holds exactly one point.
            var cells = pts.Select(p => (int)(p[d] * 256)).OrderBy(v => v).ToArray();
            Assert.Equal(Enumerable.Range(0, 256), cells);
        }
    }

    [Fact]
    public void Scrambled_sequence_keeps_stratification_and_depends_on_the_seed()
    {
        var a = new SobolSequence(5, scramble: true, seed: 1).Take(64);
        var b = new SobolSequence(5, scramble: true, seed: 1).Take(64);
        var c = new SobolSequence(5, scramble: true, seed: 2).Take(64);
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
        for (var d = 0; d < 5; d++)
        {
            var cells = a.Select(p => (int)(p[d] * 64)).OrderBy(v => v).ToArray();
            Assert.Equal(Enumerable.Range(0, 64), cells);
            Assert.All(a, p => Assert.InRange(p[d], 0.0, 1.0 - 1e-12));
        }
    }

    [Fact]
    public void Latin_hypercube_puts_one_point_in_every_stratum_of_every_dimension()
    {
        var pts = LatinHypercube.Sample(20, 4, new Prng(3));
        for (var d = 0; d < 4; d++)
        {
            Assert.Equal(Enumerable.Range(0, 20), pts.Select(p => (int)(p[d] * 20)).OrderBy(v => v));
        }
    }
}
