using Unico.Engine.Optimization;

namespace Unico.Engine.Tests.Optimization.Samplers;

public sealed class OptimizerCheckpointTests
{
    [Theory]
    [InlineData(OptimizerAlgorithm.QNehvi)]
    [InlineData(OptimizerAlgorithm.Nsga2)]
    [InlineData(OptimizerAlgorithm.Sobol)]
    public void A_restored_optimizer_suggests_exactly_what_the_original_would(OptimizerAlgorithm algorithm)
    {
        var problem = ProblemCatalog.TryCreate("branincurrin")!;
        var options = new OptimizerOptions { Seed = 5, InitialDesignSize = 4 };
        var original = OptimizerFactory.Create(algorithm, problem.Space, problem.ObjectiveCount, options);
        for (var batch = 0; batch < 3; batch++)
        {
            foreach (var x in original.Suggest(2)) original.Observe(x, problem.Evaluate(x));
        }

        var restored = OptimizerFactory.Create(algorithm, problem.Space, problem.ObjectiveCount, options);
        restored.Restore(original.Checkpoint(), original.Observations);

        var expected = original.Suggest(2);
        var actual = restored.Suggest(2);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
    }
}
