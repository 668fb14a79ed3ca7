using System.Collections.Immutable;
using System.Diagnostics;
using Unico.Engine.Hardware;
using Unico.Engine.Optimization;
using Unico.Engine.Workloads;

namespace Unico.Engine.CoSearch;

/// <summary>Receives a co-search's progress events, in order, from the thread running the search.</summary>
public interface ICoSearchEventSink
{
    /// <summary>Handles one event.</summary>
    void Publish(CoSearchEvent e);
}

/// <summary>
/// One co-search run (docs/method.md sections 3-7): proposes hardware points with the configured
/// algorithm, spends mapping budget on them (successive halving for unico, the full budget for
/// the baselines), scores robustness, keeps the Pareto front and its hypervolume, and tests the
/// final designs on held-out networks. Progress is a stream of <see cref="CoSearchEvent"/>s; with a
/// directory, a checkpoint is written after every batch so that a run whose process died resumes
/// where it was, losing only the batch in flight. Cancellation stops within a fraction of a second
/// and leaves a consistent result of the completed batches.
/// </summary>
public sealed class CoSearchRun
{
    private const string CheckpointFile = "checkpoint.json";

    private readonly CoSearchConfig _config;
    private readonly ICoSearchEventSink? _sink;
    private readonly string? _directory;
    private readonly DesignSpace _space;
    private readonly Workload _training;
    private readonly ImmutableArray<Workload> _heldOut;
    private readonly SearchSpace _searchSpace;
    private readonly OptimizerBase _optimizer;
    private readonly List<PointOutcome> _points = [];
    private readonly List<HypervolumePoint> _history = [];
    private readonly Stopwatch _clock = new();
    private ObjectiveBounds? _bounds;
    private long _evaluations;
    private long _sequence;
    private double _secondsBefore;
    private int _nextBatch;
    private int _nextId;
    private bool _resumed;
    private bool _cut;

    private CoSearchRun(CoSearchConfig config, ICoSearchEventSink? sink, string? directory, DesignSpace space,
        Workload training, ImmutableArray<Workload> heldOut)
    {
        _config = config;
        _sink = sink;
        _directory = directory;
        _space = space;
        _training = training;
        _heldOut = heldOut;
        _searchSpace = new SearchSpace(space.SearchDimensions.Select(d => d.Kind == SearchKind.Categorical
            ? Parameter.Categorical(d.Name, d.Choices)
            : Parameter.Integer(d.Name, (long)d.Lower, (long)d.Upper)));
        _optimizer = CreateOptimizer(config, _searchSpace, ObjectiveCount);
    }

    /// <summary>The run's config.</summary>
    public CoSearchConfig Config => _config;

    /// <summary>Distinct layers of the training workloads (each searched once per hardware point).</summary>
    public int DistinctLayers => _training.DistinctLayers().Length;

    /// <summary>Distinct layers of the held-out workloads (each tested once per point of the final front); 0 without any.</summary>
    public int HeldOutDistinctLayers => _heldOut.Sum(w => w.DistinctLayers().Length);

    private int ObjectiveCount => _config.Objectives.Count + (_config.Settings.Robustness == RobustnessUse.Objective ? 1 : 0);

    private double Seconds => _secondsBefore + _clock.Elapsed.TotalSeconds;

