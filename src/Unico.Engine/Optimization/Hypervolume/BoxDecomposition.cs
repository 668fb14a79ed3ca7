namespace Unico.Engine.Optimization;

/// <summary>
/// A disjoint decomposition of the region that a Pareto front does <b>not</b> dominate, below the
/// reference point (minimization): boxes [lower, upper) whose union is
/// { z &lt;= r : no front point p has p &lt;= z }. Lower bounds may be -infinity.
/// The hypervolume improvement of a new point y is then the sum over boxes of
/// prod_j max(0, upper_j - max(lower_j, y_j)), which is what the acquisition functions use.
/// </summary>
internal sealed class BoxDecomposition
{
    private readonly double[][] _lowerByObjective;
    private readonly double[][] _upperByObjective;

    private BoxDecomposition(int objectives, double[] lower, double[] upper)
    {
        Objectives = objectives;
        Lower = lower;
        Upper = upper;
        Count = lower.Length / objectives;

        // Objective-major copies for the vectorized improvement loop.
        _lowerByObjective = new double[objectives][];
        _upperByObjective = new double[objectives][];
        for (var j = 0; j < objectives; j++)
        {
            _lowerByObjective[j] = new double[Count];
            _upperByObjective[j] = new double[Count];
            for (var b = 0; b < Count; b++)
            {
                _lowerByObjective[j][b] = lower[b * objectives + j];
                _upperByObjective[j][b] = upper[b * objectives + j];
            }
        }
    }

    /// <summary>Number of objectives M.</summary>
    public int Objectives { get; }

    /// <summary>Number of boxes.</summary>
    public int Count { get; }

    /// <summary>Lower corners, box-major (Count x M).</summary>
    public double[] Lower { get; }

    /// <summary>Upper corners, box-major (Count x M).</summary>
    public double[] Upper { get; }

    /// <summary>
    /// Builds the decomposition of the region not dominated by <paramref name="front"/>. Points
    /// that do not strictly dominate the reference point are ignored (they do not reach into the box).
    /// The front need not be filtered for dominance.
    /// </summary>
    public static BoxDecomposition Build(IReadOnlyList<double[]> front, ReadOnlySpan<double> reference)
    {
        var m = reference.Length;
        var refArr = reference.ToArray();
        var pts = new List<double[]>(front.Count);
        foreach (var p in front)
        {
            var inside = true;
            for (var j = 0; j < m; j++)
            {
                if (!(p[j] < refArr[j]))
                {
                    inside = false;
                    break;
                }
            }

            if (inside)
            {
                pts.Add(p);
            }
        }

        var lower = new List<double>();
        var upper = new List<double>();
        switch (m)
        {
            case 1:
                {
                    var best = refArr[0];
                    foreach (var p in pts)
                    {
                        best = Math.Min(best, p[0]);
                    }

                    lower.Add(double.NegativeInfinity);
                    upper.Add(best);
                    break;
                }

            case 2:
                Build2D(pts, refArr, lower, upper);
                break;
            case 3:
                Build3D(pts, refArr, lower, upper);
                break;
            default:
                BuildSliced(pts, refArr, m, lower, upper);
                break;
        }

        return new BoxDecomposition(m, [.. lower], [.. upper]);
    }

    /// <summary>Hypervolume improvement of a point y (length M) over the decomposed front.</summary>
    public double Improvement(ReadOnlySpan<double> y)
    {
        var m = Objectives;
        var total = 0.0;
        var start = 0;
        var width = System.Numerics.Vector<double>.Count;
        if (System.Numerics.Vector.IsHardwareAccelerated && Count >= width)
        {
            var acc = System.Numerics.Vector<double>.Zero;
            for (; start + width <= Count; start += width)
            {
                var prod = System.Numerics.Vector<double>.One;
                for (var j = 0; j < m; j++)
                {
                    var lo = System.Numerics.Vector.Max(
                        new System.Numerics.Vector<double>(_lowerByObjective[j], start),
                        new System.Numerics.Vector<double>(y[j]));
                    var w = new System.Numerics.Vector<double>(_upperByObjective[j], start) - lo;
                    prod *= System.Numerics.Vector.Max(w, System.Numerics.Vector<double>.Zero);
                }

                acc += prod;
            }

            total = System.Numerics.Vector.Sum(acc);
        }

        for (var b = start; b < Count; b++)
        {
            var off = b * m;
            var vol = 1.0;
            for (var j = 0; j < m; j++)
            {
                var lo = Math.Max(Lower[off + j], y[j]);
                var w = Upper[off + j] - lo;
                if (w <= 0)
                {
                    vol = 0;
                    break;
                }

                vol *= w;
            }

            total += vol;
        }

        return total;
    }

