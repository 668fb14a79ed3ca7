namespace Unico.Engine.CoSearch;

/// <summary>
/// Estimates how long a run has left from what its own events show: mapping evaluations per second
/// while batches evaluate, and the seconds the hardware optimizer takes to propose each batch (the
/// gap between one batch's last event and the next batch's first proposal, which grows as the
/// surrogate sees more points). A fraction of the budget spent is no estimate: the optimizer's share
/// of a run grows batch after batch, and the held-out test at the end spends evaluations the budget
/// does not count.
/// </summary>
public sealed class RunTimeEstimator
{
    private const int TrendBatches = 10;
    private const double RateWindowSeconds = 2;
    private readonly CoSearchConfig _config;
    private readonly int _layers;
    private readonly int _heldOutLayers;
    private readonly List<(int Batch, double Seconds)> _proposing = [];
    private readonly List<long> _batchEvaluations = [];
    private int _batch = -1;
    private double _batchStart;
    private long _batchStartEvaluations;
    private readonly List<(long Evaluations, double Seconds)> _evaluating = [];
    private double _lastTime;
    private long _lastEvaluations;
    private int _front;
    private bool _finished;

    /// <summary>An estimator for one run (or one attempt of it, after a resume).</summary>
    /// <param name="config">The run's config (budget, batch sizes, successive-halving settings).</param>
    /// <param name="distinctLayers">Distinct layers of its training workloads (<see cref="CoSearchRun.DistinctLayers"/>).</param>
    /// <param name="heldOutDistinctLayers">Distinct layers of its held-out workloads (0 without any).</param>
    public RunTimeEstimator(CoSearchConfig config, int distinctLayers, int heldOutDistinctLayers = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _layers = Math.Max(1, distinctLayers);
        _heldOutLayers = Math.Max(0, heldOutDistinctLayers);
    }

    /// <summary>
    /// Mapping evaluations per second while batches evaluate, over the latest batches (at least two
    /// seconds of them): the rate moves as the rungs' budgets and the searches' lengths change.
    /// Null until about a second was measured.
    /// </summary>
    public double? EvaluationsPerSecond
    {
        get
        {
            var (evaluations, seconds) = Evaluating();
            return seconds >= 1 && evaluations > 0 ? evaluations / seconds : null;
        }
    }

    /// <summary>Seconds the optimizer took to propose the latest batch after the initial design; null before one.</summary>
    public double? ProposingSeconds => _proposing.Count == 0 ? null : _proposing[^1].Seconds;

    /// <summary>
    /// Estimated seconds from the last event seen until the run finishes (held-out test included);
    /// null while no rate is measured yet or once the run ended.
    /// </summary>
    public double? SecondsLeft
    {
        get
        {
            if (_finished || EvaluationsPerSecond is not { } rate) return null;
            var search = SearchSecondsLeft(rate);
            if (_config.Budget.Seconds is { } limit) search = Math.Min(search, Math.Max(0, limit - _lastTime));
            var heldOut = _heldOutLayers == 0 ? 0 : Math.Max(1, _front) * (double)_heldOutLayers * _config.Settings.FullBudget / rate;
            return double.IsFinite(search) ? Math.Max(0, search) + heldOut : null;
        }
    }