    /// <summary>
    /// Prepares a run: resolves the design space and workloads and checks the budget. Throws
    /// <see cref="UnicoInputException"/> naming the config field at fault.
    /// </summary>
    /// <param name="config">The run.</param>
    /// <param name="sink">Where progress events go.</param>
    /// <param name="directory">Where the checkpoint lives; a run started with a directory holding a
    /// checkpoint of the same config resumes from it.</param>
    public static CoSearchRun Create(CoSearchConfig config, ICoSearchEventSink? sink = null, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var space = Resolve(() => DesignSpace.Resolve(config.Space), "space");
        var trainingList = config.TrainingWorkloads.Select(w => Resolve(() => WorkloadCatalog.Resolve(w), "workloads.training")).ToList();
        var heldOut = config.HeldOutWorkloads.Select(w => Resolve(() => WorkloadCatalog.Resolve(w), "workloads.held_out")).ToImmutableArray();
        // Merged workloads name their layers after the network: the same network twice is refused now, not after the search.
        RefuseDuplicates(trainingList, "workloads.training");
        RefuseDuplicates(heldOut, "workloads.held_out");
        var training = Merge(trainingList, "training");
        if (space.SearchDimensions.IsEmpty)
            throw new UnicoInputException($"design space '{space.Name}' has no free parameter to search", field: "space");
        var s = config.Settings;
        if (config.Settings.InitialBudget > config.Settings.FullBudget)
            throw new UnicoInputException($"b0 ({s.InitialBudget}) exceeds the full budget ({s.FullBudget})", field: "settings.b0");
        var layers = training.DistinctLayers().Length;
        var firstBatch = Math.Min(s.InitialPoints, Math.Max(1, config.EffectiveBatchSize));
        var oneRung = (long)firstBatch * layers * (config.UsesSuccessiveHalving ? s.InitialBudget : s.FullBudget);
        if (config.Budget.MappingEvaluations is { } budget && budget < oneRung)
            throw new UnicoInputException(
                $"{budget} mapping evaluations are below one rung: {firstBatch} points x {layers} distinct layers x {(config.UsesSuccessiveHalving ? s.InitialBudget : s.FullBudget)} evaluations = {oneRung}",
                field: "budget.mapping_evaluations");
        return new CoSearchRun(config, sink, directory, space, training, heldOut);
    }

