namespace Unico.Engine.Mapping;

/// <summary>One improvement of a search: after <paramref name="Evaluation"/> evaluations the best cost became <paramref name="Cost"/>.</summary>
/// <param name="Evaluation">1-based evaluation count at which the improvement happened.</param>
/// <param name="Cost">The new best cost.</param>
public readonly record struct TracePoint(long Evaluation, double Cost);

/// <summary>
/// A search's best cost after each evaluation, stored as its improvements (a step function), so a
/// long search costs memory only when it makes progress.
/// </summary>
public sealed class SearchTrace
{
    private readonly List<TracePoint> _points = [];

    /// <summary>The improvements, in order.</summary>
    public IReadOnlyList<TracePoint> Points => _points;

    /// <summary>Best cost after <paramref name="evaluations"/> evaluations (infinite before the first valid one).</summary>
    public double BestAfter(long evaluations)
    {
        // Binary search for the last improvement at or before `evaluations`.
        int lo = 0, hi = _points.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_points[mid].Evaluation <= evaluations)
            {
                found = mid;
                lo = mid + 1;
            }
            else hi = mid - 1;
        }
        return found < 0 ? double.PositiveInfinity : _points[found].Cost;
    }

    /// <summary>The first evaluation count at which the best cost was at or below <paramref name="target"/>, or null.</summary>
    public long? EvaluationsToReach(double target)
    {
        foreach (var p in _points)
        {
            if (p.Cost <= target) return p.Evaluation;
        }
        return null;
    }

    internal void Record(long evaluation, double cost) => _points.Add(new TracePoint(evaluation, cost));

    internal void Replace(IEnumerable<TracePoint> points)
    {
        _points.Clear();
        _points.AddRange(points);
    }
}
