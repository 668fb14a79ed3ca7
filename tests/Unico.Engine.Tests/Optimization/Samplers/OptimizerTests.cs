using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.SamplersTests;

public class OptimizerTests
{
    internal static OptimizerOptions Fast(ulong seed, int init, IReadOnlyList<double>? reference = null) => new()
    {
        Seed = seed,
        InitialDesignSize = init,
        ReferencePoint = reference,
        McSamples = 32,
        Acquisition = new AcquisitionOptimizerOptions { RawSamples = 128, Restarts = 3, MaxLocalIterations = 15 },
        GaussianProcess = new GaussianProcessOptions { Restarts = 1, ScreenedCandidates = 4, MaxIterations = 40 },
    };

    private static List<double[]> Run(OptimizerAlgorithm algorithm, ulong seed, BenchmarkProblem problem, int batches)
    {
        var opt = OptimizerFactory.Create(algorithm, problem.Space, problem.ObjectiveCount, Fast(seed, 5, problem.ReferencePoint));
        var all = new List<double[]>();
        for (var b = 0; b < batches; b++)
        {
            var xs = opt.Suggest(b == 0 ? 5 : 2);
            foreach (var x in xs)
            {
                opt.Observe(x, problem.Evaluate(x));
                all.Add(x);
            }
        }

        return all;
    }

    /// <summary>Every algorithm of <see cref="OptimizerFactory"/>.</summary>
    public static TheoryData<OptimizerAlgorithm> Algorithms => [.. Enum.GetValues<OptimizerAlgorithm>()];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Same_seed_gives_the_same_suggestions_and_another_seed_different_ones(OptimizerAlgorithm algorithm)
    {
        var problem = new BraninCurrin();
        var a = Run(algorithm, 3, problem, 3);
        var b = Run(algorithm, 3, problem, 3);
        var c = Run(algorithm, 4, problem, 3);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Initial_design_is_the_same_scrambled_Sobol_points_for_every_algorithm()
    {
        var problem = new Zdt(ZdtVariant.Zdt1);
        var first = OptimizerFactory.Create(OptimizerAlgorithm.QNehvi, problem.Space, 2, Fast(9, 6)).Suggest(6);
        foreach (var alg in new[] { OptimizerAlgorithm.Nsga2, OptimizerAlgorithm.Sobol, OptimizerAlgorithm.Random, OptimizerAlgorithm.QParEgo })
        {
            Assert.Equal(first, OptimizerFactory.Create(alg, problem.Space, 2, Fast(9, 6)).Suggest(6));
        }
    }

    [Theory]
    [InlineData(OptimizerAlgorithm.QNehvi)]
    [InlineData(OptimizerAlgorithm.QParEgo)]
    [InlineData(OptimizerAlgorithm.Nsga2)]
    public void Mixed_space_suggestions_are_valid_and_never_repeat_a_known_point(OptimizerAlgorithm algorithm)
    {
        // Two objectives over (continuous a, integer n in 1..6, category c of 3): small enough
        // (3 x 6 x 3 discrete combinations) that duplicates would appear if they were not excluded.
        var space = new SearchSpace([
            Parameter.Continuous("a", 0, 1),
            Parameter.Integer("n", 1, 6),
            Parameter.Categorical("c", ["x", "y", "z"]),
        ]);
        double[] F(double[] p) =>
        [
            p[0] + 0.3 * Math.Abs(p[1] - 4) + (p[2] == 1 ? 0 : 0.5),
            1 - p[0] + 0.2 * Math.Abs(p[1] - 2) + (p[2] == 2 ? 0 : 0.4),
        ];
        var opt = OptimizerFactory.Create(algorithm, space, 2, Fast(1, 6));
        var seen = new HashSet<string>();
        for (var b = 0; b < 5; b++)
        {
            foreach (var x in opt.Suggest(3))
            {
                Assert.True(space.Contains(x), $"invalid point [{string.Join(", ", x)}]");
                Assert.True(seen.Add(string.Join(",", x)), $"duplicate point [{string.Join(", ", x)}]");
                opt.Observe(x, F(x));
            }
        }
    }

    [Fact]
    public void Purely_discrete_space_is_explored_without_duplicates_until_exhausted()
    {
        var space = new SearchSpace([Parameter.Integer("n", 0, 3), Parameter.Categorical("c", ["p", "q"])]);
        var opt = OptimizerFactory.Create(OptimizerAlgorithm.QNehvi, space, 2, Fast(2, 3));
        var seen = new HashSet<string>();
        for (var b = 0; b < 4; b++)
        {
            foreach (var x in opt.Suggest(2))
            {
                Assert.True(seen.Add(string.Join(",", x)));
                opt.Observe(x, [x[0] + x[1], 3 - x[0] + (1 - x[1])]);
            }
        }

        Assert.Equal(8, seen.Count);
    }

    [Fact]
    public void Unobserved_suggestions_are_pending_and_observing_them_clears_them()
    {
        var problem = new BraninCurrin();
        var opt = new BayesianOptimizer(problem.Space, 2, Fast(5, 4, problem.ReferencePoint));
        foreach (var x in opt.Suggest(4))
        {
            opt.Observe(x, problem.Evaluate(x));
        }

        var first = opt.Suggest(2);
        Assert.Equal(2, opt.Outstanding.Count);
        var second = opt.Suggest(2);
        Assert.Equal(4, opt.Outstanding.Count);
        Assert.DoesNotContain(second, s => first.Any(f => f.SequenceEqual(s)));
        foreach (var x in first.Concat(second))
        {
            opt.Observe(x, problem.Evaluate(x));
        }

        Assert.Empty(opt.Outstanding);
        Assert.Equal(8, opt.Observations.Count);
    }

    [Fact]
    public void Model_can_be_fitted_on_high_fidelity_observations_only()
    {
        var problem = new BraninCurrin();
        var options = new OptimizerOptions
        {
            Seed = 1,
            InitialDesignSize = 6,
            ModelHighFidelityOnly = true,
            McSamples = 16,
            Acquisition = new AcquisitionOptimizerOptions { RawSamples = 64, Restarts = 2, MaxLocalIterations = 5 },
        };
        var opt = new BayesianOptimizer(problem.Space, 2, options);
        var i = 0;
        foreach (var x in opt.Suggest(6))
        {
            opt.Observe(x, problem.Evaluate(x), highFidelity: i++ % 2 == 0);
        }

        opt.Suggest(1);
        Assert.Equal(3, opt.LastModels![0].Count);
        Assert.Equal(3, opt.Observations.Count(o => !o.HighFidelity));
    }

    [Fact]
    public void Observe_rejects_wrong_lengths_and_non_finite_objectives()
    {
        var opt = new SobolOptimizer(SearchSpace.UnitCube(2), 2);
        Assert.Throws<ArgumentException>(() => opt.Observe([0.1], [1, 2]));
        Assert.Throws<ArgumentException>(() => opt.Observe([0.1, 0.2], [1]));
        Assert.Throws<ArgumentException>(() => opt.Observe([0.1, 0.2], [1, double.NaN]));
    }
}
