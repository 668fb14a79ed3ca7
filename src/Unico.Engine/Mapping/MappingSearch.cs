using Unico.Engine.CostModel;

namespace Unico.Engine.Mapping;

/// <summary>What a mapping search minimizes.</summary>
public enum MappingObjective
{
    /// <summary>Energy x cycles (the default).</summary>
    Edp,

    /// <summary>Cycles.</summary>
    Latency,

    /// <summary>Energy.</summary>
    Energy,
}

/// <summary>How a mapping search explores the map-space.</summary>
public enum MappingStrategy
{
    /// <summary>Simulated annealing over factor, loop-order, axis and bypass moves, with reheats (the default).</summary>
    Annealing,

    /// <summary>Independent uniformly random mappings, like Timeloop's random-pruned mapper.</summary>
    RandomPruned,
}

/// <summary>Settings of a mapping search.</summary>
/// <param name="Strategy">Search strategy.</param>
/// <param name="Objective">What to minimize.</param>
/// <param name="Seed">Seed; the same seed and settings give the same search.</param>
/// <param name="InitialTemperature">Annealing: starting temperature, in units of log cost.</param>
/// <param name="HalfLife">Annealing: evaluations over which the temperature halves.</param>
/// <param name="ReheatAfter">Annealing: evaluations without a new best before returning to the best and reheating.</param>
public sealed record MapperOptions(
    MappingStrategy Strategy = MappingStrategy.Annealing,
    MappingObjective Objective = MappingObjective.Edp,
    ulong Seed = 1,
    double InitialTemperature = 0.4,
    double HalfLife = 1500,
    long ReheatAfter = 6000)
{
    /// <summary>The objective's value for a cost summary (infinite when invalid).</summary>
    public double Cost(in CostSummary summary) => !summary.IsValid ? double.PositiveInfinity : Objective switch
    {
        MappingObjective.Latency => summary.Cycles,
        MappingObjective.Energy => summary.EnergyPj,
        _ => summary.EnergyPj * summary.Cycles,
    };

    /// <summary>The tie-breaker among mappings of equal cost: energy for latency, cycles otherwise.</summary>
    public double TieBreak(in CostSummary summary) => !summary.IsValid ? double.PositiveInfinity : Objective switch
    {
        MappingObjective.Latency => summary.EnergyPj,
        _ => summary.Cycles,
    };

    /// <summary>
    /// What annealing walks on: the cost, nudged by the tie-breaker so that plateaus of equal
    /// latency (or energy) still lead somewhere (weight 0.1 in log space; none for EDP).
    /// </summary>
    internal double SearchCost(in CostSummary summary)
    {
        var cost = Cost(summary);
        if (Objective == MappingObjective.Edp || double.IsPositiveInfinity(cost)) return cost;
        return cost * Math.Pow(TieBreak(summary), 0.1);
    }
}

/// <summary>
/// A search for the best mapping of one layer on one piece of hardware. Budget is counted in
/// evaluated mappings. A search is resumable: <see cref="Run"/> may be called again with more
/// budget and continues where it stopped, so running b1 then b2 evaluations gives exactly the
/// result of one run of b1 + b2 with the same seed. Not thread-safe; run different searches on
/// different threads.
/// </summary>
public abstract class MappingSearch
{
    private readonly CostModelEvaluator _evaluator;
    private readonly MapState _best;
    private CostSummary _bestSummary = new(InvalidityKind.Shape, 0, double.PositiveInfinity);

    /// <summary>Sets up a search over a map-space.</summary>
    protected MappingSearch(MapSpace space, MapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        Space = space;
        Options = options;
        _evaluator = new CostModelEvaluator(space.Problem, space.Architecture);
        _best = new MapState(space);
        Random = new Prng(options.Seed);
        Trace = new SearchTrace();
    }

    /// <summary>Creates a search of the chosen strategy.</summary>
    public static MappingSearch Create(MapSpace space, MapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Strategy switch
        {
            MappingStrategy.RandomPruned => new RandomPrunedSearch(space, options),
            _ => new AnnealingSearch(space, options),
        };
    }

    /// <summary>The map-space searched.</summary>
    public MapSpace Space { get; }

    /// <summary>The settings.</summary>
    public MapperOptions Options { get; }

    /// <summary>Mappings evaluated so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Of those, the valid ones.</summary>
    public long ValidEvaluations { get; private set; }

    /// <summary>Best cost found (infinite until a valid mapping is found).</summary>
    public double BestCost { get; private set; } = double.PositiveInfinity;

    /// <summary>Cycles and energy of the best mapping.</summary>
    public CostSummary BestSummary => _bestSummary;

    /// <summary>True once a valid mapping has been found.</summary>
    public bool HasValidMapping => !double.IsPositiveInfinity(BestCost);

    /// <summary>Best cost after each evaluation (stored as its improvements).</summary>
    public SearchTrace Trace { get; }

    /// <summary>The search's random stream.</summary>
    protected Prng Random { get; }

    /// <summary>The best mapping found, or null.</summary>
    public MappingSpec? BestMapping => HasValidMapping ? _best.Buffer.ToMapping() : null;

    /// <summary>Full statistics of the best mapping, or null.</summary>
    public Evaluation? BestEvaluation() => HasValidMapping ? _evaluator.EvaluateDetailed(_best.Buffer) : null;

