namespace Partitioner.DataGen;

/// <summary>
/// Groups practices into synthetic CCGs: k-means on position where each group also has a power-diagram
/// weight (cells stay convex, so groups stay contiguous) nudged until each group's patients approach its
/// own randomly varied target; most groups land in 100k–750k and a few fall outside, like real CCGs.
/// </summary>
/// <param name="random">The run's seeded random source.</param>
public sealed class CcgGrouping(Random random)
{
    private const int KMeansIterations = 30;
    private const int BalanceIterations = 300;

    /// <summary>Returns a group index (0..groups-1) for each practice.</summary>
    public int[] Assign(IReadOnlyList<Practice> practices, int groups, double targetSpread)
    {
        int n = practices.Count;
        var x = new double[n];
        var y = new double[n];
        var w = new double[n];
        double refLat = 0;
        for (int i = 0; i < n; i++) refLat += practices[i].Location.Lat / n;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            (x[i], y[i]) = LatLon.ToLocalKm(practices[i].Location, refLat);
            w[i] = practices[i].ListSize;
            total += w[i];
        }

        var target = DrawTargets(groups, total, targetSpread);
        var (cx, cy) = SeedCentres(x, y, w, groups);
        var offset = new double[groups];
        var assignment = new int[n];
        // Phase 1: plain k-means (empty groups restart in the most populous one).
        double[] spread = new double[groups];
        for (int iter = 0; iter < KMeansIterations; iter++)
        {
            var pop = AssignNearest(x, y, w, cx, cy, offset, assignment);
            spread = MoveCentres(x, y, w, assignment, cx, cy);
            for (int c = 0; c < groups; c++)
                if (pop[c] <= 0) Reseed(c, pop, x, y, assignment, cx, cy);
        }
        // Phase 2: centres fixed; grow or shrink each group's power-diagram weight towards its target.
        for (int iter = 0; iter < BalanceIterations; iter++)
        {
            var pop = AssignNearest(x, y, w, cx, cy, offset, assignment);
            double rate = 0.3 * (1.0 - (0.8 * iter / BalanceIterations));
            for (int c = 0; c < groups; c++)
                offset[c] += rate * spread[c] * Math.Clamp((target[c] - pop[c]) / target[c], -1.0, 1.0);
        }
        AssignNearest(x, y, w, cx, cy, offset, assignment);
        return assignment;
    }

    private double[] DrawTargets(int groups, double total, double spread)
    {
        var target = new double[groups];
        double sum = 0;
        for (int c = 0; c < groups; c++) sum += target[c] = Math.Exp(spread * random.NextGaussian());
        for (int c = 0; c < groups; c++) target[c] *= total / sum;
        return target;
    }

    // k-means++ seeding weighted by patients, so centres start where people are.
    private (double[] Cx, double[] Cy) SeedCentres(double[] x, double[] y, double[] w, int groups)
    {
        var cx = new double[groups];
        var cy = new double[groups];
        var d2 = new double[x.Length];
        int first = random.NextWeightedIndex(w);
        cx[0] = x[first]; cy[0] = y[first];
        for (int i = 0; i < x.Length; i++) d2[i] = double.MaxValue;
        var score = new double[x.Length];
        for (int c = 1; c < groups; c++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                double dx = x[i] - cx[c - 1], dy = y[i] - cy[c - 1];
                d2[i] = Math.Min(d2[i], (dx * dx) + (dy * dy));
                score[i] = d2[i] * w[i];
            }
            int pick = random.NextWeightedIndex(score);
            cx[c] = x[pick]; cy[c] = y[pick];
        }
        return (cx, cy);
    }

    private static double[] AssignNearest(double[] x, double[] y, double[] w, double[] cx, double[] cy, double[] offset, int[] assignment)
    {
        var pop = new double[cx.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int best = 0;
            double bestCost = double.MaxValue;
            for (int c = 0; c < cx.Length; c++)
            {
                double dx = x[i] - cx[c], dy = y[i] - cy[c];
                double cost = (dx * dx) + (dy * dy) - offset[c];
                if (cost < bestCost) { bestCost = cost; best = c; }
            }
            assignment[i] = best;
            pop[best] += w[i];
        }
        return pop;
    }

    // An empty group restarts on a practice of the most populous group.
    private void Reseed(int empty, double[] pop, double[] x, double[] y, int[] assignment, double[] cx, double[] cy)
    {
        int largest = 0;
        for (int c = 1; c < pop.Length; c++) if (pop[c] > pop[largest]) largest = c;
        var members = new List<int>();
        for (int i = 0; i < x.Length; i++) if (assignment[i] == largest) members.Add(i);
        int pick = random.NextItem(members);
        cx[empty] = x[pick]; cy[empty] = y[pick];
    }

    // Moves each centre to its members' patient-weighted mean; returns each group's mean squared radius (km²).
    private static double[] MoveCentres(double[] x, double[] y, double[] w, int[] assignment, double[] cx, double[] cy)
    {
        var sx = new double[cx.Length];
        var sy = new double[cx.Length];
        var sw = new double[cx.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = assignment[i];
            sx[c] += x[i] * w[i]; sy[c] += y[i] * w[i]; sw[c] += w[i];
        }
        for (int c = 0; c < cx.Length; c++)
        {
            if (sw[c] <= 0) continue;
            cx[c] = sx[c] / sw[c]; cy[c] = sy[c] / sw[c];
        }
        var spread = new double[cx.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = assignment[i];
            double dx = x[i] - cx[c], dy = y[i] - cy[c];
            spread[c] += ((dx * dx) + (dy * dy)) * w[i] / sw[c];
        }
        for (int c = 0; c < cx.Length; c++) spread[c] = Math.Max(spread[c], 1.0);
        return spread;
    }
}