    /// <summary>
    /// Takes the run's next event (in sequence order). After a resume, feeding first the events
    /// stored before the interruption keeps what they measured.
    /// </summary>
    public void Observe(CoSearchEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case RunStarted:
                // A resumed attempt continues after its checkpoint: the interrupted batch is redone, and
                // the clock and the count go back to the checkpoint's. The batches measured before stay.
                _batch = -1;
                _finished = false;
                _lastTime = e.ElapsedSeconds;
                _lastEvaluations = e.MappingEvaluations;
                return;
            case HardwarePointProposed p when p.Batch != _batch:
                if (_batch >= 0) CloseBatch();
                if (p.Batch > 0) _proposing.Add((p.Batch, p.ElapsedSeconds - _lastTime));
                _batch = p.Batch;
                _batchStart = p.ElapsedSeconds;
                _batchStartEvaluations = p.MappingEvaluations;
                break;
            case FrontChanged f:
                _front = f.FrontPointIds.Count;
                break;
            case RunFinished or RunFailed or RunCancelled:
                _finished = true;
                break;
        }
        _lastTime = Math.Max(_lastTime, e.ElapsedSeconds);
        _lastEvaluations = Math.Max(_lastEvaluations, e.MappingEvaluations);
    }

    /// <summary>
    /// Mapping evaluations a batch of <paramref name="points"/> spends when no point is promoted
    /// early: every rung's points times the rung's added per-layer budget times the distinct layers
    /// (without successive halving, every point gets the full budget).
    /// </summary>
    public static long BatchEvaluations(CoSearchConfig config, int points, int distinctLayers)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = config.Settings;
        if (!config.UsesSuccessiveHalving) return (long)points * distinctLayers * s.FullBudget;
        long total = 0, before = 0;
        var active = points;
        foreach (var budget in SuccessiveHalving.Budgets(s.InitialBudget, s.Eta, s.FullBudget))
        {
            total += (long)active * distinctLayers * (budget - before);
            before = budget;
            active = SuccessiveHalving.Survivors(active, s.Eta);
        }
        return total;
    }

    /// <summary>
    /// How long a run of <paramref name="config"/> should take before it starts, at a given rate of
    /// mapping evaluations per second (the optimizer's time is in the rate when it was measured over
    /// whole runs): the first limit of the budget reached, or null when only unbounded limits are set.
    /// </summary>
    /// <param name="config">The run.</param>
    /// <param name="distinctLayers">Distinct layers of its training workloads.</param>
    /// <param name="evaluationsPerSecond">Measured mapping evaluations per second.</param>
    public static double? SecondsBefore(CoSearchConfig config, int distinctLayers, double evaluationsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!(evaluationsPerSecond > 0)) return null;
        var b = config.Budget;
        var evaluations = b.MappingEvaluations is { } e ? (double)e : double.PositiveInfinity;
        if (b.Iterations is { } iterations)
        {
            var layers = Math.Max(1, distinctLayers);
            var planned = BatchEvaluations(config, config.Settings.InitialPoints, layers)
                + (double)iterations * BatchEvaluations(config, Math.Max(1, config.EffectiveBatchSize), layers);
            evaluations = Math.Min(evaluations, planned);
        }
        var seconds = evaluations / evaluationsPerSecond;
        if (b.Seconds is { } limit) seconds = Math.Min(seconds, limit);
        return double.IsFinite(seconds) ? seconds : null;
    }

    private (long Evaluations, double Seconds) Evaluating()
    {
        var (evaluations, seconds) = _batch < 0 ? (0L, 0.0) : (_lastEvaluations - _batchStartEvaluations, _lastTime - _batchStart);
        for (var i = _evaluating.Count - 1; i >= 0 && seconds < RateWindowSeconds; i--)
        {
            evaluations += _evaluating[i].Evaluations;
            seconds += _evaluating[i].Seconds;
        }
        return (evaluations, seconds);
    }

    private void CloseBatch()
    {
        var evaluations = _lastEvaluations - _batchStartEvaluations;
        _evaluating.Add((evaluations, _lastTime - _batchStart));
        if (_batch > 0) _batchEvaluations.Add(evaluations);
    }

    private double SearchSecondsLeft(double rate)
    {
        var layers = _layers;
        var q = Math.Max(1, _config.EffectiveBatchSize);
        // Evaluations of a later batch: as measured (promotion and cuts make it less than planned), else planned.
        var perBatch = _batchEvaluations.Count > 0 ? _batchEvaluations.Average() : BatchEvaluations(_config, q, layers);
        var current = _batch < 0 ? 0 : _batch;
        var currentPlanned = _batch == 0 ? BatchEvaluations(_config, _config.Settings.InitialPoints, layers) : perBatch;
        var currentLeft = _batch < 0 ? 0 : Math.Max(0, currentPlanned - (_lastEvaluations - _batchStartEvaluations));

        var b = _config.Budget;
        var laterBatches = double.PositiveInfinity;
        var evaluationsLeft = double.PositiveInfinity;
        if (b.MappingEvaluations is { } total)
        {
            evaluationsLeft = Math.Max(0, total - _lastEvaluations);
            laterBatches = Math.Max(0, evaluationsLeft - currentLeft) / Math.Max(1, perBatch);
        }
        if (b.Iterations is { } iterations)
        {
            var byIterations = Math.Max(0, iterations - current);
            if (byIterations < laterBatches)
            {
                laterBatches = byIterations;
                evaluationsLeft = currentLeft + byIterations * perBatch;
            }
        }
        if (double.IsPositiveInfinity(laterBatches)) return b.Seconds is { } s ? Math.Max(0, s - _lastTime) : double.PositiveInfinity;
        return evaluationsLeft / rate + PredictedProposing(current, laterBatches);
    }

    // Sum of the optimizer's predicted seconds over the next batches: a line through the latest
    // measured batches, fitted robustly (Theil-Sen: the median of the pairwise slopes), since one
    // slow batch (a collection, another process) must not tilt it; never below the median of the
    // last three batches, since the surrogate only grows.
    private double PredictedProposing(int current, double batches)
    {
        if (_proposing.Count == 0 || batches <= 0) return 0;
        var recent = _proposing.Skip(Math.Max(0, _proposing.Count - TrendBatches)).ToList();
        var floor = Median([.. recent.Skip(Math.Max(0, recent.Count - 3)).Select(r => r.Seconds)]);
        var slopes = new List<double>();
        for (var i = 0; i < recent.Count; i++)
        {
            for (var j = i + 1; j < recent.Count; j++)
            {
                if (recent[j].Batch != recent[i].Batch) slopes.Add((recent[j].Seconds - recent[i].Seconds) / (recent[j].Batch - recent[i].Batch));
            }
        }
        var slope = recent.Count >= 3 && slopes.Count > 0 ? Math.Max(0, Median(slopes)) : 0;
        if (slope == 0) return batches * floor;
        var intercept = Median([.. recent.Select(r => r.Seconds - slope * r.Batch)]);
        // Closed form of the sum of max(floor, intercept + slope x k) for k = current+1 .. current+n.
        var first = current + 1.0;
        var below = Math.Clamp((floor - intercept) / slope - first + 1, 0, batches); // batches still under the floor
        var rest = batches - below;
        var from = first + below;
        return below * floor + Math.Max(0, rest * (intercept + slope * (from + (rest - 1) / 2)));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
