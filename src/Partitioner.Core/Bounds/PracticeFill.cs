namespace Partitioner.Core.Bounds;

/// <summary>
/// The per-practice relaxation. A contiguous consortium of S patients holding practice p contains a path from p to each
/// member, so every member q lies within node-weighted distance S of p (the patients on a path from p to q, both ends
/// included). For a range of sizes S ∈ [a, b] the consortium is therefore p plus practices reachable within b, totalling
/// between a and b patients; taking them fractionally, the lowest (highest) mean it can have is found greedily: the
/// lowest (highest) values first while they pull the mean towards them, then practices without the value as neutral
/// filler, then the next values until a is reached. Every consortium holding p has a mean inside the union of these
/// intervals over a grid of size ranges covering [max(min, patients of p), max], so the distance from the area mean to
/// that union bounds the band any plan can meet. One instance per thread: it keeps scratch arrays.
/// </summary>
internal sealed class PracticeFill
{
    /// <summary>Size ranges the interval [max(min, p), max] is cut into (geometrically).</summary>
    public const int Ranges = 24;

    private const double Slack = 1e-9;

    private readonly int[] _offsets, _targets;
    private readonly double[] _patients, _value, _weight;
    private readonly double _min, _max, _mean;
    private readonly double[] _dist;
    private readonly List<int> _touched = [];
    private readonly PriorityQueue<int, double> _queue = new();
    private double[] _sortedV, _mergedV;
    private int[] _sortedI, _mergedI;
    private readonly double[] _batchV;
    private readonly int[] _batchI;
    private int _sortedCount, _batchCount;
    private double _unscored;

    public PracticeFill(int[] offsets, int[] targets, double[] patients, AttributeValues values, double min, double max)
    {
        _offsets = offsets;
        _targets = targets;
        _patients = patients;
        _value = values.Value;
        _weight = values.Weight;
        _mean = values.Mean;
        _min = min;
        _max = max;
        int n = patients.Length;
        _dist = new double[n];
        Array.Fill(_dist, double.PositiveInfinity);
        _sortedV = new double[n];
        _sortedI = new int[n];
        _mergedV = new double[n];
        _mergedI = new int[n];
        _batchV = new double[n];
        _batchI = new int[n];
    }

    /// <summary>The bound for practice <paramref name="p"/>, as a deviation from the area mean in the attribute's units.</summary>
    public PracticeReach Evaluate(int p, double scale)
    {
        Reset();
        double own = _patients[p];
        if (_weight[p] <= 0 || own > _max * (1 + Slack)) return new PracticeReach(p, 0, double.NaN, 0, 0);
        double start = Math.Max(_min, own);
        Span<double> lower = stackalloc double[Ranges + 1];
        int ranges = start >= _max ? 1 : Ranges;
        for (int r = 0; r <= ranges; r++) lower[r] = r == 0 ? start : r == ranges ? _max : start * Math.Pow(_max / start, (double)r / ranges);
        if (start >= _max) lower[0] = _max;

        double best = double.PositiveInfinity, closest = double.NaN;
        int reached = 0;
        double reachedPatients = 0;
        int range = 0;
        _dist[p] = own;
        _touched.Add(p);
        _queue.Enqueue(p, own);
        while (_queue.TryDequeue(out int v, out double d))
        {
            if (d > _dist[v]) continue;
            // Every practice within the range's upper size is settled: measure the range.
            while (range < ranges && d > lower[range + 1] * (1 + Slack))
            {
                if (Measure(p, lower[range], lower[range + 1], ref best, ref closest)) return new PracticeReach(p, 0, double.NaN, reached, reachedPatients);
                range++;
            }
            if (v != p)
            {
                reached++;
                reachedPatients += _patients[v];
                if (_weight[v] > 0) { _batchV[_batchCount] = _value[v]; _batchI[_batchCount++] = v; }
                else _unscored += _patients[v];
                // A subset of the range's reach already holding the area mean proves nothing: stop early.
                if (_batchCount >= Math.Max(16, _sortedCount) && Contains(p, lower[range], lower[range + 1])) return new PracticeReach(p, 0, double.NaN, reached, reachedPatients);
            }
            for (int e = _offsets[v]; e < _offsets[v + 1]; e++)
            {
                int w = _targets[e];
                double nd = d + _patients[w];
                if (nd > _max * (1 + Slack) || nd >= _dist[w]) continue;
                if (double.IsPositiveInfinity(_dist[w])) _touched.Add(w);
                _dist[w] = nd;
                _queue.Enqueue(w, nd);
            }
        }
        for (; range < ranges; range++)
            if (Measure(p, lower[range], lower[range + 1], ref best, ref closest)) return new PracticeReach(p, 0, double.NaN, reached, reachedPatients);
        return double.IsPositiveInfinity(best)
            ? new PracticeReach(p, 0, double.NaN, reached, reachedPatients)
            : new PracticeReach(p, best / scale, closest, reached, reachedPatients);
    }