    /// <summary>Runs <paramref name="evaluations"/> more evaluations (fewer if cancelled).</summary>
    public void Run(long evaluations, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(evaluations);
        var end = Evaluations + evaluations;
        while (Evaluations < end)
        {
            if ((Evaluations & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            EvaluateNext();
        }
    }

    /// <summary>The search's whole state, for a copy of it elsewhere to report and continue from (see <see cref="Restore"/>).</summary>
    public MappingSearchSnapshot Snapshot() =>
        new(Evaluations, ValidEvaluations, _bestSummary.Invalidity, _bestSummary.Cycles, _bestSummary.EnergyPj,
            [.. Trace.Points], HasValidMapping ? _best.ToSnapshot() : null, Random.State, Walk());

    /// <summary>
    /// Takes over the state of another copy of this search (same map-space, options and seed):
    /// afterwards it reports what that copy found and continues as that copy would have.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot's mappings do not fit this search's map-space.</exception>
    public void Restore(MappingSearchSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Best is { } best) _best.Load(best);
        RestoreWalk(snapshot.Walk);
        Evaluations = snapshot.Evaluations;
        ValidEvaluations = snapshot.ValidEvaluations;
        _bestSummary = new CostSummary(snapshot.Invalidity, snapshot.BestCycles, snapshot.BestEnergyPj);
        BestCost = snapshot.Best is null ? double.PositiveInfinity : Options.Cost(_bestSummary);
        Trace.Replace(snapshot.Trace);
        Random.Restore(snapshot.Random);
    }

    /// <summary>
    /// Starts the search from mappings of the same layer found on other hardware points (a warm
    /// start, see docs/method.md section 4): each donor is carried over to this map-space and
    /// evaluated (one evaluation each, counted like any other), and the walk continues from the best
    /// valid one. A donor that breaks this hardware's fan-out or capacity is repaired, one factor
    /// moved outward per evaluation (at most <see cref="MaxRepairs"/>). Donors of another shape are
    /// skipped without an evaluation. Only before the first evaluation; returns the evaluations
    /// spent (at most <paramref name="maxEvaluations"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The search has already evaluated mappings.</exception>
    public int WarmStart(IEnumerable<MappingSpec> donors, int maxEvaluations = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(donors);
        if (Evaluations != 0) throw new InvalidOperationException("a search can be warm-started only before its first evaluation");
        var state = new MapState(Space);
        foreach (var donor in donors)
        {
            if (Evaluations >= maxEvaluations || !state.Transplant(donor)) continue;
            // A donor from smaller hardware may not fit: each evaluation that names the level
            // and axis at fault moves one factor out of it, a few times at most.
            for (var repair = 0; ; repair++)
            {
                var valid = !double.IsPositiveInfinity(Evaluate(state));
                if (valid || repair == MaxRepairs || Evaluations >= maxEvaluations) break;
                var (kind, level, index) = _evaluator.LastInvalidity;
                if (!state.Relieve(kind, level, index)) break;
            }
        }
        if (HasValidMapping) OnWarmStarted();
        return (int)Evaluations;
    }

    /// <summary>Moves a warm start makes to fit a donor's mapping to this hardware, per donor.</summary>
    public const int MaxRepairs = 6;

    /// <summary>The warm start found a valid mapping (the best so far): the strategy may continue from it.</summary>
    private protected virtual void OnWarmStarted()
    {
    }

    /// <summary>The strategy's own state (none by default).</summary>
    private protected virtual SearchWalk Walk() => SearchWalk.None;

    /// <summary>Takes the strategy's own state from a snapshot.</summary>
    private protected virtual void RestoreWalk(SearchWalk walk)
    {
    }

    /// <summary>
    /// True when the best cost improved by less than a relative <paramref name="epsilon"/> over
    /// the last <paramref name="window"/> evaluations (and at least that many were run).
    /// </summary>
    public bool HasPlateaued(long window, double epsilon)
    {
        if (Evaluations < window || !HasValidMapping) return false;
        var before = Trace.BestAfter(Evaluations - window);
        return !double.IsPositiveInfinity(before) && before - BestCost <= epsilon * before;
    }

    /// <summary>Proposes and evaluates the next mapping; must evaluate exactly one mapping via <see cref="Evaluate"/>.</summary>
    protected abstract void EvaluateNext();

    /// <summary>
    /// Evaluates a state, counts it, and records it if it is the best so far (by cost, then the
    /// tie-breaker). Returns the value annealing walks on.
    /// </summary>
    internal double Evaluate(MapState state)
    {
        var summary = _evaluator.Evaluate(state.Buffer);
        Evaluations++;
        var cost = Options.Cost(summary);
        if (summary.IsValid) ValidEvaluations++;
        if (cost < BestCost || (cost == BestCost && summary.IsValid && Options.TieBreak(summary) < Options.TieBreak(_bestSummary)))
        {
            if (cost < BestCost) Trace.Record(Evaluations, cost);
            BestCost = cost;
            _bestSummary = summary;
            _best.CopyFrom(state);
        }
        return Options.SearchCost(summary);
    }

    /// <summary>Copies the best state found into <paramref name="state"/>.</summary>
    internal void CopyBestTo(MapState state) => state.CopyFrom(_best);
}
