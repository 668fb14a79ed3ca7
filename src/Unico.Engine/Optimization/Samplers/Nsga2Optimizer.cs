namespace Unico.Engine.Optimization;

/// <summary>
/// NSGA-II (Deb et al. 2002) in ask/tell form. The parent population is the best
/// <see cref="OptimizerOptions.PopulationSize"/> of all observations by non-dominated rank, then
/// crowding distance (elitist mu + lambda). Offspring come from binary tournaments on (rank,
/// crowding), simulated binary crossover (probability 0.9, eta 15, each variable with
/// probability 1/2) and polynomial mutation (probability 1/d per variable, eta 20), both in
/// unit-cube coordinates and mapped back to the space (integers rounded); categorical variables
/// use uniform crossover and random-reset mutation. Duplicates of known points, and points the feasibility predicate forbids, are redrawn.
/// </summary>
public sealed class Nsga2Optimizer : OptimizerBase
{
    private const double CrossoverProbability = 0.9;
    private const double CrossoverEta = 15.0;
    private const double MutationEta = 20.0;

    /// <summary>Creates the optimizer.</summary>
    public Nsga2Optimizer(SearchSpace space, int objectives, OptimizerOptions? options = null)
        : base(space, objectives, options)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<double[]> SuggestCore(int q, IReadOnlyList<double[]> pending, Prng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var obs = Observations;
        var result = new List<double[]>(q);
        if (obs.Count < 2)
        {
            for (var i = 0; i < q; i++)
            {
                result.Add(SampleFeasible(rng));
            }

            return result;
        }

        var (parents, rank, crowd) = SelectPopulation(obs);
        var known = KnownKeys(pending);
        while (result.Count < q)
        {
            var a = Tournament(parents, rank, crowd, rng);
            var b = Tournament(parents, rank, crowd, rng);
            var (c1, c2) = Crossover(Space.ToUnit(obs[a].Point), Space.ToUnit(obs[b].Point), rng);
            foreach (var child in (ReadOnlySpan<double[]>)[c1, c2])
            {
                if (result.Count >= q)
                {
                    break;
                }

                double[]? x = null;
                for (var attempt = 0; attempt < 20; attempt++)
                {
                    var candidate = Mutate(child, rng);
                    if (IsFeasible(candidate) && known.Add(SearchSpace.Key(candidate)))
                    {
                        x = candidate;
                        break;
                    }
                }

                if (x == null)
                {
                    for (var attempt = 0; attempt < 1000 && x == null; attempt++)
                    {
                        var candidate = SampleFeasible(rng);
                        if (known.Add(SearchSpace.Key(candidate)))
                        {
                            x = candidate;
                        }
                    }
                }

                result.Add(x ?? SampleFeasible(rng));
            }
        }

        return result;
    }

    /// <summary>Parent indices with their rank and crowding distance.</summary>
    private (List<int> Parents, Dictionary<int, int> Rank, Dictionary<int, double> Crowd) SelectPopulation(IReadOnlyList<Observation> obs)
    {
        var ys = new List<double[]>(obs.Count);
        foreach (var o in obs)
        {
            ys.Add(o.Objectives);
        }

        var fronts = ParetoFront.NonDominatedSort(ys);
        var size = Math.Max(2, Options.PopulationSize);
        var parents = new List<int>(size);
        var rank = new Dictionary<int, int>();
        var crowd = new Dictionary<int, double>();
        for (var r = 0; r < fronts.Count && parents.Count < size; r++)
        {
            var front = fronts[r];
            var cd = ParetoFront.CrowdingDistance(ys, front);
            var order = new int[front.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                var c = cd[b].CompareTo(cd[a]);
                return c != 0 ? c : front[a].CompareTo(front[b]);
            });
            foreach (var i in order)
            {
                if (parents.Count >= size)
                {
                    break;
                }

                parents.Add(front[i]);
                rank[front[i]] = r;
                crowd[front[i]] = cd[i];
            }
        }

        return (parents, rank, crowd);
    }

    private static int Tournament(List<int> parents, Dictionary<int, int> rank, Dictionary<int, double> crowd, Prng rng)
    {
        var a = parents[rng.NextInt(parents.Count)];
        var b = parents[rng.NextInt(parents.Count)];
        if (rank[a] != rank[b])
        {
            return rank[a] < rank[b] ? a : b;
        }

        if (crowd[a] != crowd[b])
        {
            return crowd[a] > crowd[b] ? a : b;
        }

        return Math.Min(a, b);
    }

    private (double[] C1, double[] C2) Crossover(double[] ua, double[] ub, Prng rng)
    {
        var d = Space.Dimension;
        var c1 = (double[])ua.Clone();
        var c2 = (double[])ub.Clone();
        if (rng.NextDouble() >= CrossoverProbability)
        {
            return (c1, c2);
        }

        for (var k = 0; k < d; k++)
        {
            var p = Space.Parameters[k];
            if (p.Kind == ParameterKind.Categorical)
            {
                if (rng.NextDouble() < 0.5)
                {
                    (c1[k], c2[k]) = (c2[k], c1[k]);
                }

                continue;
            }

            if (rng.NextDouble() >= 0.5 || Math.Abs(ua[k] - ub[k]) < 1e-14)
            {
                continue;
            }

            // Simulated binary crossover: spread factor beta from the polynomial distribution.
            var u = rng.NextDouble();
            var beta = u <= 0.5
                ? Math.Pow(2.0 * u, 1.0 / (CrossoverEta + 1.0))
                : Math.Pow(1.0 / (2.0 * (1.0 - u)), 1.0 / (CrossoverEta + 1.0));
            c1[k] = Math.Clamp(0.5 * ((1 + beta) * ua[k] + (1 - beta) * ub[k]), 0.0, 1.0);
            c2[k] = Math.Clamp(0.5 * ((1 - beta) * ua[k] + (1 + beta) * ub[k]), 0.0, 1.0);
        }

        return (c1, c2);
    }

    private double[] Mutate(double[] unit, Prng rng)
    {
        var d = Space.Dimension;
        var u = (double[])unit.Clone();
        for (var k = 0; k < d; k++)
        {
            if (rng.NextDouble() >= 1.0 / d)
            {
                continue;
            }

            var p = Space.Parameters[k];
            if (p.Kind == ParameterKind.Categorical)
            {
                u[k] = (rng.NextInt(p.ChoiceCount) + 0.5) / p.ChoiceCount;
                continue;
            }

            var r = rng.NextDouble();
            var delta = r < 0.5
                ? Math.Pow(2.0 * r, 1.0 / (MutationEta + 1.0)) - 1.0
                : 1.0 - Math.Pow(2.0 * (1.0 - r), 1.0 / (MutationEta + 1.0));
            u[k] = Math.Clamp(u[k] + delta, 0.0, 1.0);
        }

        return Space.FromUnit(u);
    }
}
