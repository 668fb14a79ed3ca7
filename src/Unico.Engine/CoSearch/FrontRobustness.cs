using System.Collections.Immutable;
using Unico.Engine.Hardware;
using Unico.Engine.Mapping;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>
/// Scores the final front's high-fidelity designs with every robustness measure of docs/method.md
/// section 5 and picks the robust front: the designs whose score under the run's measure is at or
/// above a quantile of the front's scores (so it is never empty while the front has a scored design).
/// </summary>
internal sealed class FrontRobustness
{
    // Folds of the cross-validated measure when the run trains on one network.
    private const int LayerFolds = 3;

    private readonly CoSearchConfig _config;
    private readonly DesignSpace _space;
    private readonly double[][] _foldRepeats;
    private readonly Workload[] _perturbed;

    public FrontRobustness(CoSearchConfig config, DesignSpace space, Workload training)
    {
        _config = config;
        _space = space;
        _foldRepeats = FoldRepeats(training, config.TrainingWorkloads);
        _perturbed = [Perturbed(training, 2), Perturbed(training, 0.5)];
    }

    /// <summary>Mapping evaluations spent on the perturbation measure so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>
    /// Per-layer budget of the perturbed layers' searches: the full budget, the one the training
    /// costs were found with. (A smaller one mixes in how hard each design's mappings are to find:
    /// on the benchmark matrix B/3 gave a pooled correlation of -0.29 against -0.48 for B.)
    /// </summary>
    public long PerturbationBudget => _config.Settings.FullBudget;

    /// <summary>Every measure's score of the designs that have one (high-fidelity, feasible); the perturbation measure only when asked (it maps).</summary>
    public Dictionary<RobustnessMeasure, Dictionary<int, double>> Score(IReadOnlyList<PointOutcome> front, bool perturbation, CancellationToken cancellationToken)
    {
        var designs = front.Where(p => p.HighFidelity && p.Feasible && p.Robustness is not null).ToList();
        var scores = new Dictionary<RobustnessMeasure, Dictionary<int, double>>
        {
            [RobustnessMeasure.Sensitivity] = designs.ToDictionary(p => p.Id, p => p.Robustness!.Value),
        };
        var ranked = designs.Where(p => p.Layers.All(l => l.EarlyCostRatio is not null)).ToList();
        scores[RobustnessMeasure.Rank] = Zip(ranked, Robustness.RankScores([.. ranked.Select(p => (IReadOnlyList<double>)[.. p.Layers.Select(l => l.EarlyCostRatio!.Value)])]));
        if (_foldRepeats.Length > 0 && _foldRepeats[0].Length >= 2)
        {
            var latency = designs.Select(p => Folds(p, l => l.Cycles)).ToList();
            var energy = designs.Select(p => Folds(p, l => l.EnergyPj)).ToList();
            scores[RobustnessMeasure.CrossValidated] = Zip(designs, Robustness.CrossValidatedScores(latency, energy));
        }
        if (perturbation && designs.Count > 0) scores[RobustnessMeasure.Perturbation] = PerturbationScores(designs, cancellationToken);
        return scores;
    }

    /// <summary>The robust front: the ids of <paramref name="front"/> whose score is at or above the quantile of the scored ones; the whole front when none is scored.</summary>
    public static List<int> Filter(IReadOnlyList<int> front, IReadOnlyDictionary<int, double> scores, double quantile)
    {
        ArgumentNullException.ThrowIfNull(front);
        ArgumentNullException.ThrowIfNull(scores);
        var scored = front.Where(scores.ContainsKey).Select(id => scores[id]).Order().ToList();
        if (scored.Count == 0) return [.. front];
        var threshold = Statistics.Quantile(scored, quantile);
        // The highest score always passes, so rounding in the quantile cannot empty the front.
        threshold = Math.Min(threshold, scored[^1]);
        return [.. front.Where(id => scores.TryGetValue(id, out var v) && v >= threshold)];
    }

    private static Dictionary<int, double> Zip(List<PointOutcome> designs, double[] values) =>
        designs.Select((p, i) => (p.Id, values[i])).ToDictionary(x => x.Id, x => x.Item2);

    private double[] Folds(PointOutcome p, Func<LayerOutcome, double> cost)
    {
        var folds = new double[_foldRepeats[0].Length];
        for (var l = 0; l < p.Layers.Count; l++)
        {
            for (var f = 0; f < folds.Length; f++) folds[f] += cost(p.Layers[l]) * _foldRepeats[l][f];
        }
        return folds;
    }

