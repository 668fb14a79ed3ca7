namespace Unico.Engine.Optimization;

/// <summary>
/// Exact hypervolume indicator for <b>minimization</b>: the Lebesgue measure of the region
/// dominated by the points and bounded above by the reference point. Points that do not
/// strictly dominate the reference point in every objective contribute nothing and are ignored.
/// Algorithms: a sort-and-sweep in 2D and a z-sweep over a 2D staircase (with a segment tree for
/// neighbour queries) in 3D, both O(n log n); WFG (While, Bradstreet, Barone 2012) with
/// last-objective slicing above, recursing to the 3D sweep.
/// </summary>
public static class Hypervolume
{
    /// <summary>Hypervolume of <paramref name="points"/> with respect to <paramref name="reference"/>.</summary>
    public static double Compute(IReadOnlyList<double[]> points, ReadOnlySpan<double> reference)
    {
        ArgumentNullException.ThrowIfNull(points);
        var pts = Filter(points, reference);
        return ComputeFiltered(pts, reference.ToArray(), reference.Length);
    }

    /// <summary>
    /// Hypervolume by WFG even in 2 and 3 dimensions (the slicing recursion down to 1D);
    /// exposed so tests can check the fast paths against it.
    /// </summary>
    internal static double ComputeWfgOnly(IReadOnlyList<double[]> points, ReadOnlySpan<double> reference)
    {
        var pts = Filter(points, reference);
        return Wfg(pts, reference.ToArray(), reference.Length, fastPaths: false);
    }

    /// <summary>
    /// Exclusive contribution of every point: HV(all) - HV(all without it). Dominated points,
    /// duplicated points and points not dominating the reference contribute 0.
    /// </summary>
    public static double[] Contributions(IReadOnlyList<double[]> points, ReadOnlySpan<double> reference)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        var m = reference.Length;
        var refArr = reference.ToArray();
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var p = points[i];
            if (!StrictlyInside(p, reference))
            {
                continue;
            }

            var incl = 1.0;
            for (var j = 0; j < m; j++)
            {
                incl *= refArr[j] - p[j];
            }

            var limit = new List<double[]>(n - 1);
            for (var k = 0; k < n; k++)
            {
                if (k == i || !StrictlyInside(points[k], reference))
                {
                    continue;
                }

                var q = new double[m];
                for (var j = 0; j < m; j++)
                {
                    q[j] = Math.Max(p[j], points[k][j]);
                }

                limit.Add(q);
            }

