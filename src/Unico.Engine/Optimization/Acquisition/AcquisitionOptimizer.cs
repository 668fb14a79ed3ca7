namespace Unico.Engine.Optimization;

/// <summary>Settings of the acquisition maximizer.</summary>
public sealed class AcquisitionOptimizerOptions
{
    /// <summary>Random candidates evaluated before local search.</summary>
    public int RawSamples { get; init; } = 512;

    /// <summary>Fraction of the raw candidates drawn as perturbations of the anchors (current good points).</summary>
    public double PerturbedFraction { get; init; } = 0.25;

    /// <summary>Standard deviation of the anchor perturbations, in unit-cube coordinates.</summary>
    public double PerturbationScale { get; init; } = 0.05;

    /// <summary>Best distinct raw candidates refined by local search.</summary>
    public int Restarts { get; init; } = 8;

    /// <summary>Iteration cap of one local search.</summary>
    public int MaxLocalIterations { get; init; } = 40;

    /// <summary>Smallest continuous step (unit coordinates) before a local search stops.</summary>
    public double MinStep { get; init; } = 1e-4;

    /// <summary>Default options.</summary>
    public static AcquisitionOptimizerOptions Default { get; } = new();
}

/// <summary>
/// Maximizes an acquisition function over a mixed search space: raw candidates (uniform random
/// and perturbations of anchor points), then local search from the best distinct ones.
/// Continuous coordinates move along a forward-difference gradient (unit-cube coordinates,
/// normalized direction, adaptive step with backtracking); integer coordinates try neighbour
/// moves of +-1, +-2, +-4, ... and categorical ones every other choice, taking the best
/// improving move. Points in the exclusion set (already observed or pending) are never returned,
/// and points the feasibility predicate forbids are never a local search's start or position
/// nor the result: a forbidden raw candidate is passed over, a move onto a forbidden point is
/// not taken, so no proposal is spent on a point the space itself rules out. The predicate is
/// asked lazily (only about points that would be kept), since it can cost more than the
/// acquisition itself. With more than one thread (<see cref="OptimizerOptions.MaxParallelism"/>) the
/// raw candidates are scored and the local searches run on several threads, and their results
/// are combined in the order a single thread would meet them: the suggestion is the same,
/// bit for bit. Deterministic for a given generator state.
/// </summary>
internal sealed class AcquisitionOptimizer
{
    private readonly SearchSpace _space;
    private readonly IAcquisitionFunction _acq;
    private readonly AcquisitionOptimizerOptions _o;
    private readonly ISet<string> _exclude;
    private readonly Func<double[], bool>? _feasible;
    private readonly int[] _continuous;
    private readonly int[] _discrete;
    private readonly ParallelOptions _parallel;

    [ThreadStatic]
    private static double[]? t_features;

    public AcquisitionOptimizer(SearchSpace space, IAcquisitionFunction acq, AcquisitionOptimizerOptions options, ISet<string> exclude,
        Func<double[], bool>? feasible = null, int parallelism = 1)
    {
        _space = space;
        _acq = acq;
        _o = options;
        _exclude = exclude;
        _feasible = feasible;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
        var cont = new List<int>();
        var disc = new List<int>();
        for (var k = 0; k < space.Dimension; k++)
        {
            var p = space.Parameters[k];
            if (p.Kind == ParameterKind.Continuous)
            {
                if (p.Upper > p.Lower)
                {
                    cont.Add(k);
                }
            }
            else if (p.Upper > p.Lower)
            {
                disc.Add(k);
            }
        }

        _continuous = [.. cont];
        _discrete = [.. disc];
    }

    /// <summary>Number of acquisition evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Runs the search; returns the best non-excluded point found and its value.</summary>
    public (double[] Point, double Value) Maximize(IReadOnlyList<double[]> anchors, Prng rng)
    {
        var candidates = new List<double[]>(_o.RawSamples);
        var perturbed = anchors.Count > 0 ? (int)Math.Round(_o.RawSamples * _o.PerturbedFraction) : 0;
        for (var i = 0; i < _o.RawSamples; i++)
        {
            candidates.Add(i < perturbed ? Perturb(anchors[rng.NextInt(anchors.Count)], rng) : _space.Sample(rng));
        }

        return Search(candidates, rng);
    }

    private (double[] Point, double Value) Search(List<double[]> candidates, Prng rng)
    {
        var values = new double[candidates.Count];
        For(candidates.Count, i => values[i] = Value(candidates[i]));
        var best = new Best();
        var raw = new List<(double Value, double[] Point)>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            best.Offer(this, candidates[i], values[i]);
            raw.Add((values[i], candidates[i]));
        }

        raw.Sort((a, b) => b.Value.CompareTo(a.Value));
        var starts = new List<double[]>();
        var seen = new HashSet<string>();
        foreach (var (value, point) in raw)
        {
            if (starts.Count >= _o.Restarts || !(value > 0))
            {
                break;
            }

            if (seen.Add(SearchSpace.Key(point)) && Allowed(point))
            {
                starts.Add(point);
            }
        }

        // Each local search keeps its own best; merged in start order, a strictly better value
        // replacing, they give what one thread running them in turn would.
        var searches = new Best[starts.Count];
        For(starts.Count, i =>
        {
            searches[i] = new Best();
            LocalSearch(starts[i], searches[i]);
        });
        foreach (var search in searches)
        {
            best.Merge(search);
        }

        Evaluations += best.Evaluations;
        if (best.Point == null)
        {
            // Everything evaluated was excluded: draw random points until one is new.
            for (var attempt = 0; attempt < 10000; attempt++)
            {
                var x = _space.Sample(rng);
                if (Allowed(x) && !_exclude.Contains(SearchSpace.Key(x)))
                {
                    Evaluations++;
                    return (x, Value(x));
                }
            }

            throw new InvalidOperationException("The search space seems exhausted: no unobserved point was found.");
        }