    /// <summary>
    /// Runs (or resumes) the co-search until its budget is spent, it is cancelled, or it fails.
    /// The budget holds inside a batch too: a rung that would spend more mapping evaluations than
    /// are left is cut to what is left (its points are reported at low fidelity), and the time
    /// budget stops the batch in flight, as a cancellation does, leaving the completed batches.
    /// </summary>
    public CoSearchResult Run(CancellationToken cancellationToken = default)
    {
        TryResume();
        _clock.Start();
        Publish((seq, t, e) => new RunStarted(seq, t, e, _config.Algorithm.ToString().ToLowerInvariant(),
            [.. _config.Objectives.Select(o => o.ToString().ToLowerInvariant())], _resumed));
        using var deadline = Deadline();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (!BudgetSpent())
            {
                var q = _nextBatch == 0 ? _config.Settings.InitialPoints : _config.EffectiveBatchSize;
                try
                {
                    EvaluateBatch(_nextBatch, _optimizer.Suggest(q), linked.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    break; // the time budget is spent; the batch in flight is dropped
                }
                _nextBatch++;
                SaveCheckpoint();
            }
            var generalization = _heldOut.IsEmpty ? null : TestOnHeldOut(cancellationToken);
            var result = Result("succeeded", generalization);
            Publish((seq, t, e) => new RunFinished(seq, t, e, _points.Count, result.FinalHypervolume));
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Publish((seq, t, e) => new RunCancelled(seq, t, e));
            return Result("cancelled", null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Publish((seq, t, e) => new RunFailed(seq, t, e, ex.Message));
            return Result("failed", null, ex.Message);
        }
        finally
        {
            _clock.Stop();
        }
    }

    // Fires when the time budget runs out (none when it is unset or beyond what a timer can wait).
    private CancellationTokenSource Deadline()
    {
        var deadline = new CancellationTokenSource();
        if (_config.Budget.Seconds is { } seconds && seconds - Seconds is var left && left < int.MaxValue / 1000.0)
            deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, left)));
        return deadline;
    }

    private long EvaluationsLeft => _config.Budget.MappingEvaluations is { } total ? Math.Max(0, total - _evaluations) : long.MaxValue;

    private bool BudgetSpent()
    {
        var b = _config.Budget;
        if (_cut) return true; // a rung was cut to the mapping evaluations left: they are spent
        if (b.MappingEvaluations is { } evaluations && _evaluations >= evaluations) return true;
        if (b.Seconds is { } seconds && Seconds >= seconds) return true;
        return b.Iterations is { } iterations && _nextBatch > iterations;
    }

    // ---- One batch -----------------------------------------------------------------------------

    private void EvaluateBatch(int batch, IReadOnlyList<double[]> vectors, CancellationToken cancellationToken)
    {
        var points = new List<HardwarePoint>();
        foreach (var vector in vectors)
        {
            var design = _space.Decode(vector);
            var point = new HardwarePoint(_nextId++, batch, vector, design, _space, _training, _config);
            points.Add(point);
            Publish((seq, t, e) => new HardwarePointProposed(seq, t, e, point.Id, batch,
                design.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString())));
        }
        foreach (var p in points.Where(p => !p.CanEvaluate)) Finalize(p, highFidelity: false);
        var active = points.Where(p => p.CanEvaluate).ToList();
        var s = _config.Settings;
        if (!_config.UsesSuccessiveHalving)
        {
            Publish((seq, t, e) => new RungStarted(seq, t, e, batch, 0, s.FullBudget, [.. active.Select(p => p.Id)]));
            var complete = RunRung(active, s.FullBudget, cancellationToken);
            FixBounds(active);
            Publish((seq, t, e) => new RungFinished(seq, t, e, batch, 0, s.FullBudget, [], [], [.. active.Select(p => p.Id)]));
            foreach (var p in active) Finalize(p, highFidelity: complete);
            return;
        }

        var budget = s.InitialBudget;
        for (var rung = 0; active.Count > 0; rung++)
        {
            var rungIndex = rung;
            var rungBudget = budget;
            Publish((seq, t, e) => new RungStarted(seq, t, e, batch, rungIndex, rungBudget, [.. active.Select(p => p.Id)]));
            var complete = RunRung(active, budget, cancellationToken);
            FixBounds(active);

            if (budget >= s.FullBudget || !complete)
            {
                // The last rung, or the one the mapping budget cut short: its points are final as measured.
                Publish((seq, t, e) => new RungFinished(seq, t, e, batch, rungIndex, rungBudget, [], [], [.. active.Select(p => p.Id)]));
                foreach (var p in active) Finalize(p, highFidelity: complete);
                break;
            }
            var promoted = s.AdaptivePromotion ? active.Where(p => p.Search!.HasPlateaued(s.PlateauWindow, s.PlateauEpsilon)).ToList() : [];
            var rest = active.Except(promoted).ToList();
            var ranked = Rank(rest);
            var keep = SuccessiveHalving.Survivors(rest.Count, s.Eta);
            var survivors = ranked.Take(keep).ToList();
            var eliminated = ranked.Skip(keep).ToList();
            Publish((seq, t, e) => new RungFinished(seq, t, e, batch, rungIndex, rungBudget,
                [.. survivors.Select(p => p.Id)], [.. eliminated.Select(p => p.Id)], [.. promoted.Select(p => p.Id)]));
            foreach (var p in promoted) Finalize(p, highFidelity: true);
            foreach (var p in eliminated) Finalize(p, highFidelity: false);
            active = survivors;
            budget = Math.Min(s.FullBudget, budget * s.Eta);
        }
    }

    // The run's hypervolume scale is fixed by the first points measured (the initial design's first rung).
    private void FixBounds(List<HardwarePoint> measured)
    {
        if (_bounds is not null) return;
        var complete = measured.Select(Measure).Where(m => m.Complete).Select(m => m.Pure).ToList();
        if (complete.Count > 0) _bounds = ObjectiveBounds.Spanning(complete);
    }

    // Every (point, layer) search of a rung runs concurrently. When the rung needs more evaluations
    // than the budget has left, every search gets an equal share of what is left (the cut is the same
    // on every run of the config) and false is returned: the points did not reach the rung's budget.
    private bool RunRung(List<HardwarePoint> points, long budget, CancellationToken cancellationToken)
    {
        var work = points.SelectMany(p => p.Search!.Layers).Where(l => l.Search.Evaluations < budget).ToList();
        var before = work.Sum(l => l.Search.Evaluations);
        var needed = work.Sum(l => budget - l.Search.Evaluations);
        var share = needed <= EvaluationsLeft ? long.MaxValue : EvaluationsLeft / Math.Max(1, work.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _config.Threads ?? -1, CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(work, options, l => l.Search.Run(Math.Min(share, budget - l.Search.Evaluations), cancellationToken));
            _cut = share != long.MaxValue;
            return !_cut;
        }
        finally
        {
            _evaluations += work.Sum(l => l.Search.Evaluations) - before;
        }
    }

    // Successive halving's ranking of a rung (see SuccessiveHalving.Rank).
    private List<HardwarePoint> Rank(List<HardwarePoint> points)
    {
        var bounds = _bounds!;
        var scaled = points.Select(p => Measure(p) is { Complete: true } m ? bounds.Scale(m.Pure) : Enumerable.Repeat(1e6, bounds.Lower.Length).ToArray()).ToList();
        var order = SuccessiveHalving.Rank(scaled, [.. FrontVectors().Select(bounds.Scale)], _config.Settings.Ranking);
        return [.. order.Select(i => points[i])];
    }

    // ---- Scoring -------------------------------------------------------------------------------

    private readonly record struct Measurement(double Latency, double Energy, double Area, bool Complete, double[] Pure);

    private Measurement Measure(HardwarePoint p)
    {
        if (p.Search is null) return new Measurement(0, 0, 0, false, []);
        var cost = p.Search.Cost();
        var area = p.Hardware!.AreaMm2;
        var pure = _config.Objectives.Select(o => o switch
        {
            CoSearchObjective.Latency => Math.Log(Math.Max(cost.Cycles, 1)),
            CoSearchObjective.Energy => Math.Log(Math.Max(cost.EnergyPj, 1e-12)),
            _ => Math.Log(Math.Max(area, 1e-12)),
        }).ToArray();
        return new Measurement(cost.Cycles, cost.EnergyPj, area, cost.Complete, pure);
    }

    private void Finalize(HardwarePoint p, bool highFidelity)
    {
        var m = Measure(p);
        var feasible = p.CanEvaluate && m.Complete;
        var reason = p.InfeasibleReason ?? (m.Complete ? null
            : p.Evaluations == 0 ? "not measured: the mapping budget ran out first" : "a layer has no valid mapping on this hardware");
        if (feasible && _config.Caps.PowerW is { } cap)
        {
            var watts = m.Energy * 1e-12 / (m.Latency / (_config.ClockGhz * 1e9));
            if (watts > cap)
            {
                feasible = false;
                reason = $"average power {watts:F3} W exceeds the cap of {cap} W";
            }
        }
        double? robustness = null, sensitivity = null;
        if (feasible && highFidelity)
        {
            (var r, var sens) = p.Robustness(_config.Settings.InitialBudget);
            robustness = r;
            sensitivity = sens;
        }

        var observed = feasible ? Observed(m.Pure, robustness) : Penalized();
        var outcome = new PointOutcome(p.Id, p.Batch, p.Design.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()), p.Vector,
            m.Latency, m.Energy, m.Area, feasible ? m.Pure : observed, highFidelity && feasible, p.PerLayerBudget, feasible, reason,
            robustness, sensitivity, p.Evaluations, p.LayerOutcomes());
        _points.Add(outcome);
        _optimizer.Observe(p.Vector, observed, highFidelity && feasible);

        Publish((seq, t, e) => new HardwarePointEvaluated(seq, t, e, p.Id, outcome.Objectives, m.Latency, m.Energy, m.Area,
            outcome.HighFidelity, p.PerLayerBudget, feasible));
        if (robustness is { } rb) Publish((seq, t, e) => new RobustnessComputed(seq, t, e, p.Id, rb, sensitivity!.Value));
        RecordFront(feasible);
    }

    // What the hardware search sees: the objectives, plus robustness as the configured use asks.
    private double[] Observed(double[] pure, double? robustness)
    {
        var s = _config.Settings;
        var r = robustness ?? MedianRobustness();
        var observed = pure.ToList();
        if (s.Robustness == RobustnessUse.Penalty)
        {
            for (var j = 0; j < _config.Objectives.Count; j++)
            {
                if (_config.Objectives[j] != CoSearchObjective.Area) observed[j] += s.RobustnessPenalty * (1 - r);
            }
        }
        if (s.Robustness == RobustnessUse.Objective) observed.Add(1 - r);
        return [.. observed];
    }

    private double MedianRobustness()
    {
        var values = _points.Where(p => p.Robustness is not null).Select(p => p.Robustness!.Value).Order().ToList();
        return values.Count == 0 ? 0.5 : values[values.Count / 2];
    }

    // An infeasible point is observed as worse than everything feasible so far, so the search
    // learns to avoid it without distorting the models much (it is flagged low-fidelity).
    private double[] Penalized()
    {
        var feasible = _points.Where(p => p.Feasible).Select(p => Observed(p.Objectives, p.Robustness)).ToList();
        var m = ObjectiveCount;
        if (feasible.Count == 0) return [.. Enumerable.Repeat(60.0, m)];
        return [.. Enumerable.Range(0, m).Select(j => feasible.Max(v => v[j]) + 1)];
    }

    private IEnumerable<double[]> FrontVectors()
    {
        var feasible = _points.Where(p => p.Feasible).ToList();
        if (feasible.Count == 0) return [];
        var vectors = feasible.Select(p => p.Objectives).ToList();
        return ParetoFront.NonDominatedIndices(vectors).Select(i => vectors[i]);
    }

    private void RecordFront(bool changedPossible)
    {
        var hv = _bounds is null ? 0 : _bounds.Hypervolume(_points.Where(p => p.Feasible).Select(p => p.Objectives));
        var previous = _history.Count == 0 ? 0 : _history[^1].Hypervolume;
        _history.Add(new HypervolumePoint(_evaluations, Seconds, hv, _points.Count));
        if (changedPossible && hv != previous)
            Publish((seq, t, e) => new FrontChanged(seq, t, e, FrontIds(robust: false), hv));
    }

    private List<int> FrontIds(bool robust)
    {
        var s = _config.Settings;
        var candidates = _points.Where(p => p.Feasible && (!robust || s.Robustness != RobustnessUse.Filter || p.Robustness >= s.RobustnessThreshold)).ToList();
        if (candidates.Count == 0) return [];
        var vectors = candidates.Select(p => p.Objectives).ToList();
        return [.. ParetoFront.NonDominatedIndices(vectors).Select(i => candidates[i].Id).Order()];
    }

    // ---- Held-out networks (docs/method.md section 5) ------------------------------------------------

    private GeneralizationReport TestOnHeldOut(CancellationToken cancellationToken)
    {
        var heldOut = Merge([.. _heldOut], "held-out");
        var byId = _points.ToDictionary(p => p.Id);
        var front = FrontIds(robust: false).Select(id => byId[id]).ToList();
        var tested = new List<(PointOutcome Point, double Latency, double Energy)>();
        foreach (var p in front)
        {
            var hardware = _space.Build(_space.Decode(p.Vector));
            var mapper = _config.Mapper with { Seed = Prng.Derive(_config.Seed, 0x4E1D0UL + (ulong)p.Id) };
            var search = new Mapping.WorkloadMappingSearch(heldOut, hardware.Architecture, hardware.ConstraintsFor, hardware.ContainerLevels, mapper);
            search.RunTo(_config.Settings.FullBudget, _config.Threads ?? -1, cancellationToken);
            var cost = search.Cost();
            if (cost.Complete) tested.Add((p, cost.Cycles, cost.EnergyPj));
        }
        if (tested.Count == 0) return new GeneralizationReport([.. _heldOut.Select(w => w.Name)], [], null, 0, 0);

        var trainingScore = tested.Select(t => Math.Log(t.Point.LatencyCycles) + Math.Log(t.Point.EnergyPj)).ToList();
        var heldOutScore = tested.Select(t => Math.Log(t.Latency) + Math.Log(t.Energy)).ToList();
        var designs = tested.Select((t, i) => new HeldOutOutcome(t.Point.Id, t.Point.Robustness, t.Point.LatencyCycles, t.Point.EnergyPj, t.Latency, t.Energy,
            (heldOutScore[i] - heldOutScore.Min()) - (trainingScore[i] - trainingScore.Min()))).ToList();

        var withRobustness = designs.Where(d => d.Robustness is not null).ToList();
        double? correlation = withRobustness.Count >= 3
            ? Statistics.Spearman([.. withRobustness.Select(d => d.Robustness!.Value)], [.. withRobustness.Select(d => d.Degradation)])
            : null;

        double[] Vector(HeldOutOutcome d) => [.. _config.Objectives.Select(o => o switch
        {
            CoSearchObjective.Latency => Math.Log(d.HeldOutLatencyCycles),
            CoSearchObjective.Energy => Math.Log(d.HeldOutEnergyPj),
            _ => Math.Log(byId[d.PointId].AreaMm2),
        })];
        var bounds = ObjectiveBounds.Spanning([.. designs.Select(Vector)]);
        var threshold = _config.Settings.RobustnessThreshold;
        var robust = designs.Where(d => d.Robustness >= threshold).ToList();
        return new GeneralizationReport([.. _heldOut.Select(w => w.Name)], designs, correlation,
            bounds.Hypervolume(designs.Select(Vector)), bounds.Hypervolume(robust.Select(Vector)));
    }

    // ---- Plumbing ------------------------------------------------------------------------------

    private CoSearchResult Result(string status, GeneralizationReport? generalization, string? error = null) =>
        new(_config, status, [.. _points], FrontIds(robust: false), FrontIds(robust: true), [.. _history], _evaluations, Seconds, _bounds, generalization, error);

    private void Publish(Func<long, double, long, CoSearchEvent> create)
    {
        var e = create(_sequence++, Seconds, _evaluations);
        _sink?.Publish(e);
    }

    private static OptimizerBase CreateOptimizer(CoSearchConfig config, SearchSpace space, int objectives)
    {
        var s = config.Settings;
        var options = new OptimizerOptions
        {
            Seed = config.Seed,
            InitialDesignSize = s.InitialPoints,
            ModelHighFidelityOnly = s.Surrogate == SurrogateFidelity.HighFidelityOnly,
            PopulationSize = Math.Max(s.BatchSize, s.InitialPoints),
        };
        var algorithm = config.Algorithm switch
        {
            CoSearchAlgorithm.Random => OptimizerAlgorithm.Random,
            CoSearchAlgorithm.Nsga2 => OptimizerAlgorithm.Nsga2,
            _ => s.Acquisition == "qparego" ? OptimizerAlgorithm.QParEgo : OptimizerAlgorithm.QNehvi,
        };
        return OptimizerFactory.Create(algorithm, space, objectives, options);
    }

    private static T Resolve<T>(Func<T> resolve, string field)
    {
        try
        {
            return resolve();
        }
        catch (UnicoInputException e) when (e.Field is null || e.File is null)
        {
            throw new UnicoInputException(e.Detail, e.File, e.Line, field);
        }
    }

    private static void RefuseDuplicates(IReadOnlyList<Workload> workloads, string field)
    {
        for (var i = 0; i < workloads.Count; i++)
        {
            var first = workloads.Take(i).ToList().FindIndex(w => string.Equals(w.Name, workloads[i].Name, StringComparison.OrdinalIgnoreCase));
            if (first >= 0) throw new UnicoInputException($"'{workloads[i].Name}' is listed twice (also at [{first}])", field: $"{field}[{i}]");
        }
    }

    // Several networks searched together: one workload whose layer names carry the network.
    private static Workload Merge(List<Workload> workloads, string role)
    {
        if (workloads.Count == 1) return workloads[0];
        var layers = workloads.SelectMany(w => w.Layers.Select(l => l.WithName($"{w.Name}/{l.Name}"))).ToImmutableArray();
        return new Workload(string.Join(" + ", workloads.Select(w => w.Name)), $"{role} networks searched together", "", layers);
    }

    // ---- Checkpoints ---------------------------------------------------------------------------

    private void SaveCheckpoint()
    {
        if (_directory is null) return;
        Directory.CreateDirectory(_directory);
        var checkpoint = new CoSearchCheckpoint(CoSearchConfigJson.Write(_config), _nextBatch, _nextId, _sequence, Seconds, _evaluations,
            [.. _points], [.. _optimizer.Observations], _optimizer.Checkpoint(), _bounds, [.. _history]);
        checkpoint.Save(Path.Combine(_directory, CheckpointFile));
    }

    private void TryResume()
    {
        if (_directory is null || _resumed || _points.Count > 0) return;
        var path = Path.Combine(_directory, CheckpointFile);
        if (!File.Exists(path)) return;
        var checkpoint = CoSearchCheckpoint.Load(path);
        if (checkpoint.Config != CoSearchConfigJson.Write(_config))
            throw new UnicoInputException("the directory holds a checkpoint of a different run config; use another directory or remove it", path);
        _nextBatch = checkpoint.NextBatch;
        _nextId = checkpoint.NextPointId;
        _sequence = checkpoint.NextSequence;
        _secondsBefore = checkpoint.Seconds;
        _evaluations = checkpoint.MappingEvaluations;
        _points.AddRange(checkpoint.Points);
        _history.AddRange(checkpoint.History);
        _bounds = checkpoint.Bounds;
        _optimizer.Restore(checkpoint.Optimizer, checkpoint.Observations);
        _resumed = true;
    }
}
