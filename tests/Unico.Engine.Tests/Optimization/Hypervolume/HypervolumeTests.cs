using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.HypervolumeTests;

public class HypervolumeTests
{
    private static double[] P(params double[] v) => v;

    private static List<double[]> Negate(IEnumerable<double[]> pts) => pts.Select(p => p.Select(v => -v).ToArray()).ToList();

    [Fact]
    public void Four_points_in_2D_with_reference_10_10_give_38()
    {
        var pts = new List<double[]> { P(5, 5), P(4, 6), P(2, 7), P(7, 4) };
        Assert.Equal(38.0, Hypervolume.Compute(pts, [10, 10]), 12);
    }

    [Fact]
    public void Six_point_2D_vector_matches_the_reference_value()
    {
        var pts = new List<double[]>
        {
            P(0.1747055597195173, 8.890663430988917), P(0.20816431319298268, 4.6227546908596),
            P(0.22997366985771173, 1.11772205048885), P(0.587994749876203, 0.738911812540355),
            P(1.5450625501794417, 0.3830312233262651), P(8.579118682450876, 0.3516975239156062),
        };
        Assert.Equal(93.55331425585321, Hypervolume.Compute(pts, [10, 10]), 10);
    }

    [Fact]
    public void Two_points_in_3D_with_reference_2_2_2_give_5()
    {
        var pts = new List<double[]> { P(1, 0, 1), P(0, 1, 0) };
        Assert.Equal(5.0, Hypervolume.Compute(pts, [2, 2, 2]), 12);
    }

    [Theory]
    [InlineData(0.0, 0.0, 37.75)]
    [InlineData(1.0, 0.5, 28.75)]
    public void Maximization_vector_negated_into_minimization_matches(double r0, double r1, double expected)
    {
        var maxPts = new List<double[]> { P(8.5, 3), P(8.5, 3.5), P(5, 5), P(9, 1), P(4, 5) };
        Assert.Equal(expected, Hypervolume.Compute(Negate(maxPts), [-r0, -r1]), 12);
    }

    [Fact]
    public void Negated_unit_vectors_in_3D_maximization_give_11_075()
    {
        var maxPts = new List<double[]> { P(-1, 0, 0), P(0, -1, 0), P(0, 0, -1) };
        Assert.Equal(11.075, Hypervolume.Compute(Negate(maxPts), [2.1, 2.5, 2.3]), 10);
    }

    [Fact]
    public void Negated_unit_vectors_in_4D_maximization_give_23_15()
    {
        var maxPts = new List<double[]> { P(-1, 0, 0, 0), P(0, -1, 0, 0), P(0, 0, -1, 0), P(0, 0, 0, -1) };
        Assert.Equal(23.15, Hypervolume.Compute(Negate(maxPts), [2.1, 2.5, 2.3, 2.0]), 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(100)]
    [InlineData(2000)]
    public void Staircase_of_size_n_in_2D_gives_n_squared_minus_n_n_minus_1_over_2(int n)
    {
        var pts = Enumerable.Range(0, n).Select(i => P(i, n - 1 - i)).ToList();
        double nn = n;
        Assert.Equal(nn * nn - nn * (nn - 1) / 2, Hypervolume.Compute(pts, [n, n]), 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(25)]
    public void Simplex_lattice_of_size_n_in_3D_gives_the_closed_form(int n)
    {
        var pts = new List<double[]>();
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; a + b < n; b++)
            {
                pts.Add(P(a, b, n - 1 - a - b));
            }
        }

        double nn = n;
        Assert.Equal(nn * nn * nn - (nn - 1) * nn * (nn + 1) / 6, Hypervolume.Compute(pts, [n, n, n]), 6);
    }

    [Fact]
    public void Points_outside_the_reference_box_are_ignored_and_empty_sets_give_zero()
    {
        Assert.Equal(0.0, Hypervolume.Compute([], [1, 1]));
        Assert.Equal(0.0, Hypervolume.Compute([P(1, 0), P(2, -1)], [1, 1]));
        Assert.Equal(1.0, Hypervolume.Compute([P(0, 0), P(1, -5)], [1, 1]), 12);
    }

    private static List<double[]> RandomSet(Prng rng, int n, int m, bool front)
    {
        var pts = new List<double[]>();
        for (var i = 0; i < n; i++)
        {
            var p = new double[m];
            if (front)
            {
                // Points near the simplex sum = 1, so that many are mutually non-dominated.
                var sum = 0.0;
                for (var j = 0; j < m; j++)
                {
                    p[j] = -Math.Log(1 - rng.NextDouble());
                    sum += p[j];
                }

                for (var j = 0; j < m; j++)
                {
                    p[j] = p[j] / sum + 0.05 * rng.NextDouble();
                }
            }
            else
            {
                for (var j = 0; j < m; j++)
                {
                    p[j] = rng.NextDouble();
                }
            }

            pts.Add(p);
        }

        return pts;
    }

