namespace Unico.Engine.Optimization;

/// <summary>
/// Pareto-dominance utilities. Convention: every objective is <b>minimized</b>; a point a
/// dominates b when a is no worse in every objective and strictly better in at least one.
/// </summary>
public static class ParetoFront
{
    /// <summary>Whether <paramref name="a"/> Pareto-dominates <paramref name="b"/> (minimization).</summary>
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var strictlyBetter = false;
        for (var j = 0; j < a.Length; j++)
        {
            if (a[j] > b[j])
            {
                return false;
            }

            if (a[j] < b[j])
            {
                strictlyBetter = true;
            }
        }

        return strictlyBetter;
    }

    /// <summary>
    /// Marks the non-dominated points. Exact duplicates of a non-dominated point are all marked
    /// non-dominated (none dominates the other).
    /// </summary>
    public static bool[] NonDominatedMask(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        var mask = new bool[n];
        Array.Fill(mask, true);
        for (var i = 0; i < n; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (i != j && mask[j] && Dominates(points[i], points[j]))
                {
                    mask[j] = false;
                }
            }
        }

        // A point dropped above only ever loses to a point that stays or to a point that was
        // itself dominated by a staying point (transitivity), so the remaining mask is exact.
        return mask;
    }

    /// <summary>Indices of the non-dominated points, in input order.</summary>
    public static int[] NonDominatedIndices(IReadOnlyList<double[]> points)
    {
        var mask = NonDominatedMask(points);
        var list = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                list.Add(i);
            }
        }

        return [.. list];
    }

    /// <summary>
    /// Fast non-dominated sorting (Deb et al. 2002), O(M N^2): returns the fronts as lists of
    /// point indices, front 0 being the non-dominated set; each front is in increasing index order.
    /// </summary>
    public static List<int[]> NonDominatedSort(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        var dominatedBy = new int[n];
        var dominates = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            dominates[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (Dominates(points[i], points[j]))
                {
                    dominates[i].Add(j);
                    dominatedBy[j]++;
                }
                else if (Dominates(points[j], points[i]))
                {
                    dominates[j].Add(i);
                    dominatedBy[i]++;
                }
            }
        }

        var fronts = new List<int[]>();
        var current = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (dominatedBy[i] == 0)
            {
                current.Add(i);
            }
        }

        while (current.Count > 0)
        {
            current.Sort();
            fronts.Add([.. current]);
            var next = new List<int>();
            foreach (var i in current)
            {
                foreach (var j in dominates[i])
                {
                    if (--dominatedBy[j] == 0)
                    {
                        next.Add(j);
                    }
                }
            }

            current = next;
        }

        return fronts;
    }

    /// <summary>Front rank of every point (0 = non-dominated), from <see cref="NonDominatedSort"/>.</summary>
    public static int[] Ranks(IReadOnlyList<double[]> points)
    {
        var ranks = new int[points.Count];
        var fronts = NonDominatedSort(points);
        for (var r = 0; r < fronts.Count; r++)
        {
            foreach (var i in fronts[r])
            {
                ranks[i] = r;
            }
        }

        return ranks;
    }

    /// <summary>
    /// NSGA-II crowding distance of the points of one front (indices into
    /// <paramref name="points"/>); returned in the order of <paramref name="front"/>. Boundary
    /// points of each objective get +infinity; objectives with zero range add nothing.
    /// </summary>
    public static double[] CrowdingDistance(IReadOnlyList<double[]> points, IReadOnlyList<int> front)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(front);
        var k = front.Count;
        var distance = new double[k];
        if (k == 0)
        {
            return distance;
        }

        if (k <= 2)
        {
            Array.Fill(distance, double.PositiveInfinity);
            return distance;
        }

        var m = points[front[0]].Length;
        var order = new int[k];
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < k; i++)
            {
                order[i] = i;
            }

            var obj = j;
            Array.Sort(order, (a, b) =>
            {
                var c = points[front[a]][obj].CompareTo(points[front[b]][obj]);
                return c != 0 ? c : a.CompareTo(b);
            });
            var lo = points[front[order[0]]][obj];
            var hi = points[front[order[k - 1]]][obj];
            distance[order[0]] = double.PositiveInfinity;
            distance[order[k - 1]] = double.PositiveInfinity;
            var range = hi - lo;
            if (range <= 0)
            {
                continue;
            }

            for (var i = 1; i < k - 1; i++)
            {
                distance[order[i]] += (points[front[order[i + 1]]][obj] - points[front[order[i - 1]]][obj]) / range;
            }
        }

        return distance;
    }
}
