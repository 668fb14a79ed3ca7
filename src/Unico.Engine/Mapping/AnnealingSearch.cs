namespace Unico.Engine.Mapping;

/// <summary>
/// Simulated annealing over the map-space, Unico's default mapper. A move relocates one or two
/// prime factors between slots (levels, temporal or spatial), swaps two non-trivial loops of a
/// level, flips a dimension's spatial axis, or flips a keep/bypass choice. Moves are accepted by
/// the Metropolis rule on log cost; the temperature halves every <see cref="MapperOptions.HalfLife"/>
/// evaluations, and after <see cref="MapperOptions.ReheatAfter"/> evaluations without a new best
/// the search returns to the best mapping and reheats. Nothing depends on the total budget, which
/// is what makes the search resumable with identical results.
/// </summary>
public sealed class AnnealingSearch : MappingSearch
{
    private enum MoveKind : byte { Prime, TwoPrimes, Dimension, Swap, Axis, Keep }

    private readonly MapState _state;
    private readonly int[] _movablePrimes;
    private readonly int[] _swapCandidates;
    private readonly int[][] _primesOfDimension;
    private readonly int[] _savedSlots;
    private readonly bool[] _savedKeep;
    private double _currentCost = double.PositiveInfinity;
    private long _sinceReheat;
    private long _lastImprovement;
    private long _startedAt;
    private bool _started;

    // The move being tried, for undo.
    private MoveKind _kind;
    private int _a, _b, _c, _d;

    /// <summary>Creates the search.</summary>
    public AnnealingSearch(MapSpace space, MapperOptions options)
        : base(space, options)
    {
        _state = new MapState(space);
        _movablePrimes = [.. Enumerable.Range(0, space.PrimeCount).Where(i => space.PrimeSlots[i].Length > 1)];
        _swapCandidates = new int[space.Dimensions];
        _primesOfDimension = [.. Enumerable.Range(0, space.Dimensions)
            .Select(x => _movablePrimes.Where(i => space.PrimeDim[i] == x).ToArray())
            .Where(p => p.Length > 1)];
        _savedSlots = new int[space.PrimeCount];
        _savedKeep = new bool[space.Levels * space.DataSpaces];
    }

    private protected override SearchWalk Walk() => new(_started, _started ? _state.ToSnapshot() : null, _currentCost, _sinceReheat, _lastImprovement, _startedAt);

    private protected override void RestoreWalk(SearchWalk walk)
    {
        _started = walk.Started;
        if (walk.Current is { } current) _state.Load(current);
        _currentCost = walk.CurrentCost;
        _sinceReheat = walk.SinceReheat;
        _lastImprovement = walk.LastImprovement;
        _startedAt = walk.StartedAt;
    }

    // The walk starts at the warm start's best mapping.
    private protected override void OnWarmStarted()
    {
        _started = true;
        _startedAt = Evaluations;
        CopyBestTo(_state);
        _currentCost = Options.SearchCost(BestSummary);
        _sinceReheat = 0;
        _lastImprovement = Evaluations;
    }

    /// <inheritdoc />
    protected override void EvaluateNext()
    {
        if (!_started)
        {
            _started = true;
            _startedAt = Evaluations;
            _state.SetToOutermost();
            _currentCost = Evaluate(_state);
            return;
        }
        if (!HasValidMapping)
        {
            // Until a valid mapping is found: the start with every free tensor bypassed (the
            // smallest tiles), then independent random points, as the random-pruned search does.
            if (Evaluations == _startedAt + 1) _state.BypassFreeKeeps();
            else _state.Randomize(Random);
            _currentCost = Evaluate(_state);
            return;
        }
        if (!ProposeMove())
        {
            // Nothing can move (a fully fixed map-space): re-evaluating is all there is.
            Evaluate(_state);
            return;
        }
        var bestBefore = BestCost;
        var cost = Evaluate(_state);
        if (BestCost < bestBefore) _lastImprovement = Evaluations;
        if (Accept(cost)) _currentCost = cost;
        else Undo();

        _sinceReheat++;
        if (Evaluations - _lastImprovement > Options.ReheatAfter && _sinceReheat > Options.ReheatAfter)
        {
            CopyBestTo(_state);
            _currentCost = Options.SearchCost(BestSummary);
            _sinceReheat = 0;
            _lastImprovement = Evaluations;
        }
    }

    private bool Accept(double cost)
    {
        if (double.IsPositiveInfinity(_currentCost)) return true;   // still looking for a valid mapping
        if (double.IsPositiveInfinity(cost)) return false;
        if (cost <= _currentCost) return true;
        var temperature = Options.InitialTemperature * Math.Pow(0.5, _sinceReheat / Options.HalfLife);
        var worse = Math.Log(cost / _currentCost);
        return Random.NextDouble() < Math.Exp(-worse / temperature);
    }

