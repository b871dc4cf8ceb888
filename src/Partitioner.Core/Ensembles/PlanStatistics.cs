using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// Measures one plan's <see cref="PlanColumns"/> from its assignment in O(practices + edges): running sums per
/// consortium, the cut edges with their shared border, and the consortium × existing-group table for disruption. The
/// same code measures the ensemble's plans and a proposal, so their figures compare like with like. Scratch is kept
/// between calls (no allocation per plan once sized); owned by one thread.
/// </summary>
internal sealed class PlanStatistics
{
    private readonly SearchData _m;
    private readonly CellShape _shape;
    private ConsortiumSums[] _sums = [];
    private double[] _area = [], _perimeter = [], _groups = [];

    public PlanStatistics(SearchData m, CellShape shape)
    {
        _m = m;
        _shape = shape;
    }

    /// <summary>Fills <paramref name="row"/> (one value per <see cref="PlanColumns"/>) for a plan of <paramref name="k"/> consortia.</summary>
    public void Measure(int[] assign, int k, Span<double> row)
    {
        var m = _m;
        if (_sums.Length < k)
        {
            _sums = new ConsortiumSums[k];
            _area = new double[k];
            _perimeter = new double[k];
        }
        Array.Clear(_sums, 0, k);
        Array.Clear(_area, 0, k);
        Array.Clear(_perimeter, 0, k);
        int n = m.N;
        int[] off = m.Offsets, tgt = m.Targets;
        long cut = 0;
        for (int v = 0; v < n; v++)
        {
            int c = assign[v];
            _sums[c].Add(m, v);
            _area[c] += _shape.Area[v];
            double perimeter = _shape.Outside[v];
            for (int e = off[v]; e < off[v + 1]; e++)
            {
                if (assign[tgt[e]] == c) continue;
                perimeter += _shape.EdgeLength[e];
                if (tgt[e] > v) cut++;
            }
            _perimeter[c] += perimeter;
        }

        double depWorst = 0, depSq = 0, depSum = 0, spendWorst = 0, spendSq = 0, spendSum = 0, inertia = 0, ppSum = 0, ppMin = double.PositiveInfinity;
        int depCount = 0, spendCount = 0, ppCount = 0;
        for (int c = 0; c < k; c++)
        {
            ref readonly var s = ref _sums[c];
            if (s.P <= 0) continue;
            double i = s.Pq - (s.Px * s.Px + s.Py * s.Py) / s.P;
            inertia += i > 0 ? i : 0;
            if (s.DepW > 0)
            {
                double d = (s.DepPd / s.DepW - m.DepMean) / m.DepScale;
                depWorst = Math.Max(depWorst, Math.Abs(d));
                depSum += d; depSq += d * d; depCount++;
            }
            if (s.SpendW > 0)
            {
                double d = (s.Spend / s.SpendW - m.SpendMean) / m.SpendScale;
                spendWorst = Math.Max(spendWorst, Math.Abs(d));
                spendSum += d; spendSq += d * d; spendCount++;
            }
            if (_perimeter[c] > 0)
            {
                double pp = 4 * Math.PI * _area[c] / (_perimeter[c] * _perimeter[c]);
                ppSum += pp; ppCount++;
                ppMin = Math.Min(ppMin, pp);
            }
        }
        row[PlanColumns.Count] = k;
        row[PlanColumns.CutEdges] = cut;
        row[PlanColumns.DeprivationWorst] = depCount > 0 ? 100 * depWorst : double.NaN;
        row[PlanColumns.DeprivationSpread] = depCount > 0 ? 100 * StandardDeviation(depSum, depSq, depCount) : double.NaN;
        row[PlanColumns.SpendWorst] = spendCount > 0 ? 100 * spendWorst : double.NaN;
        row[PlanColumns.SpendSpread] = spendCount > 0 ? 100 * StandardDeviation(spendSum, spendSq, spendCount) : double.NaN;
        row[PlanColumns.Inertia] = inertia / m.TotalP;
        row[PlanColumns.PolsbyPopperMean] = ppCount > 0 ? ppSum / ppCount : double.NaN;
        row[PlanColumns.PolsbyPopperMin] = ppCount > 0 ? ppMin : double.NaN;
        row[PlanColumns.Disruption] = Disruption(assign, k);
    }

    private static double StandardDeviation(double sum, double squares, int count)
    {
        double mean = sum / count;
        return Math.Sqrt(Math.Max(0, squares / count - mean * mean));
    }

    /// <summary>The solver's disruption, in % of patients: Σ over practices of patients × the share of its existing group
    /// outside its consortium, / all patients (NaN without an existing grouping).</summary>
    private double Disruption(int[] assign, int k)
    {
        var m = _m;
        int g = m.GroupCount;
        if (g == 0) return double.NaN;
        if (_groups.Length < k * g) _groups = new double[k * g];
        Array.Clear(_groups, 0, k * g);
        for (int v = 0; v < m.N; v++)
            if (m.Group[v] >= 0) _groups[assign[v] * g + m.Group[v]] += m.P[v];
        double squares = 0;
        for (int i = 0; i < k * g; i++)
        {
            double x = _groups[i];
            if (x != 0) squares += x * x / m.GroupPatients[i % g];
        }
        return 100 * (m.GroupedPatients - squares) / m.TotalP;
    }
}
