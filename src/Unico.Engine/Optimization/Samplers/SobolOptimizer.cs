namespace Unico.Engine.Optimization;

/// <summary>Baseline: the scrambled Sobol sequence, ignoring observations.</summary>
public sealed class SobolOptimizer : OptimizerBase
{
    /// <summary>Creates the optimizer.</summary>
    public SobolOptimizer(SearchSpace space, int objectives, OptimizerOptions? options = null)
        : base(space, objectives, options)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<double[]> SuggestCore(int q, IReadOnlyList<double[]> pending, Prng rng)
    {
        var result = new List<double[]>(q);
        for (var i = 0; i < q; i++)
        {
            result.Add(NextInitialPoint(rng));
        }

        return result;
    }
}

/// <summary>Baseline: uniform random points (after the shared Sobol initial design).</summary>
public sealed class RandomSearchOptimizer : OptimizerBase
{
    /// <summary>Creates the optimizer.</summary>
    public RandomSearchOptimizer(SearchSpace space, int objectives, OptimizerOptions? options = null)
        : base(space, objectives, options)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<double[]> SuggestCore(int q, IReadOnlyList<double[]> pending, Prng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new List<double[]>(q);
        for (var i = 0; i < q; i++)
        {
            result.Add(SampleFeasible(rng));
        }

        return result;
    }
}