        return (best.Point, best.Value);
    }

    private void For(int count, Action<int> body)
    {
        if (_parallel.MaxDegreeOfParallelism > 1 && count > 1)
        {
            Parallel.For(0, count, _parallel, body);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
        }
    }

    private bool Allowed(double[] x) => _feasible is null || _feasible(x);

    // The acquisition at a point; safe to call from several threads.
    private double Value(double[] x)
    {
        var features = Scratch.Get(ref t_features, _space.Dimension).AsSpan(0, _space.Dimension);
        _space.ToFeatures(x, features);
        var v = _acq.Evaluate(features);
        return double.IsNaN(v) ? double.NegativeInfinity : v;
    }

    private double Evaluate(double[] x, Best best)
    {
        var v = Value(x);
        best.Offer(this, x, v);
        return v;
    }

    // The best allowed, not excluded point one part of the search met, and its evaluations.
    private sealed class Best
    {
        public double[]? Point { get; private set; }

        public double Value { get; private set; } = double.NegativeInfinity;

        public int Evaluations { get; private set; }

        public void Offer(AcquisitionOptimizer owner, double[] x, double v)
        {
            Evaluations++;
            if (v > Value && (owner._exclude.Count == 0 || !owner._exclude.Contains(SearchSpace.Key(x))) && owner.Allowed(x))
            {
                Value = v;
                Point = (double[])x.Clone();
            }
        }

        public void Merge(Best other)
        {
            Evaluations += other.Evaluations;
            if (other.Value > Value && other.Point is not null)
            {
                Value = other.Value;
                Point = other.Point;
            }
        }
    }

    private double[] Perturb(double[] anchor, Prng rng)
    {
        var u = _space.ToUnit(anchor);
        var d = _space.Dimension;
        var x = new double[d];
        for (var k = 0; k < d; k++)
        {
            var p = _space.Parameters[k];
            if (p.Kind == ParameterKind.Categorical)
            {
                x[k] = rng.NextDouble() < 1.0 / d ? rng.NextInt(p.ChoiceCount) : anchor[k];
            }
            else
            {
                x[k] = p.FromUnit(u[k] + _o.PerturbationScale * rng.NextGaussian());
            }
        }

        return x;
    }

    private void LocalSearch(double[] start, Best best)
    {
        var x = (double[])start.Clone();
        var fx = Evaluate(x, best);
        var step = 0.05;
        var grad = new double[_continuous.Length];
        var unit = new double[_continuous.Length];
        for (var it = 0; it < _o.MaxLocalIterations; it++)
        {
            var improved = false;
            if (_continuous.Length > 0 && step >= _o.MinStep)
            {
                // Forward-difference gradient in unit coordinates.
                const double h = 1e-5;
                var norm = 0.0;
                for (var c = 0; c < _continuous.Length; c++)
                {
                    var k = _continuous[c];
                    var p = _space.Parameters[k];
                    unit[c] = p.ToUnit(x[k]);
                    var dir = unit[c] + h <= 1.0 ? h : -h;
                    var old = x[k];
                    x[k] = p.FromUnit(unit[c] + dir);
                    var f = Evaluate(x, best);
                    x[k] = old;
                    grad[c] = (f - fx) / dir;
                    norm += grad[c] * grad[c];
                }

                norm = Math.Sqrt(norm);
                if (norm > 0 && double.IsFinite(norm))
                {
                    for (var attempt = 0; attempt < 4 && step >= _o.MinStep; attempt++)
                    {
                        var y = (double[])x.Clone();
                        for (var c = 0; c < _continuous.Length; c++)
                        {
                            var k = _continuous[c];
                            y[k] = _space.Parameters[k].FromUnit(unit[c] + step * grad[c] / norm);
                        }

                        var fy = Evaluate(y, best);
                        if (fy > fx && Allowed(y))
                        {
                            x = y;
                            fx = fy;
                            improved = true;
                            step = Math.Min(step * 2.0, 0.25);
                            break;
                        }

                        step *= 0.25;
                    }
                }
                else
                {
                    step = 0; // Flat: no continuous direction to follow.
                }
            }

            if (_discrete.Length > 0)
            {
                double[]? bestMove = null;
                var bestF = fx;
                foreach (var k in _discrete)
                {
                    var p = _space.Parameters[k];
                    var old = x[k];
                    if (p.Kind == ParameterKind.Categorical)
                    {
                        for (var c = 0; c < p.ChoiceCount; c++)
                        {
                            if (c == (int)old)
                            {
                                continue;
                            }

                            x[k] = c;
                            var f = Evaluate(x, best);
                            if (f > bestF && Allowed(x))
                            {
                                bestF = f;
                                bestMove = (double[])x.Clone();
                            }
                        }
                    }
                    else
                    {
                        var range = p.Upper - p.Lower;
                        for (var delta = 1.0; delta == 1.0 || delta <= range / 4.0; delta *= 2.0)
                        {
                            foreach (var sign in (ReadOnlySpan<double>)[-1.0, 1.0])
                            {
                                var v = old + sign * delta;
                                if (v < p.Lower || v > p.Upper)
                                {
                                    continue;
                                }

                                x[k] = v;
                                var f = Evaluate(x, best);
                                if (f > bestF && Allowed(x))
                                {
                                    bestF = f;
                                    bestMove = (double[])x.Clone();
                                }
                            }
                        }
                    }

                    x[k] = old;
                }

                if (bestMove != null)
                {
                    x = bestMove;
                    fx = bestF;
                    improved = true;
                }
            }

            if (!improved && (_continuous.Length == 0 || step < _o.MinStep))
            {
                break;
            }
        }
    }
}
