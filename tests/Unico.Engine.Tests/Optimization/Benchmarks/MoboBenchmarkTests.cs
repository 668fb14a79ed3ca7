using Unico.Engine.Optimization;
using Unico.Engine.Tests.Optimization.SamplersTests;

namespace Unico.Engine.Tests.Optimization.BenchmarksTests;

public class MoboBenchmarkTests
{
    [Fact]
    public void QNehvi_beats_Sobol_on_BraninCurrin_at_equal_budget()
    {
        // Reduced run: 6 initial points and 5 batches of 2, two seeds, light acquisition settings.
        var problem = new BraninCurrin();
        var settings = new MoboBenchmarkSettings
        {
            InitialPoints = 6,
            Batches = 5,
            BatchSize = 2,
            Seeds = 2,
            Options = OptimizerTests.Fast(0, 6),
        };
        var nehvi = MoboBenchmark.Run(problem, OptimizerAlgorithm.QNehvi, settings);
        var sobol = MoboBenchmark.Run(problem, OptimizerAlgorithm.Sobol, settings);
        for (var s = 0; s < settings.Seeds; s++)
        {
            Assert.Equal(sobol.PerSeed[s].Hypervolumes[0], nehvi.PerSeed[s].Hypervolumes[0]);
            Assert.True(nehvi.PerSeed[s].Hypervolumes[^1] > sobol.PerSeed[s].Hypervolumes[^1] + 5.0,
                $"seed {s}: qNEHVI {nehvi.PerSeed[s].Hypervolumes[^1]} vs Sobol {sobol.PerSeed[s].Hypervolumes[^1]}");
        }

        Assert.True(nehvi.FinalHypervolumeMedian > 40.0, $"qNEHVI median {nehvi.FinalHypervolumeMedian}");
    }

    [Fact]
    public void Result_records_one_hypervolume_per_batch_plus_the_initial_design_and_is_monotone()
    {
        var settings = new MoboBenchmarkSettings { InitialPoints = 4, Batches = 6, BatchSize = 3, Seeds = 3 };
        var result = MoboBenchmark.Run(new Zdt(ZdtVariant.Zdt2), OptimizerAlgorithm.Random, settings);
        Assert.Equal("zdt2", result.Problem);
        Assert.Equal("random", result.Algorithm);
        Assert.Equal(3, result.PerSeed.Count);
        foreach (var s in result.PerSeed)
        {
            Assert.Equal(7, s.Hypervolumes.Count);
            for (var i = 1; i < s.Hypervolumes.Count; i++)
            {
                Assert.True(s.Hypervolumes[i] >= s.Hypervolumes[i - 1]);
            }
        }

        Assert.Equal(MoboBenchmarkResult.Median(result.PerSeed.Select(s => s.Hypervolumes[^1]).ToList()), result.FinalHypervolumeMedian);
    }

    [Fact]
    public void Median_of_even_and_odd_lists()
    {
        Assert.Equal(2.0, MoboBenchmarkResult.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, MoboBenchmarkResult.Median([4.0, 1.0, 2.0, 3.0]));
    }
}
