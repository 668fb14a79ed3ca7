namespace Unico.Engine.CoSearch;

/// <summary>One run of a comparison, its hypervolume curve recomputed with the comparison's common bounds.</summary>
/// <param name="Entry">Contestant name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Curve">Hypervolume after each evaluated point: (mapping evaluations, seconds, hypervolume).</param>
/// <param name="FinalHypervolume">Last value of the curve.</param>
/// <param name="EvaluationsToTarget">Mapping evaluations at which it first reached the target (HASCO's median final hypervolume), or null.</param>
/// <param name="SecondsToTarget">Seconds at which it first reached the target, or null.</param>
/// <param name="RankCorrelation">Spearman(robustness, held-out degradation) of its final front, when tested.</param>
/// <param name="HeldOutHypervolume">Held-out hypervolume of its final front (common held-out bounds), when tested.</param>
/// <param name="HeldOutHypervolumeRobust">The same for its robust front.</param>
/// <param name="MappingEvaluations">Evaluations spent.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="ProposingSeconds">Of <paramref name="Seconds"/>, the time the optimizer spent proposing.</param>
/// <param name="Designs">Its final designs tested on the held-out networks (empty when not tested).</param>
public sealed record ComparisonRun(string Entry, ulong Seed, IReadOnlyList<HypervolumePoint> Curve, double FinalHypervolume,
    long? EvaluationsToTarget, double? SecondsToTarget, double? RankCorrelation, double? HeldOutHypervolume, double? HeldOutHypervolumeRobust,
    long MappingEvaluations, double Seconds, double ProposingSeconds = 0, IReadOnlyList<HeldOutOutcome>? Designs = null);

/// <summary>A contestant's medians over seeds.</summary>
/// <param name="Name">Contestant.</param>
/// <param name="FinalHypervolumeMedian">Median final hypervolume at the shared budget.</param>
/// <param name="EvaluationsToHascoFinalMedian">Median mapping evaluations to reach HASCO's median final hypervolume (null when most seeds never do).</param>
/// <param name="SecondsToHascoFinalMedian">Median seconds to reach it.</param>
/// <param name="SpeedupVsHasco">HASCO's median evaluations to its final hypervolume divided by this contestant's.</param>
/// <param name="RankCorrelationMedian">Median Spearman(robustness, held-out degradation).</param>
/// <param name="HeldOutHypervolumeMedian">Median held-out hypervolume of the final front.</param>
/// <param name="HeldOutHypervolumeRobustMedian">Median held-out hypervolume of the robust front.</param>
/// <param name="SecondsMedian">Median wall time of a whole run.</param>
/// <param name="SecondsSpeedupVsHasco">HASCO's median seconds to its final hypervolume divided by this contestant's.</param>
/// <param name="ProposingShareMedian">Median share of a run's wall time spent proposing points.</param>
public sealed record ComparisonSummary(string Name, double FinalHypervolumeMedian, double? EvaluationsToHascoFinalMedian,
    double? SecondsToHascoFinalMedian, double? SpeedupVsHasco, double? RankCorrelationMedian, double? HeldOutHypervolumeMedian,
    double? HeldOutHypervolumeRobustMedian, double SecondsMedian = 0, double? SecondsSpeedupVsHasco = null, double ProposingShareMedian = 0);

/// <summary>The outcome of a comparison.</summary>
/// <param name="Config">What was compared.</param>
/// <param name="Target">HASCO's median final hypervolume (or the first contestant's when HASCO is absent).</param>
/// <param name="Runs">Every run.</param>
/// <param name="Summaries">Per contestant.</param>
/// <param name="Bounds">The common normalization.</param>
public sealed record ComparisonResult(ComparisonConfig Config, double Target, IReadOnlyList<ComparisonRun> Runs,
    IReadOnlyList<ComparisonSummary> Summaries, ObjectiveBounds Bounds);
