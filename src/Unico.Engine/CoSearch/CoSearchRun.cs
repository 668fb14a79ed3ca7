using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
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
/// checkpoint store, a checkpoint is written after batches (see <see cref="CheckpointSpacing"/>) so
/// that a run whose process died resumes where it was, losing only the batches since. Cancellation stops within a fraction of a second
/// and leaves a consistent result of the completed batches.
/// </summary>
public sealed class CoSearchRun
{
    private readonly CoSearchConfig _config;
    private readonly ICoSearchEventSink? _sink;
    private readonly ICheckpointStore? _checkpoints;
    private readonly DesignSpace _space;
    private readonly Workload _training;
    private readonly ImmutableArray<Workload> _heldOut;
    private readonly HalvingPlan _plan;
    private readonly IRungExecutor? _executor;
    private readonly FrontRobustness _robustness;
    private readonly long _robustnessBudget;
    private readonly ConcurrentDictionary<string, bool> _feasibility = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PointOutcome> _byVector = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<long, double[]> _gaps = new Dictionary<long, double[]>();
    private int _gapsFrom = -1;
    private List<int>? _robustFront;
    private Dictionary<RobustnessMeasure, Dictionary<int, double>>? _frontScores;
    private readonly SearchSpace _searchSpace;
    private readonly OptimizerBase _optimizer;
    private readonly List<PointOutcome> _points = [];
    private readonly List<MappingDonor> _donors = [];
    private readonly List<HypervolumePoint> _history = [];
    private readonly Stopwatch _clock = new();
    private ObjectiveBounds? _bounds;
    private long _evaluations;
    private long _sequence;
    private double _secondsBefore;
    private double _proposingSeconds;
    private double _lastSaveAt = double.NegativeInfinity;
    private double _lastSaveCost;
    private int _nextBatch;
    private int _nextId;
    private bool _resumed;
    private bool _cut;

    private CoSearchRun(CoSearchConfig config, ICoSearchEventSink? sink, ICheckpointStore? checkpoints, DesignSpace space,
        Workload training, ImmutableArray<Workload> heldOut, HalvingPlan plan, IRungExecutor? executor)
    {
        _config = config;
        _executor = executor;
        _plan = plan;
        _sink = sink;
        _checkpoints = checkpoints;
        _space = space;
        _training = training;
        _heldOut = heldOut;
        _searchSpace = new SearchSpace(space.SearchDimensions.Select(d => d.Kind == SearchKind.Categorical
            ? Parameter.Categorical(d.Name, d.Choices)
            : Parameter.Integer(d.Name, (long)d.Lower, (long)d.Upper)));
        _optimizer = CreateOptimizer(config, _searchSpace, ObjectiveCount, KnownFeasible, LowFidelityEstimate);
        _robustnessBudget = HalvingPlanOf(config, training.DistinctLayers().Length).InitialBudget;
        _robustness = new FrontRobustness(config, space, training);
    }

    /// <summary>Most observations a bounded optimizer fits its surrogates on.</summary>
    public const int ModelPoints = 48;

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
    /// <param name="checkpoints">Where the checkpoint lives (e.g. <see cref="CheckpointFile"/>); a run
    /// whose store holds a checkpoint of the same config resumes from it. Null: no checkpoints.</param>
    /// <param name="executor">Where the rungs' mapping searches run; null runs them on this
    /// process's threads. The result is the same either way.</param>
    public static CoSearchRun Create(CoSearchConfig config, ICoSearchEventSink? sink = null, ICheckpointStore? checkpoints = null, IRungExecutor? executor = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (space, training) = ResolveTraining(config);
        var heldOut = config.HeldOutWorkloads.Select(w => Resolve(() => WorkloadCatalog.Resolve(w), "workloads.held_out")).ToImmutableArray();
        RefuseDuplicates(heldOut, "workloads.held_out");
        if (space.SearchDimensions.IsEmpty)
            throw new UnicoInputException($"design space '{space.Name}' has no free parameter to search", field: "space");
        var s = config.Settings;
        var layers = training.DistinctLayers().Length;
        if (config.UsesSuccessiveHalving && s.Schedule == HalvingSchedule.Fixed && s.InitialBudget > s.FullBudget)
            throw new UnicoInputException($"b0 ({s.InitialBudget}) exceeds the full budget ({s.FullBudget})", field: "settings.b0");
        var plan = Plan(config, layers);
        var firstBatch = Math.Min(s.InitialPoints, Math.Max(1, config.EffectiveBatchSize));
        var oneRung = (long)firstBatch * layers * plan.InitialBudget;
        if (config.Budget.MappingEvaluations is { } budget && budget < oneRung)
            throw new UnicoInputException(
                $"{budget} mapping evaluations are below one rung: {firstBatch} points x {layers} distinct layers x {plan.InitialBudget} evaluations = {oneRung}",
                field: "budget.mapping_evaluations");
        return new CoSearchRun(config, sink, checkpoints, space, training, heldOut, plan, executor);
    }

