namespace Unico.Engine.Optimization;

/// <summary>
/// Bookkeeping shared by the optimizers: observations, outstanding (suggested, not yet observed)
/// points, the scrambled Sobol initial design and a per-call random stream.
/// </summary>
public abstract class OptimizerBase : IMultiObjectiveOptimizer
{
    private readonly List<Observation> _observations = [];
    private readonly List<double[]> _outstanding = [];
    private readonly SobolSequence _initialDesign;
    private long _suggestCalls;
    private long _initialDrawn;

    /// <summary>Creates the optimizer.</summary>
    protected OptimizerBase(SearchSpace space, int objectives, OptimizerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(objectives);
        Space = space;
        ObjectiveCount = objectives;
        Options = options ?? new OptimizerOptions();
        if (Options.ReferencePoint != null && Options.ReferencePoint.Count != objectives)
        {
            throw new ArgumentException($"The reference point has {Options.ReferencePoint.Count} entries for {objectives} objectives.");
        }

        InitialDesignSize = Options.InitialDesignSize ?? 2 * (space.Dimension + 1);
        _initialDesign = new SobolSequence(Math.Min(space.Dimension, SobolSequence.MaxDimension), scramble: true, seed: Prng.Derive(Options.Seed, 0x1D5EUL));
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <inheritdoc />
    public int ObjectiveCount { get; }

    /// <summary>The options.</summary>
    public OptimizerOptions Options { get; }

    /// <summary>Size of the space-filling initial design.</summary>
    public int InitialDesignSize { get; }

    /// <inheritdoc />
    public IReadOnlyList<Observation> Observations => _observations;

    /// <summary>Points suggested and not observed yet.</summary>
    public IReadOnlyList<double[]> Outstanding => _outstanding;

    /// <inheritdoc />
    public IReadOnlyList<double[]> Suggest(int q)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        var rng = new Prng(Prng.Derive(Options.Seed, (ulong)_suggestCalls++));
        var result = new List<double[]>(q);
        while (result.Count < q && _observations.Count + _outstanding.Count + result.Count < InitialDesignSize)
        {
            result.Add(NextInitialPoint(rng));
        }

        if (result.Count < q)
        {
            var pending = new List<double[]>(_outstanding);
            pending.AddRange(result);
            result.AddRange(SuggestCore(q - result.Count, pending, rng));
        }

        foreach (var x in result)
        {
            _outstanding.Add(x);
        }

        return result;
    }

    /// <inheritdoc />
    public void Observe(double[] point, double[] objectives, bool highFidelity = true)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(objectives);
        if (point.Length != Space.Dimension)
        {
            throw new ArgumentException($"The point has {point.Length} entries; the space has {Space.Dimension}.", nameof(point));
        }

        if (objectives.Length != ObjectiveCount)
        {
            throw new ArgumentException($"Got {objectives.Length} objectives; expected {ObjectiveCount}.", nameof(objectives));
        }

        foreach (var v in objectives)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Objective values must be finite.", nameof(objectives));
            }
        }

        var key = SearchSpace.Key(point);
        for (var i = 0; i < _outstanding.Count; i++)
        {
            if (SearchSpace.Key(_outstanding[i]) == key)
            {
                _outstanding.RemoveAt(i);
                break;
            }
        }

        _observations.Add(new Observation((double[])point.Clone(), (double[])objectives.Clone(), highFidelity));
    }

    /// <summary>
    /// The optimizer's state besides its observations, so that a run can be resumed after the
    /// process dies and continue exactly as if it had not.
    /// </summary>
    public OptimizerCheckpoint Checkpoint() => new(_suggestCalls, _initialDrawn, CaptureModelState());

    /// <summary>
    /// Restores a fresh optimizer (same space, objectives and options) to a checkpoint: replays
    /// the observations in order and restores the counters and model state.
    /// </summary>
    public void Restore(OptimizerCheckpoint checkpoint, IEnumerable<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(observations);
        if (_suggestCalls != 0 || _observations.Count != 0) throw new InvalidOperationException("restore into a fresh optimizer");
        foreach (var o in observations) Observe(o.Point, o.Objectives, o.HighFidelity);
        _suggestCalls = checkpoint.SuggestCalls;
        var skip = new double[Math.Min(Space.Dimension, SobolSequence.MaxDimension)];
        for (var i = 0; i < checkpoint.InitialPointsDrawn; i++) _initialDesign.Next(skip);
        _initialDrawn = checkpoint.InitialPointsDrawn;
        RestoreModelState(checkpoint.ModelState);
    }

    /// <summary>Model state carried between suggestions (e.g. warm-start hyperparameters), or null.</summary>
    protected virtual double[]?[]? CaptureModelState() => null;

    /// <summary>Restores what <see cref="CaptureModelState"/> returned.</summary>
    protected virtual void RestoreModelState(double[]?[]? state)
    {
    }

    /// <summary>Proposes <paramref name="q"/> points once the initial design is complete.</summary>
    /// <param name="q">Number of points.</param>
    /// <param name="pending">Points suggested but not observed (including earlier ones of this call).</param>
    /// <param name="rng">Random stream of this call.</param>
    protected abstract IReadOnlyList<double[]> SuggestCore(int q, IReadOnlyList<double[]> pending, Prng rng);

    /// <summary>
    /// The next point of the scrambled Sobol design, mapped into the space; points that
    /// <see cref="OptimizerOptions.Feasible"/> forbids are skipped (the sequence moves on).
    /// </summary>
    protected double[] NextInitialPoint(Prng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var d = Space.Dimension;
        double[] x;
        var attempts = 0;
        do
        {
            var u = new double[d];
            _initialDesign.Next(u.AsSpan(0, Math.Min(d, SobolSequence.MaxDimension)));
            _initialDrawn++;
            for (var k = SobolSequence.MaxDimension; k < d; k++)
            {
                u[k] = rng.NextDouble();
            }

            x = Space.FromUnit(u);
        }
        while (!IsFeasible(x) && ++attempts < MaxFeasibleAttempts);

        return x;
    }

    /// <summary>Draws attempted before a sampler gives up looking for a feasible point.</summary>
    protected const int MaxFeasibleAttempts = 10_000;

    /// <summary>Whether <see cref="OptimizerOptions.Feasible"/> allows the point (true without a predicate).</summary>
    protected bool IsFeasible(double[] point) => Options.Feasible?.Invoke(point) ?? true;

    /// <summary>A uniformly random point that <see cref="OptimizerOptions.Feasible"/> allows (the last draw if none is found).</summary>
    protected double[] SampleFeasible(Prng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = Space.Sample(rng);
        for (var attempt = 1; attempt < MaxFeasibleAttempts && !IsFeasible(x); attempt++)
        {
            x = Space.Sample(rng);
        }

        return x;
    }

    /// <summary>Keys of every observed and pending point (to avoid suggesting duplicates).</summary>
    protected HashSet<string> KnownKeys(IReadOnlyList<double[]> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in _observations)
        {
            keys.Add(SearchSpace.Key(o.Point));
        }

        foreach (var p in pending)
        {
            keys.Add(SearchSpace.Key(p));
        }

        return keys;
    }
}