    private static List<double[]> Staircase2D(List<double[]> pts, int xi, int yi)
    {
        var sorted = pts.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            var c = a[xi].CompareTo(b[xi]);
            return c != 0 ? c : a[yi].CompareTo(b[yi]);
        });
        var stair = new List<double[]>();
        var bestY = double.PositiveInfinity;
        foreach (var p in sorted)
        {
            if (p[yi] < bestY)
            {
                stair.Add(p);
                bestY = p[yi];
            }
        }

        return stair;
    }

    private static void Build2D(List<double[]> pts, double[] r, List<double> lower, List<double> upper)
    {
        var stair = Staircase2D(pts, 0, 1);
        var xLo = double.NegativeInfinity;
        var yHi = r[1];
        foreach (var p in stair)
        {
            AddBox(lower, upper, [xLo, double.NegativeInfinity], [p[0], yHi]);
            xLo = p[0];
            yHi = p[1];
        }

        AddBox(lower, upper, [xLo, double.NegativeInfinity], [r[0], yHi]);
    }

    private struct Cell
    {
        public double Lo;
        public double Hi;
        public double Height;
        public double Z0;
    }

    /// <summary>
    /// 3D: sweep in z; the 2D non-dominated region of the slice is a row of cells
    /// [lo, hi) x (-inf, height). A new point closes the cells it changes (emitting their boxes
    /// with z-extent [z0, z)) and opens at most two cells, so the result has O(n) boxes.
    /// </summary>
    private static void Build3D(List<double[]> pts, double[] r, List<double> lower, List<double> upper)
    {
        var byZ = pts.ToArray();
        Array.Sort(byZ, (a, b) =>
        {
            var c = a[2].CompareTo(b[2]);
            if (c != 0)
            {
                return c;
            }

            c = a[0].CompareTo(b[0]);
            return c != 0 ? c : a[1].CompareTo(b[1]);
        });

        // Staircase points (x asc, y desc); cell i spans [stair[i-1].x or -inf, stair[i].x or r0).
        var stairX = new List<double>();
        var stairY = new List<double>();
        var cells = new List<Cell> { new() { Lo = double.NegativeInfinity, Hi = r[0], Height = r[1], Z0 = double.NegativeInfinity } };
        foreach (var p in byZ)
        {
            var x = p[0];
            var y = p[1];
            var z = p[2];

            // j = first staircase index with x_j >= x.
            var j = LowerBound(stairX, x);
            var lastLeq = j < stairX.Count && stairX[j] == x ? j : j - 1;
            if (lastLeq >= 0 && stairY[lastLeq] <= y)
            {
                continue; // Dominated in the (x, y) projection: the slice region does not change.
            }

            var k = j;
            while (k < stairX.Count && stairY[k] >= y)
            {
                k++;
            }

            // Cells j..k change: cell j contains x, cells j+1..k lie right of removed points.
            for (var c = j; c <= k; c++)
            {
                Emit(cells[c], z, lower, upper);
            }

            var left = cells[j];
            var hiK = cells[k].Hi;
            cells.RemoveRange(j, k - j + 1);
            cells.Insert(j, new Cell { Lo = x, Hi = hiK, Height = y, Z0 = z });
            cells.Insert(j, new Cell { Lo = left.Lo, Hi = x, Height = left.Height, Z0 = z });
            stairX.RemoveRange(j, k - j);
            stairY.RemoveRange(j, k - j);
            stairX.Insert(j, x);
            stairY.Insert(j, y);
        }

        foreach (var c in cells)
        {
            Emit(c, r[2], lower, upper);
        }
    }

    private static void Emit(Cell c, double zEnd, List<double> lower, List<double> upper)
    {
        if (c.Hi > c.Lo && zEnd > c.Z0)
        {
            AddBox(lower, upper, [c.Lo, double.NegativeInfinity, c.Z0], [c.Hi, c.Height, zEnd]);
        }
    }

    private static int LowerBound(List<double> xs, double x)
    {
        int lo = 0, hi = xs.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (xs[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// M &gt;= 4: slice along the last objective; each slab between consecutive last-objective
    /// values is the (M-1)-dimensional decomposition of the points below it, extruded.
    /// </summary>
    private static void BuildSliced(List<double[]> pts, double[] r, int m, List<double> lower, List<double> upper)
    {
        var last = m - 1;
        var sorted = pts.ToArray();
        Array.Sort(sorted, (a, b) => a[last].CompareTo(b[last]));
        var subRef = r.AsSpan(0, last).ToArray();
        var below = new List<double[]>();
        var zLo = double.NegativeInfinity;
        var i = 0;
        while (true)
        {
            var zHi = i < sorted.Length ? sorted[i][last] : r[last];
            if (zHi > zLo)
            {
                var sub = Build(below, subRef);
                for (var b = 0; b < sub.Count; b++)
                {
                    var lo = new double[m];
                    var hi = new double[m];
                    Array.Copy(sub.Lower, b * last, lo, 0, last);
                    Array.Copy(sub.Upper, b * last, hi, 0, last);
                    lo[last] = zLo;
                    hi[last] = zHi;
                    AddBox(lower, upper, lo, hi);
                }
            }

            if (i >= sorted.Length)
            {
                break;
            }

            // Add every point at this level before the next slab.
            zLo = zHi;
            while (i < sorted.Length && sorted[i][last] == zHi)
            {
                below.Add(sorted[i].AsSpan(0, last).ToArray());
                i++;
            }

            below = ParetoFrontFilter(below);
        }
    }

    private static List<double[]> ParetoFrontFilter(List<double[]> pts)
    {
        var mask = ParetoFront.NonDominatedMask(pts);
        var result = new List<double[]>();
        for (var i = 0; i < pts.Count; i++)
        {
            if (mask[i])
            {
                result.Add(pts[i]);
            }
        }

        return result;
    }

    private static void AddBox(List<double> lower, List<double> upper, double[] lo, double[] hi)
    {
        lower.AddRange(lo);
        upper.AddRange(hi);
    }
}
