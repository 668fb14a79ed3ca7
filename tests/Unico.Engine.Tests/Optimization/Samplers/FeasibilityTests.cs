using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.SamplersTests;

public class FeasibilityTests
{
    // A discrete space in which the predicate forbids every point whose coordinates sum above 10
    // (like a MAC cap on rows x columns): about 60% of the grid.
    private static readonly SearchSpace Space = new([Parameter.Integer("a", 0, 9), Parameter.Integer("b", 0, 9), Parameter.Categorical("c", ["x", "y"])]);

    private static bool Allowed(double[] x) => x[0] + x[1] <= 10 - 3 * x[2];

    private static double[] Evaluate(double[] x) => [Math.Pow(x[0] - 9, 2) + x[1], Math.Pow(x[1] - 9, 2) + x[0] + x[2]];

    [Theory]
    [MemberData(nameof(OptimizerTests.Algorithms), MemberType = typeof(OptimizerTests))]
    public void No_algorithm_suggests_a_point_the_predicate_forbids(OptimizerAlgorithm algorithm)
    {
        var calls = 0;
        var options = new OptimizerOptions
        {
            Seed = 3,
            InitialDesignSize = 6,
            McSamples = 16,
            Acquisition = new AcquisitionOptimizerOptions { RawSamples = 64, Restarts = 2, MaxLocalIterations = 5 },
            GaussianProcess = new GaussianProcessOptions { Restarts = 1, ScreenedCandidates = 2, MaxIterations = 20 },
            Feasible = x =>
            {
                calls++;
                return Allowed(x);
            },
        };
        var opt = OptimizerFactory.Create(algorithm, Space, 2, options);
        for (var batch = 0; batch < 6; batch++)
        {
            foreach (var x in opt.Suggest(batch == 0 ? 6 : 3))
            {
                Assert.True(Allowed(x), $"{algorithm} suggested the forbidden point ({string.Join(", ", x)})");
                opt.Observe(x, Evaluate(x));
            }
        }
        Assert.True(calls > 0);
    }

    [Fact]
    public void The_acquisition_maximizer_returns_the_best_allowed_point_not_the_forbidden_maximum()
    {
        // The acquisition 1 + a + b + c peaks at (9, 9, y), deep in the forbidden region; the best
        // allowed points lie on the boundary a + b = 10 with c = x (value 11; c = y allows only 7).
        var acquisition = new PeakAcquisition(Space);
        var options = new AcquisitionOptimizerOptions { RawSamples = 200, Restarts = 4, MaxLocalIterations = 20 };
        var free = new AcquisitionOptimizer(Space, acquisition, options, new HashSet<string>()).Maximize([], new Prng(9)).Point;
        Assert.False(Allowed(free));
        var (best, _) = new AcquisitionOptimizer(Space, acquisition, options, new HashSet<string>(), Allowed).Maximize([], new Prng(9));
        Assert.True(Allowed(best));
        Assert.Equal(0, best[2]);
        Assert.Equal(10, best[0] + best[1]);
    }

    [Fact]
    public void Without_a_predicate_forbidden_points_are_proposed()
    {
        // The control: the same run without the predicate wanders into the forbidden region,
        // so the test above is not passing by luck.
        var opt = OptimizerFactory.Create(OptimizerAlgorithm.Random, Space, 2, new OptimizerOptions { Seed = 3, InitialDesignSize = 6 });
        var suggested = Enumerable.Range(0, 5).SelectMany(_ => opt.Suggest(6)).ToList();
        Assert.Contains(suggested, x => !Allowed(x));
    }

    private sealed class PeakAcquisition(SearchSpace space) : IAcquisitionFunction
    {
        // Features of integers are bin centres; map them back to values.
        public double Evaluate(ReadOnlySpan<double> features) => 1 + Value(features[0], 0) + Value(features[1], 1) + features[2];

        private double Value(double feature, int k) =>
            Math.Round(feature * (space.Parameters[k].Upper - space.Parameters[k].Lower + 1) - 0.5 + space.Parameters[k].Lower);
    }
}
