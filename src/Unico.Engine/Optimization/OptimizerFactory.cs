namespace Unico.Engine.Optimization;

/// <summary>Creates optimizers by algorithm or by command-line name.</summary>
public static class OptimizerFactory
{
    /// <summary>Accepted algorithm names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["qnehvi", "qparego", "nsga2", "sobol", "random"];

    /// <summary>Parses an algorithm name (case-insensitive).</summary>
    public static bool TryParse(string name, out OptimizerAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.Trim().ToLowerInvariant())
        {
            case "qnehvi":
                algorithm = OptimizerAlgorithm.QNehvi;
                return true;
            case "qparego":
            case "qnparego":
                algorithm = OptimizerAlgorithm.QParEgo;
                return true;
            case "nsga2":
            case "nsga-ii":
                algorithm = OptimizerAlgorithm.Nsga2;
                return true;
            case "sobol":
                algorithm = OptimizerAlgorithm.Sobol;
                return true;
            case "random":
                algorithm = OptimizerAlgorithm.Random;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>Creates an optimizer of the given algorithm.</summary>
    public static OptimizerBase Create(OptimizerAlgorithm algorithm, SearchSpace space, int objectives, OptimizerOptions? options = null) =>
        algorithm switch
        {
            OptimizerAlgorithm.QNehvi => new BayesianOptimizer(space, objectives, options, parEgo: false),
            OptimizerAlgorithm.QParEgo => new BayesianOptimizer(space, objectives, options, parEgo: true),
            OptimizerAlgorithm.Nsga2 => new Nsga2Optimizer(space, objectives, options),
            OptimizerAlgorithm.Sobol => new SobolOptimizer(space, objectives, options),
            OptimizerAlgorithm.Random => new RandomSearchOptimizer(space, objectives, options),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
}