            result[i] = Math.Max(0.0, incl - ComputeFiltered(limit, refArr, m));
        }

        return result;
    }

    private static bool StrictlyInside(ReadOnlySpan<double> p, ReadOnlySpan<double> reference)
    {
        if (p.Length != reference.Length)
        {
            throw new ArgumentException($"Point has {p.Length} objectives, reference point has {reference.Length}.");
        }

        for (var j = 0; j < p.Length; j++)
        {
            if (!(p[j] < reference[j]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<double[]> Filter(IReadOnlyList<double[]> points, ReadOnlySpan<double> reference)
    {
        var pts = new List<double[]>(points.Count);
        foreach (var p in points)
        {
            if (StrictlyInside(p, reference))
            {
                pts.Add(p);
            }
        }

        return pts;
    }

    private static double ComputeFiltered(List<double[]> pts, double[] reference, int m) => Wfg(pts, reference, m, fastPaths: true);

    /// <summary>
    /// WFG: with the points sorted by their last objective, worst first, the exclusive volume of
    /// point i against the later points is (r_d - p_d) times its (d-1)-dimensional exclusive
    /// volume against the limit set {max(p_i, p_j) : j &gt; i}, because every later point is no
    /// worse than p_i in the last objective.
    /// </summary>
    private static double Wfg(List<double[]> pts, double[] reference, int d, bool fastPaths)
    {
        var n = pts.Count;
        if (n == 0)
        {
            return 0.0;
        }

        if (d == 1)
        {
            var best = double.PositiveInfinity;
            foreach (var p in pts)
            {
                best = Math.Min(best, p[0]);
            }

            return reference[0] - best;
        }

        if (fastPaths && d == 2)
        {
            return Sweep2D(pts, reference);
        }

        if (fastPaths && d == 3)
        {
            return Sweep3D(pts, reference);
        }

        if (n == 1)
        {
            var v = 1.0;
            for (var j = 0; j < d; j++)
            {
                v *= reference[j] - pts[0][j];
            }

            return v;
        }

        var last = d - 1;
        var sorted = pts.ToArray();
        Array.Sort(sorted, (a, b) => b[last].CompareTo(a[last]));
        var total = 0.0;
        var limit = new List<double[]>(n);
        for (var i = 0; i < n; i++)
        {
            var p = sorted[i];
            var height = reference[last] - p[last];
            if (height <= 0)
            {
                continue;
            }

            var incl = 1.0;
            for (var j = 0; j < last; j++)
            {
                incl *= reference[j] - p[j];
            }

            limit.Clear();
            for (var k = i + 1; k < n; k++)
            {
                var q = new double[last];
                var s = sorted[k];
                for (var j = 0; j < last; j++)
                {
                    q[j] = Math.Max(p[j], s[j]);
                }

                limit.Add(q);
            }

            var nd = NonDominatedWeak(limit, last);
            total += height * (incl - Wfg(nd, reference, last, fastPaths));
        }

        return total;
    }

    /// <summary>Removes points weakly dominated by another (keeping one of equal duplicates).</summary>
    private static List<double[]> NonDominatedWeak(List<double[]> pts, int d)
    {
        var n = pts.Count;
        var keep = new bool[n];
        Array.Fill(keep, true);
        for (var i = 0; i < n; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (i == j || !keep[j])
                {
                    continue;
                }

                // Does i weakly dominate j?
                var weak = true;
                for (var k = 0; k < d; k++)
                {
                    if (pts[i][k] > pts[j][k])
                    {
                        weak = false;
                        break;
                    }
                }

                if (weak)
                {
                    keep[j] = false;
                }
            }
        }

        var result = new List<double[]>();
        for (var i = 0; i < n; i++)
        {
            if (keep[i])
            {
                result.Add(pts[i]);
            }
        }

        return result;
    }

    /// <summary>2D: sort by the first objective, add a horizontal strip for every new best second objective.</summary>
    internal static double Sweep2D(List<double[]> pts, double[] reference)
    {
        var sorted = pts.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            var c = a[0].CompareTo(b[0]);
            return c != 0 ? c : a[1].CompareTo(b[1]);
        });
        var bestY = reference[1];
        var area = 0.0;
        foreach (var p in sorted)
        {
            if (p[1] < bestY)
            {
                area += (reference[0] - p[0]) * (bestY - p[1]);
                bestY = p[1];
            }
        }

        return area;
    }

    /// <summary>
    /// 3D: process points by increasing third objective, maintaining the 2D non-dominated
    /// staircase of the (x, y) projections and its dominated area; volume is the sum of area
    /// times slab height. Staircase neighbours come from a segment tree over the x-ranks, so
    /// each insertion costs O(log n) plus O(1) amortized per removed point.
    /// </summary>
    internal static double Sweep3D(List<double[]> pts, double[] reference)
    {
        var n = pts.Count;
        var byX = pts.ToArray();
        Array.Sort(byX, (a, b) =>
        {
            var c = a[0].CompareTo(b[0]);
            return c != 0 ? c : a[1].CompareTo(b[1]);
        });
        var rank = new Dictionary<double[], int>(n, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < n; i++)
        {
            rank[byX[i]] = i;
        }

        var byZ = pts.ToArray();
        Array.Sort(byZ, (a, b) => a[2].CompareTo(b[2]));
        var tree = new PresenceTree(n);
        var area = 0.0;
        var volume = 0.0;
        for (var t = 0; t < n; t++)
        {
            var p = byZ[t];
            var r = rank[p];
            var pred = tree.Previous(r - 1);
            if (pred < 0 || byX[pred][1] > p[1])
            {
                // Not dominated in 2D: remove the successors it dominates, adding the area between
                // the old staircase and the new one over [x_p, x of the first remaining successor).
                var upper = pred < 0 ? reference[1] : byX[pred][1];
                var x = p[0];
                var s = tree.Next(r + 1);
                while (s >= 0 && byX[s][1] >= p[1])
                {
                    area += (byX[s][0] - x) * (upper - p[1]);
                    x = byX[s][0];
                    upper = byX[s][1];
                    tree.Set(s, false);
                    s = tree.Next(s + 1);
                }

                var right = s < 0 ? reference[0] : byX[s][0];
                area += (right - x) * (upper - p[1]);
                tree.Set(r, true);
            }

            var nextZ = t + 1 < n ? byZ[t + 1][2] : reference[2];
            volume += area * (nextZ - p[2]);
        }

        return volume;
    }

    /// <summary>Set of present indices in [0, n) with O(log n) previous/next queries.</summary>
    private sealed class PresenceTree
    {
        private readonly int[] _count;
        private readonly int _size;

        public PresenceTree(int n)
        {
            _size = 1;
            while (_size < Math.Max(n, 1))
            {
                _size <<= 1;
            }

            _count = new int[2 * _size];
        }

        public void Set(int i, bool present)
        {
            var node = i + _size;
            var delta = (present ? 1 : 0) - _count[node];
            if (delta == 0)
            {
                return;
            }

            for (; node >= 1; node >>= 1)
            {
                _count[node] += delta;
            }
        }

        /// <summary>Largest present index &lt;= i, or -1.</summary>
        public int Previous(int i)
        {
            if (i < 0)
            {
                return -1;
            }

            i = Math.Min(i, _size - 1);
            var node = i + _size;
            if (_count[node] > 0)
            {
                return i;
            }

            // Climb until a left sibling holds something, then descend to its rightmost leaf.
            while (node > 1)
            {
                if ((node & 1) == 1 && _count[node - 1] > 0)
                {
                    node--;
                    while (node < _size)
                    {
                        node = _count[2 * node + 1] > 0 ? 2 * node + 1 : 2 * node;
                    }

                    return node - _size;
                }

                node >>= 1;
            }

            return -1;
        }

        /// <summary>Smallest present index &gt;= i, or -1.</summary>
        public int Next(int i)
        {
            if (i >= _size)
            {
                return -1;
            }

            i = Math.Max(i, 0);
            var node = i + _size;
            if (_count[node] > 0)
            {
                return i;
            }

            while (node > 1)
            {
                if ((node & 1) == 0 && _count[node + 1] > 0)
                {
                    node++;
                    while (node < _size)
                    {
                        node = _count[2 * node] > 0 ? 2 * node : 2 * node + 1;
                    }

                    return node - _size;
                }

                node >>= 1;
            }

            return -1;
        }
    }
}