    /// <summary>The config's design space and training workloads merged into one; errors name the config field.</summary>
    internal static (DesignSpace Space, Workload Training) ResolveTraining(CoSearchConfig config)
    {
        var space = Resolve(() => DesignSpace.Resolve(config.Space), "space");
        var trainingList = config.TrainingWorkloads.Select(w => Resolve(() => WorkloadCatalog.Resolve(w), "workloads.training")).ToList();
        // Merged workloads name their layers after the network: the same network twice is refused now, not after the search.
        RefuseDuplicates(trainingList, "workloads.training");
        return (space, Workload.Combine(trainingList, "training"));
    }

    /// <summary>The rungs every batch of this run goes through (one rung at B for the baselines).</summary>
    public HalvingPlan Schedule => _plan;

    private static HalvingPlan Plan(CoSearchConfig config, int layers) =>
        config.UsesSuccessiveHalving ? HalvingPlanOf(config, layers) : new HalvingPlan([config.Settings.FullBudget], config.Settings.Eta, Derived: false);

    // The settings' successive halving, whether or not the algorithm uses it: its b0 is also the
    // early budget of the robustness measures, so every algorithm's designs are scored alike.
    private static HalvingPlan HalvingPlanOf(CoSearchConfig config, int layers)
    {
        var s = config.Settings;
        return s.Schedule == HalvingSchedule.Derived
            ? SuccessiveHalving.Derive(config.Budget.MappingEvaluations, layers, s.BatchSize, s.FullBudget)
            : SuccessiveHalving.Fixed(s.InitialBudget, s.Eta, s.FullBudget);
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
        Publish((seq, t, e) => new RunStarted(seq, t, e, _config.Algorithm, _config.Objectives, _resumed));
        using var deadline = Deadline();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (!BudgetSpent())
            {
                var q = _nextBatch == 0 ? _config.Settings.InitialPoints : _config.EffectiveBatchSize;
                try
                {
                    EvaluateBatch(_nextBatch, Propose(q), linked.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    break; // the time budget is spent; the batch in flight is dropped
                }
                _nextBatch++;
                SaveCheckpoint(always: BudgetSpent());
            }
            FinishRobustness(cancellationToken);
            var generalization = _heldOut.IsEmpty ? null : TestOnHeldOut(cancellationToken);
            var result = Result(RunOutcome.Succeeded, generalization);
            Publish((seq, t, e) => new RunFinished(seq, t, e, _points.Count, result.FinalHypervolume));
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Publish((seq, t, e) => new RunCancelled(seq, t, e));
            return Result(RunOutcome.Cancelled, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Publish((seq, t, e) => new RunFailed(seq, t, e, ex.Message));
            return Result(RunOutcome.Failed, null, ex.Message);
        }
        finally
        {
            _clock.Stop();
        }
    }

    // The optimizer's time is measured apart from the mapping searches': it is the cost the
    // method must keep small (docs/method.md section 4).
    private IReadOnlyList<double[]> Propose(int q)
    {
        var started = _clock.Elapsed;
        var proposed = _optimizer.Suggest(q);
        _proposingSeconds += (_clock.Elapsed - started).TotalSeconds;
        return proposed;
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
            Publish((seq, t, e) => new HardwarePointProposed(seq, t, e, point.Id, batch, design.Values, [.. vector]));
        }
        foreach (var p in points.Where(p => !p.CanEvaluate)) Finalize(p, highFidelity: false);
        var active = points.Where(p => p.CanEvaluate).ToList();
        if (_config.UsesWarmStart) WarmStart(active);
        // The baselines' plan is one rung at the full budget.
        var budgets = _plan.Budgets;
        for (var rung = 0; active.Count > 0; rung++)
        {
            var rungIndex = rung;
            var budget = budgets[rung];
            Publish((seq, t, e) => new RungStarted(seq, t, e, batch, rungIndex, budget, [.. active.Select(p => p.Id)]));
            var complete = RunRung(active, rungIndex, budget, cancellationToken);
            FixBounds(active);
            if (complete) foreach (var p in active) Record(p, budget); // a cut rung's values are not at this budget

            if (rung == budgets.Count - 1 || !complete)
            {
                // The last rung, or the one the mapping budget cut short: its points are final as measured.
                // Points of a cut rung end at low fidelity, as eliminated ones do.
                var final = active.Select(p => p.Id).ToList();
                Publish((seq, t, e) => new RungFinished(seq, t, e, batch, rungIndex, budget, [], complete ? [] : [.. final], complete ? [.. final] : []));
                foreach (var p in active) Finalize(p, highFidelity: complete);
                break;
            }
            var promoted = Promote(active, rung);
            var rest = active.Except(promoted).ToList();
            var ranked = Rank(rest);
            var keep = SuccessiveHalving.Survivors(rest.Count, _plan.Eta);
            var survivors = ranked.Take(keep).ToList();
            var eliminated = ranked.Skip(keep).ToList();
            Publish((seq, t, e) => new RungFinished(seq, t, e, batch, rungIndex, budget,
                [.. survivors.Select(p => p.Id)], [.. eliminated.Select(p => p.Id)], [.. promoted.Select(p => p.Id)]));
            foreach (var p in promoted) Finalize(p, highFidelity: true);
            foreach (var p in eliminated) Finalize(p, highFidelity: false);
            active = survivors;
        }
    }

