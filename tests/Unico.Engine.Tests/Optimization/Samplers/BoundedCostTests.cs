using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.SamplersTests;

public class BoundedCostTests
{
    private static List<double[]> Run(OptimizerAlgorithm algorithm, int parallelism, bool bounded)
    {
        var problem = new Dtlz2(3, 4);
        var options = new OptimizerOptions
        {
            Seed = 11,
            InitialDesignSize = 6,
            ReferencePoint = problem.ReferencePoint,
            McSamples = 16,
            MaxParallelism = parallelism,
            MaxModelPoints = bounded ? 10 : 0,
            RefitGrowth = bounded ? 0.25 : 0,
            Acquisition = new AcquisitionOptimizerOptions { RawSamples = 64, Restarts = 3, MaxLocalIterations = 6 },
            GaussianProcess = new GaussianProcessOptions { Restarts = 1, ScreenedCandidates = 2, MaxIterations = 20 },
        };
        var opt = OptimizerFactory.Create(algorithm, problem.Space, problem.ObjectiveCount, options);
        var all = new List<double[]>();
        for (var b = 0; b < 5; b++)
        {
            foreach (var x in opt.Suggest(b == 0 ? 6 : 3))
            {
                opt.Observe(x, problem.Evaluate(x));
                all.Add(x);
            }
        }
        return all;
    }

    [Theory]
    [InlineData(OptimizerAlgorithm.QNehvi, false)]
    [InlineData(OptimizerAlgorithm.QNehvi, true)]
    [InlineData(OptimizerAlgorithm.QParEgo, true)]
    public void Suggestions_do_not_depend_on_the_number_of_threads(OptimizerAlgorithm algorithm, bool bounded)
    {
        var one = Run(algorithm, 1, bounded);
        var four = Run(algorithm, 4, bounded);
        Assert.Equal(one.Count, four.Count);
        for (var i = 0; i < one.Count; i++) Assert.Equal(one[i], four[i]);
    }

    [Fact]
    public void The_model_subset_keeps_the_best_ranks_and_spreads_over_the_rest()
    {
        // Even i: (i, 20 - i), all non-dominated; odd i: (i + 100, 120 - i), all dominated.
        // A subset of 8: the first 4 of the non-dominated front in observation order (0, 2, 4, 6),
        // then 4 spread evenly over the 16 others (1, 3, 5, 7, 8, 9, ...): positions 0, 4, 8, 12 -> 1, 8, 12, 16.
        var observations = Enumerable.Range(0, 20).Select(i => new Observation([i], i % 2 == 0 ? [i, 20.0 - i] : [i + 100.0, 120.0 - i])).ToList();
        var subset = BayesianOptimizer.ModelSubset(observations, 8);
        Assert.Equal([0.0, 1, 2, 4, 6, 8, 12, 16], subset.Select(o => o.Point[0]));
    }
}
