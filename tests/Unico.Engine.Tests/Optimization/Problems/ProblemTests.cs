using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.ProblemsTests;

public class ProblemTests
{
    [Fact]
    public void Branin_attains_its_known_minimum_and_Currin_its_known_values()
    {
        // Branin's minimum 0.397887 at (pi, 2.275) in the original coordinates.
        Assert.Equal(0.397887, BraninCurrin.Branin((Math.PI + 5) / 15, 2.275 / 15), 5);
        Assert.Equal(3.0, BraninCurrin.Currin(0, 0), 12);
        Assert.Equal((1 - Math.Exp(-0.5)) * 6352.0 / 624.0, BraninCurrin.Currin(1, 1), 10);
    }

    [Fact]
    public void Dense_grid_of_BraninCurrin_approaches_the_published_maximum_hypervolume()
    {
        var p = new BraninCurrin();
        var ys = new List<double[]>();
        const int n = 1000;
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                ys.Add(p.Evaluate([i / (double)n, j / (double)n]));
            }
        }

        var hv = Hypervolume.Compute(ys, p.ReferencePoint);
        Assert.InRange(hv, p.MaxHypervolume * 0.99, p.MaxHypervolume);
    }

    [Theory]
    [InlineData(ZdtVariant.Zdt1)]
    [InlineData(ZdtVariant.Zdt2)]
    [InlineData(ZdtVariant.Zdt3)]
    public void ZDT_front_at_zero_tail_variables_reaches_the_published_maximum_hypervolume(ZdtVariant variant)
    {
        var p = new Zdt(variant);
        Assert.Equal(4, p.Space.Dimension);
        var ys = Enumerable.Range(0, 20001).Select(i => p.Evaluate([i / 20000.0, 0, 0, 0])).ToList();
        Assert.Equal(p.MaxHypervolume, Hypervolume.Compute(ys, p.ReferencePoint), 2);
    }

    [Theory]
    [InlineData(2, 0.4246018366)]
    [InlineData(3, 0.8074012244)]
    public void DTLZ2_max_hypervolume_matches_and_its_front_lies_on_the_unit_sphere(int m, double expected)
    {
        var p = new Dtlz2(m);
        Assert.Equal(6, p.Space.Dimension);
        Assert.Equal(expected, p.MaxHypervolume, 9);
        var rng = new Prng(1);
        var ys = new List<double[]>();
        for (var i = 0; i < 4000; i++)
        {
            var x = new double[6];
            for (var k = 0; k < 6; k++)
            {
                x[k] = k < m - 1 ? rng.NextDouble() : 0.5;
            }

            var y = p.Evaluate(x);
            Assert.Equal(1.0, Math.Sqrt(y.Sum(v => v * v)), 12);
            ys.Add(y);
        }

        Assert.InRange(Hypervolume.Compute(ys, p.ReferencePoint), expected * 0.97, expected);
    }

    [Fact]
    public void Catalog_knows_every_documented_name_and_rejects_others()
    {
        foreach (var name in ProblemCatalog.Names)
        {
            Assert.Equal(name, ProblemCatalog.TryCreate(name)!.Name);
        }

        Assert.Null(ProblemCatalog.TryCreate("zdt9"));
    }
}