    /// <summary>How many of the nearest measured hardware points a new point's mapping searches start from.</summary>
    public const int WarmStartDonors = 3;

    // A measured point's best mapping of each distinct layer (null where it has none).
    private sealed record MappingDonor(int Id, double[] Vector, MappingSpec?[] Mappings);

    // Each layer's search starts from that layer's best mappings on the nearest measured points
    // (nearest in the search space's coordinates, ties by id): neighbouring hardware tends to
    // want similar tiles, so a first rung's few evaluations start near a good mapping instead of
    // from scratch, and low fidelity ranks points more like high fidelity does.
    private void WarmStart(List<HardwarePoint> points)
    {
        if (_donors.Count == 0) return;
        // Coordinates are domain indices: scaled to [0, 1], every parameter weighs alike.
        var scale = _space.FreeParameters.Select(f => 1.0 / Math.Max(1, f.Domain.Count - 1)).ToArray();
        // At most half the first rung (the rest is the search's own), and never past the budget.
        var searches = points.Sum(p => p.Search!.Layers.Count);
        var most = (int)Math.Min(_plan.InitialBudget / 2, EvaluationsLeft / Math.Max(1, searches));
        if (most < 1) return;
        foreach (var p in points)
        {
            var nearest = _donors.OrderBy(d => SquaredDistance(d.Vector, p.Vector, scale)).ThenBy(d => d.Id).Take(WarmStartDonors).ToList();
            var layers = p.Search!.Layers;
            for (var i = 0; i < layers.Count; i++)
                _evaluations += layers[i].Search.WarmStart(nearest.Select(d => d.Mappings[i]).OfType<MappingSpec>(), most);
        }

        static double SquaredDistance(double[] a, double[] b, double[] scale)
        {
            var sum = 0.0;
            for (var j = 0; j < a.Length; j++) sum += (a[j] - b[j]) * (a[j] - b[j]) * scale[j] * scale[j];
            return sum;
        }
    }

