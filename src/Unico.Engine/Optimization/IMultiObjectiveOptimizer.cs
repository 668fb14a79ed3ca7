namespace Unico.Engine.Optimization;

/// <summary>One evaluated point: its objectives (all minimized) and a fidelity flag.</summary>
/// <param name="Point">The point, in search-space coordinates.</param>
/// <param name="Objectives">Objective values, all minimized.</param>
/// <param name="HighFidelity">
/// False for a cheap, provisional evaluation (e.g. a hardware point whose mapping search was cut
/// short); models may be fitted on high-fidelity observations only (see
/// <see cref="OptimizerOptions.ModelHighFidelityOnly"/>).
/// </param>
public sealed record Observation(double[] Point, double[] Objectives, bool HighFidelity = true);

/// <summary>
/// An ask/tell multi-objective optimizer. <see cref="Suggest"/> returns q new points; the caller
/// evaluates them and reports each with <see cref="Observe"/>. Objectives are minimized.
/// Suggested points not yet observed are treated as pending by the next <see cref="Suggest"/>.
/// Given the same seed, options and sequence of calls, suggestions are identical.
/// </summary>
public interface IMultiObjectiveOptimizer
{
    /// <summary>The search space.</summary>
    SearchSpace Space { get; }

    /// <summary>Number of objectives.</summary>
    int ObjectiveCount { get; }

    /// <summary>Observations so far, in order.</summary>
    IReadOnlyList<Observation> Observations { get; }

    /// <summary>Proposes <paramref name="q"/> points to evaluate next.</summary>
    IReadOnlyList<double[]> Suggest(int q);

    /// <summary>Records the objectives (minimized) of an evaluated point.</summary>
    void Observe(double[] point, double[] objectives, bool highFidelity = true);
}

/// <summary>An optimizer's state besides its observations (see <see cref="OptimizerBase.Checkpoint"/>).</summary>
/// <param name="SuggestCalls">How many times Suggest was called (each call's randomness derives from it).</param>
/// <param name="InitialPointsDrawn">How many points of the space-filling initial design were drawn.</param>
/// <param name="ModelState">Model state carried between suggestions, or null.</param>
public sealed record OptimizerCheckpoint(long SuggestCalls, long InitialPointsDrawn, double[]?[]? ModelState);