    private static double InclusionExclusion(List<double[]> pts, double[] r)
    {
        var n = pts.Count;
        var m = r.Length;
        var total = 0.0;
        for (var mask = 1; mask < (1 << n); mask++)
        {
            var corner = new double[m];
            Array.Fill(corner, double.NegativeInfinity);
            var bits = 0;
            for (var i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    bits++;
                    for (var j = 0; j < m; j++)
                    {
                        corner[j] = Math.Max(corner[j], pts[i][j]);
                    }
                }
            }

            var vol = 1.0;
            for (var j = 0; j < m; j++)
            {
                vol *= Math.Max(0, r[j] - corner[j]);
            }

            total += (bits % 2 == 1 ? 1 : -1) * vol;
        }

        return total;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Equals_inclusion_exclusion_on_small_random_sets(int m)
    {
        var rng = new Prng((ulong)(100 + m));
        var r = Enumerable.Repeat(1.2, m).ToArray();
        for (var trial = 0; trial < 20; trial++)
        {
            var pts = RandomSet(rng, 1 + rng.NextInt(8), m, front: trial % 2 == 0);
            Assert.Equal(InclusionExclusion(pts, r), Hypervolume.Compute(pts, r), 10);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Fast_paths_equal_WFG_on_random_sets(int m)
    {
        var rng = new Prng((ulong)(7 + m));
        var r = Enumerable.Repeat(1.1, m).ToArray();
        for (var trial = 0; trial < 10; trial++)
        {
            var pts = RandomSet(rng, 60, m, front: trial % 2 == 0);
            Assert.Equal(Hypervolume.ComputeWfgOnly(pts, r), Hypervolume.Compute(pts, r), 10);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Is_monotone_under_adding_points(int m)
    {
        var rng = new Prng((ulong)(31 + m));
        var r = Enumerable.Repeat(1.1, m).ToArray();
        var pts = new List<double[]>();
        var previous = 0.0;
        foreach (var p in RandomSet(rng, 40, m, front: true))
        {
            pts.Add(p);
            var hv = Hypervolume.Compute(pts, r);
            Assert.True(hv >= previous - 1e-12, $"{hv} < {previous}");
            previous = hv;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Is_invariant_to_adding_dominated_points(int m)
    {
        var rng = new Prng((ulong)(41 + m));
        var r = Enumerable.Repeat(1.5, m).ToArray();
        var pts = RandomSet(rng, 25, m, front: true);
        var hv = Hypervolume.Compute(pts, r);
        var more = new List<double[]>(pts);
        foreach (var p in pts.Take(15))
        {
            more.Add(p.Select(v => v + 0.01 + 0.1 * rng.NextDouble()).ToArray());
            more.Add((double[])p.Clone());
        }

        Assert.Equal(hv, Hypervolume.Compute(more, r), 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Contributions_equal_the_loss_from_removing_each_point(int m)
    {
        var rng = new Prng((ulong)(51 + m));
        var r = Enumerable.Repeat(1.2, m).ToArray();
        var pts = RandomSet(rng, 15, m, front: true);
        pts.Add((double[])pts[0].Clone());
        var contributions = Hypervolume.Contributions(pts, r);
        var all = Hypervolume.Compute(pts, r);
        for (var i = 0; i < pts.Count; i++)
        {
            var without = pts.Where((_, k) => k != i).ToList();
            Assert.Equal(all - Hypervolume.Compute(without, r), contributions[i], 10);
        }

        Assert.Equal(0.0, contributions[0]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Box_decomposition_improvement_equals_the_hypervolume_gain(int m)
    {
        var rng = new Prng((ulong)(61 + m));
        var r = Enumerable.Repeat(1.2, m).ToArray();
        for (var trial = 0; trial < 10; trial++)
        {
            var pts = RandomSet(rng, 3 + rng.NextInt(20), m, front: trial % 2 == 0);
            var boxes = BoxDecomposition.Build(pts, r);
            var before = Hypervolume.Compute(pts, r);
            for (var k = 0; k < 10; k++)
            {
                var y = RandomSet(rng, 1, m, front: true)[0].Select(v => v * 0.9).ToArray();
                var after = Hypervolume.Compute([.. pts, y], r);
                Assert.Equal(after - before, boxes.Improvement(y), 10);
            }
        }
    }
}