    // Adaptive promotion after a rung: plateaued searches stop. Per layer, a plateaued layer gets
    // no more budget and a point is promoted once all its layers stopped; per point, only when
    // every layer has plateaued at once. A derived schedule judges a plateau over the rung's own
    // evaluations (those since the previous rung), a fixed one over plateau_window.
    private List<HardwarePoint> Promote(List<HardwarePoint> active, int rung)
    {
        var s = _config.Settings;
        if (!s.AdaptivePromotion || rung == 0) return [];
        var window = _plan.Derived ? _plan.Budgets[rung] - _plan.Budgets[rung - 1] : s.PlateauWindow;
        if (s.Promotion == PromotionScope.Point) return [.. active.Where(p => p.Search!.HasPlateaued(window, s.PlateauEpsilon))];
        foreach (var p in active) p.StopPlateaued(window, s.PlateauEpsilon);
        return [.. active.Where(p => p.AllLayersStopped)];
    }

    // The multi-fidelity surrogate learns from every rung's values of every point.
    private void Record(HardwarePoint p, long budget)
    {
        var m = Measure(p);
        if (m.Complete) p.Rungs.Add(new RungObjectives(budget, m.Pure));
    }

    // The run's hypervolume scale is fixed by the first points measured (the initial design's first rung).
    private void FixBounds(List<HardwarePoint> measured)
    {
        if (_bounds is not null) return;
        var complete = measured.Select(Measure).Where(m => m.Complete).Select(m => m.Pure).ToList();
        if (complete.Count > 0) _bounds = ObjectiveBounds.Spanning(complete);
    }