    // The perturbation measure: the designs mapped onto the training layers with perturbed
    // shapes (scaled up, scaled down); score = minus the mean degradation from the training
    // networks to those.
    private Dictionary<int, double> PerturbationScores(List<PointOutcome> designs, CancellationToken cancellationToken)
    {
        var kept = new List<PointOutcome>();
        var perturbed = _perturbed.Select(_ => new List<double>()).ToArray();
        foreach (var p in designs)
        {
            var hardware = _space.Build(_space.Decode(p.Vector));
            var costs = new List<WorkloadCost>();
            for (var v = 0; v < _perturbed.Length; v++)
            {
                var mapper = _config.Mapper with { Seed = Prng.Derive(_config.Seed, 0x9E27UL + (ulong)p.Id * 2 + (ulong)v) };
                var search = new WorkloadMappingSearch(_perturbed[v], hardware.Architecture, hardware.ConstraintsFor, hardware.ContainerLevels, mapper);
                search.RunTo(PerturbationBudget, _config.EffectiveThreads, cancellationToken);
                Evaluations += search.TotalEvaluations;
                costs.Add(search.Cost());
            }
            if (!costs.All(c => c.Complete)) continue;
            kept.Add(p);
            for (var v = 0; v < costs.Count; v++) perturbed[v].Add(Math.Log(costs[v].Cycles) + Math.Log(costs[v].EnergyPj));
        }
        var training = kept.Select(p => Math.Log(p.LatencyCycles) + Math.Log(p.EnergyPj)).ToList();
        var degradations = perturbed.Select(other => Robustness.Degradation(training, other)).ToList();
        return Zip(kept, [.. Enumerable.Range(0, kept.Count).Select(i => -degradations.Average(d => d[i]))]);
    }

    /// <summary>
    /// Per distinct layer, its repeats in each fold: the training networks when there are several
    /// (layer names carry the network), else <see cref="LayerFolds"/> groups of layers by index.
    /// </summary>
    internal static double[][] FoldRepeats(Workload training, IReadOnlyList<string> networks)
    {
        var distinct = training.DistinctLayers();
        if (networks.Count < 2)
        {
            var folds = Math.Min(LayerFolds, distinct.Length);
            return [.. distinct.Select((d, i) => Enumerable.Range(0, folds).Select(f => f == i % folds ? (double)d.Repeat : 0).ToArray())];
        }
        var names = training.Layers.ToDictionary(l => l.Name, l => l.Repeat, StringComparer.Ordinal);
        var prefixes = networks.Select(WorkloadName).ToList();
        return [.. distinct.Select(d =>
        {
            var repeats = new double[prefixes.Count];
            foreach (var name in d.LayerNames)
            {
                var fold = prefixes.FindIndex(n => name.StartsWith(n + "/", StringComparison.Ordinal));
                if (fold >= 0) repeats[fold] += names[name];
            }
            return repeats;
        })];
    }

    private static string WorkloadName(string nameOrPath)
    {
        try
        {
            return WorkloadCatalog.Resolve(nameOrPath).Name;
        }
        catch (UnicoInputException)
        {
            return nameOrPath;
        }
    }

    /// <summary>
    /// The training layers with perturbed shapes: in every distinct layer the two largest loop
    /// bounds are multiplied by <paramref name="factor"/> (rounded, at least 1), as a layer of a
    /// wider or narrower network would be. The measure uses 2 and 1/2; on the benchmark matrix
    /// either alone predicted held-out degradation about as well, and their mean better (docs/method.md section 5).
    /// </summary>
    internal static Workload Perturbed(Workload training, double factor)
    {
        var layers = training.DistinctLayers().Select((d, i) =>
        {
            var bounds = d.Problem.Bounds.ToArray();
            var order = Enumerable.Range(0, bounds.Length).OrderByDescending(k => bounds[k]).ThenBy(k => k).Take(2);
            foreach (var k in order) bounds[k] = Math.Max(1, (int)Math.Round(bounds[k] * factor, MidpointRounding.AwayFromZero));
            var problem = d.Problem with { Bounds = [.. bounds] };
            return new Layer($"perturbed-{i}", d.Kind, problem, d.Repeat);
        }).ToImmutableArray();
        return new Workload($"{training.Name} (x{factor})", "training layers with perturbed shapes", "", layers);
    }
}
