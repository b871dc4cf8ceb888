namespace Partitioner.Core.Ensembles;

/// <summary>A weighted sample of values (growing arrays, sorted once when read): a proposed consortium's reference
/// distribution in the outlier test. Not thread-safe.</summary>
internal sealed class WeightedValues
{
    private double[] _values = new double[64];
    private double[] _weights = new double[64];
    private double[] _cumulative = [];
    private double _total;

    public int Count { get; private set; }

    public void Add(double value, double weight)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, 2 * Count);
            Array.Resize(ref _weights, 2 * Count);
        }
        _values[Count] = value;
        _weights[Count] = weight;
        Count++;
    }

    /// <summary>Sorts by value and totals the weights (call before <see cref="Around"/> and <see cref="Quantile"/>).</summary>
    public void Sort()
    {
        Array.Sort(_values, _weights, 0, Count);
        _cumulative = new double[Count];
        double run = 0;
        for (int i = 0; i < Count; i++) { run += _weights[i]; _cumulative[i] = run; }
        _total = run;
    }

    /// <summary>The weight below <paramref name="x"/>, at it, and in all.</summary>
    public (double Less, double Equal, double Total) Around(double x)
    {
        int lo = LowerBound(x), hi = UpperBound(x);
        double less = lo > 0 ? _cumulative[lo - 1] : 0, upTo = hi > 0 ? _cumulative[hi - 1] : 0;
        return (less, upTo - less, _total);
    }

    /// <summary>The value at which the weight below first reaches <paramref name="q"/> of the total.</summary>
    public double Quantile(double q)
    {
        double target = q * _total;
        int lo = 0, hi = Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_cumulative[mid] < target) lo = mid + 1; else hi = mid;
        }
        return _values[lo];
    }

    private int LowerBound(double x)
    {
        int lo = 0, hi = Count;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (_values[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private int UpperBound(double x)
    {
        int lo = 0, hi = Count;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (_values[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