    // Every (point, layer) search of a rung runs concurrently, one item at a time per core and
    // the longest first, so a rung whose searches differ in length (stopped layers, survivors at
    // different budgets) does not leave a core idle while the last long search runs alone. When the
    // rung needs more evaluations than the budget has left, every search gets an equal share of what
    // is left (the cut is the same on every run of the config) and false is returned: the points did
    // not reach the rung's budget.
    private bool RunRung(List<HardwarePoint> points, int rung, long budget, CancellationToken cancellationToken)
    {
        var work = points.SelectMany(p => p.ActiveLayers).Where(l => l.Search.Evaluations < budget)
            .OrderByDescending(l => budget - l.Search.Evaluations).ToList();
        var before = work.Sum(l => l.Search.Evaluations);
        var needed = work.Sum(l => budget - l.Search.Evaluations);
        var share = needed <= EvaluationsLeft ? long.MaxValue : EvaluationsLeft / Math.Max(1, work.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _config.EffectiveThreads, CancellationToken = cancellationToken };
        try
        {
            // Handed out when it pays (a small rung costs more to hand out than to run).
            if (_executor is { } executor && Math.Min(needed, EvaluationsLeft) >= executor.MinEvaluations)
                RunElsewhere(executor, points, rung, budget, share, cancellationToken);
            else
                Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering), options,
                    l => l.Search.Run(Math.Min(share, budget - l.Search.Evaluations), cancellationToken));
            _cut = share != long.MaxValue;
            return !_cut;
        }
        finally
        {
            _evaluations += work.Sum(l => l.Search.Evaluations) - before;
        }
    }

    // The rung's work as items executed elsewhere: one per point, or, when there are fewer points
    // than the executor runs at once, each point's layers cut into parts of about equal work. The
    // results' states replace the local searches' (same searches, continued elsewhere).
    private static void RunElsewhere(IRungExecutor executor, List<HardwarePoint> points, int rung, long budget, long share, CancellationToken cancellationToken)
    {
        var perPoint = new List<(HardwarePoint Point, List<LayerTarget> Layers)>();
        foreach (var p in points)
        {
            var active = p.ActiveLayers.ToHashSet();
            var targets = p.Search!.Layers.Select((l, i) => (l, i)).Where(x => active.Contains(x.l) && x.l.Search.Evaluations < budget)
                .Select(x => new LayerTarget(x.i, x.l.Search.Evaluations == 0 ? null : x.l.Search.Snapshot(),
                    x.l.Search.Evaluations + Math.Min(share, budget - x.l.Search.Evaluations))).ToList();
            if (targets.Count > 0) perPoint.Add((p, targets));
        }
        if (perPoint.Count == 0) return;
        var wanted = 2 * Math.Max(1, executor.Parallelism);
        var parts = perPoint.Count >= wanted ? 1 : (wanted + perPoint.Count - 1) / perPoint.Count;
        var items = new List<RungItem>();
        foreach (var (p, targets) in perPoint)
        {
            var bins = Enumerable.Range(0, Math.Min(parts, targets.Count)).Select(_ => new List<LayerTarget>()).ToList();
            var loads = new long[bins.Count];
            // Longest first into the lightest part: parts of about equal work.
            foreach (var t in targets.OrderByDescending(t => t.Work).ThenBy(t => t.Layer))
            {
                var lightest = Array.IndexOf(loads, loads.Min());
                bins[lightest].Add(t);
                loads[lightest] += t.Work;
            }
            for (var part = 0; part < bins.Count; part++)
                items.Add(new RungItem(p.Id, p.Batch, rung, part, [.. p.Vector], [.. bins[part].OrderBy(t => t.Layer)]));
        }
        var results = executor.Execute(items, cancellationToken);
        if (results.Count != items.Count) throw new InvalidOperationException($"the mapping work of rung {rung} came back with {results.Count} of {items.Count} items");
        var byId = points.ToDictionary(p => p.Id);
        for (var k = 0; k < items.Count; k++)
        {
            var (item, result) = (items[k], results[k]);
            if (result.PointId != item.PointId || result.Rung != item.Rung || result.Part != item.Part || result.Layers.Length != item.Layers.Length)
                throw new InvalidOperationException($"the mapping work of point {item.PointId}, rung {item.Rung}, part {item.Part} came back for other work");
            var layers = byId[item.PointId].Search!.Layers;
            for (var i = 0; i < item.Layers.Length; i++)
            {
                var (target, snapshot) = (item.Layers[i], result.Layers[i]);
                if (snapshot.Layer != target.Layer || snapshot.Search.Evaluations != target.Evaluations)
                    throw new InvalidOperationException($"the mapping work of point {item.PointId}, rung {item.Rung} came back for another layer or budget");
                layers[target.Layer].Search.Restore(snapshot.Search);
            }
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
            (var r, var sens) = p.Robustness(_robustnessBudget);
            robustness = r;
            sensitivity = sens;
        }

        var observed = feasible ? Observed(m.Pure, robustness) : Penalized();
        var outcome = new PointOutcome(p.Id, p.Batch, p.Design.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()), p.Vector,
            m.Latency, m.Energy, m.Area, feasible ? m.Pure : observed, highFidelity && feasible, p.PerLayerBudget, feasible, reason,
            robustness, sensitivity, p.Evaluations, p.LayerOutcomes(_robustnessBudget), [.. p.Rungs]);
        _points.Add(outcome);
        _byVector[SearchSpace.Key(p.Vector)] = outcome;
        _optimizer.Observe(p.Vector, observed, highFidelity && feasible);
        if (_config.UsesWarmStart && feasible && p.Search is { } search) _donors.Add(new MappingDonor(p.Id, p.Vector, [.. search.Layers.Select(l => l.Search.BestMapping)]));

        Publish((seq, t, e) => new HardwarePointEvaluated(seq, t, e, p.Id, outcome.Objectives, m.Latency, m.Energy, m.Area,
            outcome.HighFidelity, p.PerLayerBudget, feasible, outcome.InfeasibleReason, outcome.Evaluations, outcome.Layers));
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
            Publish((seq, t, e) => new FrontChanged(seq, t, e, FrontIds(), hv));
    }

    private List<int> FrontIds()
    {
        var candidates = _points.Where(p => p.Feasible).ToList();
        if (candidates.Count == 0) return [];
        var vectors = candidates.Select(p => p.Objectives).ToList();
        return [.. ParetoFront.NonDominatedIndices(vectors).Select(i => candidates[i].Id).Order()];
    }

    // The robust front (docs/method.md section 5): with the filter, the front's designs whose
    // score is at or above the configured quantile of the front's scores; else the front. Before
    // the run finished (cancelled, failed), scored without the measures that need more mapping.
    private List<int> RobustFrontIds()
    {
        var front = FrontIds();
        if (_config.Settings.Robustness != RobustnessUse.Filter) return front;
        if (_robustFront is not null) return _robustFront;
        var scores = ScoreFront(front, perturbation: false, CancellationToken.None);
        return FrontRobustness.Filter(front, scores.GetValueOrDefault(_config.Settings.RobustnessMeasure) ?? [], _config.Settings.RobustnessQuantile);
    }

    private Dictionary<RobustnessMeasure, Dictionary<int, double>> ScoreFront(List<int> front, bool perturbation, CancellationToken cancellationToken)
    {
        var byId = _points.ToDictionary(p => p.Id);
        return _robustness.Score([.. front.Select(id => byId[id])], perturbation, cancellationToken);
    }

    // Every measure is scored on the final front (the perturbation measure, which maps, only when
    // it is the run's measure), then the robust front is fixed.
    private void FinishRobustness(CancellationToken cancellationToken)
    {
        var front = FrontIds();
        var perturbation = _config.Settings.RobustnessMeasure == RobustnessMeasure.Perturbation;
        _frontScores = ScoreFront(front, perturbation, cancellationToken);
        _robustFront = _config.Settings.Robustness != RobustnessUse.Filter ? front
            : FrontRobustness.Filter(front, _frontScores.GetValueOrDefault(_config.Settings.RobustnessMeasure) ?? [], _config.Settings.RobustnessQuantile);
    }

    // ---- Held-out networks (docs/method.md section 5) ------------------------------------------------

    private GeneralizationReport TestOnHeldOut(CancellationToken cancellationToken)
    {
        var heldOut = Workload.Combine([.. _heldOut], "held-out");
        var byId = _points.ToDictionary(p => p.Id);
        var front = FrontIds().Select(id => byId[id]).ToList();
        var tested = new List<(PointOutcome Point, double Latency, double Energy)>();
        foreach (var p in front)
        {
            var hardware = _space.Build(_space.Decode(p.Vector));
            var mapper = _config.Mapper with { Seed = Prng.Derive(_config.Seed, 0x4E1D0UL + (ulong)p.Id) };
            var search = new Mapping.WorkloadMappingSearch(heldOut, hardware.Architecture, hardware.ConstraintsFor, hardware.ContainerLevels, mapper);
            search.RunTo(_config.Settings.FullBudget, _config.EffectiveThreads, cancellationToken);
            var cost = search.Cost();
            if (cost.Complete) tested.Add((p, cost.Cycles, cost.EnergyPj));
        }
        if (tested.Count == 0) return new GeneralizationReport([.. _heldOut.Select(w => w.Name)], [], null, 0, 0);

        var degradation = Robustness.Degradation([.. tested.Select(t => Math.Log(t.Point.LatencyCycles) + Math.Log(t.Point.EnergyPj))],
            [.. tested.Select(t => Math.Log(t.Latency) + Math.Log(t.Energy))]);
        var scores = _frontScores ?? [];
        var designs = tested.Select((t, i) => new HeldOutOutcome(t.Point.Id, t.Point.Robustness, t.Point.LatencyCycles, t.Point.EnergyPj, t.Latency, t.Energy,
            degradation[i], scores.Where(m => m.Value.ContainsKey(t.Point.Id)).ToDictionary(m => m.Key, m => m.Value[t.Point.Id]))).ToList();

        var correlations = new Dictionary<RobustnessMeasure, double>();
        foreach (var measure in scores.Keys)
        {
            var scored = designs.Where(d => d.Scores!.ContainsKey(measure)).ToList();
            var rho = scored.Count >= 3 ? Statistics.Spearman([.. scored.Select(d => d.Scores![measure])], [.. scored.Select(d => d.Degradation)]) : double.NaN;
            if (double.IsFinite(rho)) correlations[measure] = rho;
        }

        double[] Vector(HeldOutOutcome d) => [.. _config.Objectives.Select(o => o switch
        {
            CoSearchObjective.Latency => Math.Log(d.HeldOutLatencyCycles),
            CoSearchObjective.Energy => Math.Log(d.HeldOutEnergyPj),
            _ => Math.Log(byId[d.PointId].AreaMm2),
        })];
        var bounds = ObjectiveBounds.Spanning([.. designs.Select(Vector)]);
        var robust = RobustFrontIds().ToHashSet();
        return new GeneralizationReport([.. _heldOut.Select(w => w.Name)], designs,
            correlations.TryGetValue(_config.Settings.RobustnessMeasure, out var own) ? own : null,
            bounds.Hypervolume(designs.Select(Vector)), bounds.Hypervolume(designs.Where(d => robust.Contains(d.PointId)).Select(Vector)), correlations);
    }

    // ---- Plumbing ------------------------------------------------------------------------------

    private CoSearchResult Result(RunOutcome status, GeneralizationReport? generalization, string? error = null) =>
        new(_config, status, [.. _points], FrontIds(), RobustFrontIds(), [.. _history], _evaluations, Seconds, _bounds, generalization, error,
            _proposingSeconds, _robustness.Evaluations);

    private void Publish(Func<long, double, long, CoSearchEvent> create)
    {
        // Without a sink the event is not built (a point's carries every layer's mapping), but its
        // sequence number is still spent, so a run's numbering does not depend on who listens.
        if (_sink is null)
        {
            _sequence++;
            return;
        }
        _sink.Publish(create(_sequence++, Seconds, _evaluations));
    }

    private static OptimizerBase CreateOptimizer(CoSearchConfig config, SearchSpace space, int objectives,
        Func<double[], bool>? feasible, Func<Observation, double[]>? lowFidelityEstimate)
    {
        var s = config.Settings;
        // A bounded optimizer costs the same per proposal however many points were observed: a
        // chosen subset for the surrogates, one warm-started L-BFGS run per fit, and a fixed
        // acquisition effort. Its figures were measured on the benchmark matrix (docs/benchmarks.md).
        var bounded = s.OptimizerCost == OptimizerCost.Bounded;
        var defaults = new OptimizerOptions();
        var options = new OptimizerOptions
        {
            Seed = config.Seed,
            InitialDesignSize = s.InitialPoints,
            ModelHighFidelityOnly = s.Surrogate == SurrogateFidelity.HighFidelityOnly,
            LowFidelityEstimate = s.Surrogate == SurrogateFidelity.Corrected ? lowFidelityEstimate : null,
            Feasible = s.FeasibilityFilter ? feasible : null,
            PopulationSize = Math.Max(s.BatchSize, s.InitialPoints),
            MaxModelPoints = bounded ? ModelPoints : 0,
            MaxParallelism = bounded ? config.Threads ?? Environment.ProcessorCount : 1,
            RefitGrowth = bounded ? 0.25 : 0,
            McSamples = bounded ? 32 : defaults.McSamples,
            MaxBaseline = bounded ? 32 : defaults.MaxBaseline,
            GaussianProcess = bounded ? new GaussianProcessOptions { Restarts = 1, ScreenedCandidates = 2, MaxIterations = 30 } : defaults.GaussianProcess,
            Acquisition = bounded ? new AcquisitionOptimizerOptions { RawSamples = 64, Restarts = 1, MaxLocalIterations = 6 } : defaults.Acquisition,
        };
        var algorithm = config.Algorithm switch
        {
            CoSearchAlgorithm.Random => OptimizerAlgorithm.Random,
            CoSearchAlgorithm.Nsga2 => OptimizerAlgorithm.Nsga2,
            _ => s.Acquisition == CoSearchAcquisition.Qparego ? OptimizerAlgorithm.QParEgo : OptimizerAlgorithm.QNehvi,
        };
        return OptimizerFactory.Create(algorithm, space, objectives, options);
    }

    // Feasibility the space and the caps decide before any mapping: the template accepts the
    // point, its PE, MAC and area limits hold, and so does the run's area cap. Cached, since the
    // acquisition maximizer asks about the same points many times (from several threads).
    private bool KnownFeasible(double[] vector) => _feasibility.GetOrAdd(SearchSpace.Key(vector), _ => Buildable(vector));

    private bool Buildable(double[] vector) =>
        _space.TryBuild(_space.Decode(vector), out var hardware, out _) && !(_config.Caps.AreaMm2 is { } cap && hardware!.AreaMm2 > cap);

    // What the multi-fidelity surrogate is fitted on for a low-fidelity observation.
    private double[] LowFidelityEstimate(Observation observation)
    {
        if (!_byVector.TryGetValue(SearchSpace.Key(observation.Point), out var point)) return observation.Objectives;
        if (_gapsFrom != _points.Count)
        {
            _gaps = FidelityCorrection.Gaps(_points);
            _gapsFrom = _points.Count;
        }
        return FidelityCorrection.Correct(point, observation.Objectives, _gaps);
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

    // ---- Checkpoints ---------------------------------------------------------------------------

    /// <summary>A batch's checkpoint is skipped while less time than this many times the last save's cost has passed since it.</summary>
    public const double CheckpointSpacing = 30;

    // A checkpoint grows with the run (every point with its mappings), so saving after every
    // batch costs a long run quadratic time (14% of a 500-point run's wall clock, measured; 10%
    // with a spacing of 10). A batch is saved when at least CheckpointSpacing times the last
    // save's cost has passed since it: saves take at most about a thirtieth of the run, a store
    // that saves quickly (the web's, which writes on another thread) still gets most batches,
    // and a killed run loses only the batches since. The batch that spends the budget is always saved.
    private void SaveCheckpoint(bool always = false)
    {
        if (_checkpoints is null) return;
        var started = _clock.Elapsed.TotalSeconds;
        if (!always && started - _lastSaveAt < CheckpointSpacing * _lastSaveCost) return;
        _checkpoints.Save(new CoSearchCheckpoint(CoSearchConfigJson.Write(_config), _nextBatch, _nextId, _sequence, Seconds, _evaluations,
            [.. _points], [.. _optimizer.Observations], _optimizer.Checkpoint(), _bounds, [.. _history], _proposingSeconds));
        _lastSaveAt = _clock.Elapsed.TotalSeconds;
        _lastSaveCost = _lastSaveAt - started;
    }

    private void TryResume()
    {
        if (_checkpoints is null || _resumed || _points.Count > 0) return;
        if (_checkpoints.Load() is not { } checkpoint) return;
        if (checkpoint.Config != CoSearchConfigJson.Write(_config))
            throw new UnicoInputException("the checkpoint is of a different run config; use another directory or remove it",
                (_checkpoints as CheckpointFile)?.Path ?? "checkpoint");
        _nextBatch = checkpoint.NextBatch;
        _nextId = checkpoint.NextPointId;
        _sequence = checkpoint.NextSequence;
        _secondsBefore = checkpoint.Seconds;
        _proposingSeconds = checkpoint.ProposingSeconds;
        _evaluations = checkpoint.MappingEvaluations;
        _points.AddRange(checkpoint.Points);
        foreach (var p in checkpoint.Points) _byVector[SearchSpace.Key(p.Vector)] = p;
        _history.AddRange(checkpoint.History);
        _bounds = checkpoint.Bounds;
        _optimizer.Restore(checkpoint.Optimizer, checkpoint.Observations);
        if (_config.UsesWarmStart)
        {
            foreach (var p in checkpoint.Points.Where(p => p.Feasible && p.Layers.Count > 0)) _donors.Add(DonorOf(p));
        }
        _resumed = true;
    }

    // A checkpointed point's mappings, read back from the Timeloop text its outcome holds (the
    // writer and reader round-trip exactly, so a resumed run starts its searches as the
    // uninterrupted one does).
    private MappingDonor DonorOf(PointOutcome p)
    {
        var hardware = _space.Build(_space.Decode(p.Vector)).ToTimeloop();
        var layers = _training.DistinctLayers();
        var mappings = new MappingSpec?[layers.Length];
        for (var i = 0; i < layers.Length && i < p.Layers.Count; i++)
        {
            if (p.Layers[i].Mapping is { } text) mappings[i] = TimeloopMappingReader.Parse(text, layers[i].Problem, hardware, $"the checkpointed mapping of point {p.Id}");
        }
        return new MappingDonor(p.Id, p.Vector, mappings);
    }
}