    /// <summary>Measures the size range [a, b] with every practice settled so far; true when its interval holds the area mean.</summary>
    private bool Measure(int p, double a, double b, ref double best, ref double closest)
    {
        Flush();
        var (lo, hi) = Interval(p, a - _patients[p], b - _patients[p]);
        if (double.IsNaN(lo)) return false;
        double gap = lo > _mean ? lo - _mean : _mean > hi ? _mean - hi : 0;
        if (gap <= 0) return true;
        if (gap < best) { best = gap; closest = lo > _mean ? lo : hi; }
        return false;
    }

    private bool Contains(int p, double a, double b)
    {
        Flush();
        var (lo, hi) = Interval(p, a - _patients[p], b - _patients[p]);
        return !double.IsNaN(lo) && lo <= _mean && _mean <= hi;
    }

    /// <summary>The lowest and highest mean of p with a fractional fill of the settled practices totalling between
    /// <paramref name="fillMin"/> and <paramref name="fillMax"/> patients; NaN when they hold too few patients.</summary>
    private (double Lo, double Hi) Interval(int p, double fillMin, double fillMax)
    {
        fillMin = Math.Max(0, fillMin);
        double lo = Extreme(p, fillMin, fillMax, ascending: true);
        if (double.IsNaN(lo)) return (double.NaN, double.NaN);
        return (lo, Extreme(p, fillMin, fillMax, ascending: false));
    }

    private double Extreme(int p, double fillMin, double fillMax, bool ascending)
    {
        double a = _weight[p] * _value[p], b = _weight[p], filled = 0;
        int k = 0;
        double left = 0;
        // Values that pull the mean their way, up to the most patients allowed.
        for (; k < _sortedCount && filled < fillMax; k++)
        {
            int at = ascending ? k : _sortedCount - 1 - k;
            double v = _sortedV[at];
            if (ascending ? v >= a / b : v <= a / b) break;
            double x = Math.Min(_patients[_sortedI[at]], fillMax - filled);
            a += x * v;
            b += x;
            filled += x;
            if (x < _patients[_sortedI[at]]) { left = _patients[_sortedI[at]] - x; break; }
        }
        if (filled >= fillMin * (1 - Slack)) return a / b;
        // Too few patients yet: neutral practices first, then the next values.
        filled += Math.Min(_unscored, fillMin - filled);
        for (; k < _sortedCount && filled < fillMin * (1 - Slack); k++)
        {
            int at = ascending ? k : _sortedCount - 1 - k;
            double available = left > 0 ? left : _patients[_sortedI[at]];
            left = 0;
            double x = Math.Min(available, fillMin - filled);
            a += x * _sortedV[at];
            b += x;
            filled += x;
        }
        return filled >= fillMin * (1 - Slack) ? a / b : double.NaN;
    }

    /// <summary>Merges the practices settled since the last measure into the value-sorted list.</summary>
    private void Flush()
    {
        if (_batchCount == 0) return;
        Array.Sort(_batchV, _batchI, 0, _batchCount);
        int i = 0, j = 0, o = 0;
        while (i < _sortedCount || j < _batchCount)
        {
            bool fromSorted = j >= _batchCount || (i < _sortedCount && _sortedV[i] <= _batchV[j]);
            if (fromSorted) { _mergedV[o] = _sortedV[i]; _mergedI[o++] = _sortedI[i++]; }
            else { _mergedV[o] = _batchV[j]; _mergedI[o++] = _batchI[j++]; }
        }
        (_sortedV, _mergedV) = (_mergedV, _sortedV);
        (_sortedI, _mergedI) = (_mergedI, _sortedI);
        _sortedCount = o;
        _batchCount = 0;
    }

    private void Reset()
    {
        foreach (int v in _touched) _dist[v] = double.PositiveInfinity;
        _touched.Clear();
        _queue.Clear();
        _sortedCount = 0;
        _batchCount = 0;
        _unscored = 0;
    }
}
