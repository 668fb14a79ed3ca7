namespace Unico.Engine.Optimization;

/// <summary>
/// A multi-objective test problem, stated for <b>minimization</b>, with the reference point and
/// the maximum attainable hypervolume used by BoTorch's test suite (BoTorch maximizes the negated
/// objectives, so its negative reference point is our reference point as an upper bound).
/// </summary>
public abstract class BenchmarkProblem
{
    /// <summary>Short name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>The input space.</summary>
    public abstract SearchSpace Space { get; }

    /// <summary>Number of objectives.</summary>
    public abstract int ObjectiveCount { get; }

    /// <summary>Reference point (upper bound of the hypervolume box).</summary>
    public abstract double[] ReferencePoint { get; }

    /// <summary>Hypervolume of the true Pareto front with respect to <see cref="ReferencePoint"/>.</summary>
    public abstract double MaxHypervolume { get; }

    /// <summary>Evaluates the objectives (all minimized) at a point of <see cref="Space"/>.</summary>
    public abstract double[] Evaluate(ReadOnlySpan<double> x);
}