    private bool ProposeMove()
    {
        var space = Space;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var r = Random.NextDouble();
            if (r < 0.45 && _movablePrimes.Length > 0)
            {
                MovePrime(out _a, out _b);
                _kind = MoveKind.Prime;
                return true;
            }
            if (r < 0.57 && _movablePrimes.Length > 1)
            {
                MovePrime(out _a, out _b);
                MovePrime(out _c, out _d);
                _kind = MoveKind.TwoPrimes;
                return true;
            }
            if (r < 0.62 && _primesOfDimension.Length > 0)
            {
                // Re-deal every prime of one dimension: crosses barriers that single moves cannot.
                _a = Random.NextInt(_primesOfDimension.Length);
                foreach (var prime in _primesOfDimension[_a])
                {
                    _savedSlots[prime] = _state.PrimeSlot[prime];
                    var slots = Space.PrimeSlots[prime];
                    _state.MovePrime(prime, slots[Random.NextInt(slots.Length)]);
                }
                _kind = MoveKind.Dimension;
                return true;
            }
            if (r < 0.85 && space.PermutableLevels.Length > 0 && TrySwap()) return true;
            if (r < 0.93 && space.FreeAxes.Length > 0)
            {
                var pair = space.FreeAxes[Random.NextInt(space.FreeAxes.Length)];
                FlipAxis(pair);
                _kind = MoveKind.Axis;
                _a = pair;
                return true;
            }
            if (space.FreeKeeps.Length > 0)
            {
                var k = space.FreeKeeps[Random.NextInt(space.FreeKeeps.Length)];
                _state.Buffer.Keep.CopyTo(_savedKeep, 0);
                _state.Buffer.Keep[k] = !_state.Buffer.Keep[k];
                if (_state.Buffer.Keep[k] && space.GroupOf[k / space.DataSpaces] >= 0) KeepOnlyHere(k);
                _kind = MoveKind.Keep;
                _a = k;
                return true;
            }
        }
        return false;
    }

    private void MovePrime(out int prime, out int from)
    {
        prime = _movablePrimes[Random.NextInt(_movablePrimes.Length)];
        from = _state.PrimeSlot[prime];
        var slots = Space.PrimeSlots[prime];
        var to = slots[Random.NextInt(slots.Length - 1)];
        if (to == from) to = slots[^1];
        _state.MovePrime(prime, to);
    }

    // Swap two loops of one level that both iterate (swapping unit loops changes nothing).
    private bool TrySwap()
    {
        var space = Space;
        var dims = space.Dimensions;
        var level = space.PermutableLevels[Random.NextInt(space.PermutableLevels.Length)];
        var prefix = space.OrderPrefix[level].Length;
        var order = _state.Buffer.TemporalOrder;
        var n = 0;
        for (var pos = prefix; pos < dims; pos++)
        {
            if (_state.Buffer.Temporal[level * dims + order[level * dims + pos]] > 1) _swapCandidates[n++] = pos;
        }
        if (n < 2) return false;
        var i = _swapCandidates[Random.NextInt(n)];
        var j = _swapCandidates[Random.NextInt(n - 1)];
        if (j == i) j = _swapCandidates[n - 1];
        (order[level * dims + i], order[level * dims + j]) = (order[level * dims + j], order[level * dims + i]);
        _kind = MoveKind.Swap;
        (_a, _b, _c) = (level, i, j);
        return true;
    }

    // A tensor moved into one branch of a !Parallel group leaves the group's other branches.
    private void KeepOnlyHere(int k)
    {
        var space = Space;
        var level = k / space.DataSpaces;
        var s = k % space.DataSpaces;
        foreach (var l in space.KeepGroups[space.GroupOf[level]])
        {
            if (l != level && space.KeepFixed[l * space.DataSpaces + s] < 0) _state.Buffer.Keep[l * space.DataSpaces + s] = false;
        }
    }

    private void FlipAxis(int pair)
    {
        _state.AxisBit[pair] ^= 1;
        _state.WriteSpatialOrder(pair / Space.Dimensions);
    }

    private void Undo()
    {
        switch (_kind)
        {
            case MoveKind.Prime:
                _state.MovePrime(_a, _b);
                break;
            case MoveKind.TwoPrimes:
                _state.MovePrime(_c, _d);
                _state.MovePrime(_a, _b);
                break;
            case MoveKind.Dimension:
                foreach (var prime in _primesOfDimension[_a]) _state.MovePrime(prime, _savedSlots[prime]);
                break;
            case MoveKind.Swap:
            {
                var dims = Space.Dimensions;
                var order = _state.Buffer.TemporalOrder;
                (order[_a * dims + _b], order[_a * dims + _c]) = (order[_a * dims + _c], order[_a * dims + _b]);
                break;
            }
            case MoveKind.Axis:
                FlipAxis(_a);
                break;
            case MoveKind.Keep:
                _savedKeep.CopyTo(_state.Buffer.Keep, 0);
                break;
        }
    }
}
