namespace Partitioner.Core.Bounds;

/// <summary>
/// The region relaxation, where practices compete for the same counterweights. Every practice of a cluster R is in some
/// consortium; those consortia hold R and otherwise only practices within node-weighted distance max of R, each at most
/// once. With θ the band's edge (area mean + band), each of them has Σ w·(v − θ) ≤ 0, so their sum, which is at least
/// Σ_R w·(v − θ) + Σ_{reachable} min(0, w·(v − θ)), must be ≤ 0 too: the smallest θ for which that holds bounds the
/// band from below. Clusters tried: the connected groups of practices whose value is past the area mean by more than a
/// ladder of thresholds, the largest excess first. The lower side is the same with the signs turned.
/// </summary>
internal sealed class RegionFill(int[] offsets, int[] targets, double[] patients, AttributeValues values, double max)
{
    /// <summary>Thresholds, as fractions of the area's scale past its mean, at which clusters are formed.</summary>
    private static readonly double[] Levels = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.5];

    /// <summary>Clusters tried per threshold and side (those with the largest excess at the area mean).</summary>
    public const int ClustersPerLevel = 12;

    private const double Slack = 1e-9;

    /// <summary>The strongest region bound found, or null when no cluster proves a positive band.</summary>
    public RegionReach? Strongest(CancellationToken ct)
    {
        RegionReach? best = null;
        foreach (int side in (ReadOnlySpan<int>)[1, -1])
            foreach (double level in Levels)
                foreach (var cluster in Clusters(side, level))
                {
                    ct.ThrowIfCancellationRequested();
                    var r = Bound(cluster, side);
                    if (r is not null && (best is null || r.Band > best.Band)) best = r;
                }
        return best;
    }

    /// <summary>Connected groups of scored practices with side·(v − mean) above level × scale, largest excess first.</summary>
    private List<int[]> Clusters(int side, double level)
    {
        int n = patients.Length;
        var v = values.Value;
        var w = values.Weight;
        double cut = level * values.Scale;
        var member = new bool[n];
        for (int i = 0; i < n; i++) member[i] = w[i] > 0 && side * (v[i] - values.Mean) > cut;
        var seen = new bool[n];
        var found = new List<(double Excess, int[] Practices)>();
        var stack = new Stack<int>();
        for (int s = 0; s < n; s++)
        {
            if (!member[s] || seen[s]) continue;
            var group = new List<int>();
            double excess = 0;
            seen[s] = true;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int x = stack.Pop();
                group.Add(x);
                excess += w[x] * side * (v[x] - values.Mean);
                for (int e = offsets[x]; e < offsets[x + 1]; e++)
                {
                    int y = targets[e];
                    if (member[y] && !seen[y]) { seen[y] = true; stack.Push(y); }
                }
            }
            if (group.Count < 2) continue;
            group.Sort();
            found.Add((excess, group.ToArray()));
        }
        found.Sort((a, b) => b.Excess != a.Excess ? b.Excess.CompareTo(a.Excess) : a.Practices[0].CompareTo(b.Practices[0]));
        return found.Take(ClustersPerLevel).Select(f => f.Practices).ToList();
    }

    /// <summary>The band the cluster forces on its side, or null when it forces none.</summary>
    private RegionReach? Bound(int[] cluster, int side)
    {
        int n = patients.Length;
        var v = values.Value;
        var w = values.Weight;
        var dist = new double[n];
        Array.Fill(dist, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        var inCluster = new bool[n];
        double clusterWeight = 0, clusterSum = 0, clusterPatients = 0;
        foreach (int r in cluster)
        {
            inCluster[r] = true;
            dist[r] = patients[r];
            queue.Enqueue(r, patients[r]);
            clusterWeight += w[r];
            clusterSum += w[r] * v[r];
            clusterPatients += patients[r];
        }
        // f(θ) at the area mean: the cluster's pull past the mean less the counterweights reached so far.
        double atMean = side * (clusterSum - (clusterWeight * values.Mean));
        var reached = new List<int>();
        double reachedPatients = 0;
        while (queue.TryDequeue(out int x, out double d))
        {
            if (d > dist[x]) continue;
            if (!inCluster[x])
            {
                reached.Add(x);
                reachedPatients += patients[x];
                double pull = side * w[x] * (v[x] - values.Mean);
                if (pull < 0) atMean += pull;
                if (atMean <= 0) return null;
            }
            for (int e = offsets[x]; e < offsets[x + 1]; e++)
            {
                int y = targets[e];
                double nd = d + patients[y];
                if (nd > max * (1 + Slack) || nd >= dist[y]) continue;
                dist[y] = nd;
                queue.Enqueue(y, nd);
            }
        }
        // The smallest band t with f(mean + side·t·scale) ≤ 0, by bisection: f falls as t grows.
        double lo = 0, hi = 0;
        foreach (int r in cluster) hi = Math.Max(hi, side * (v[r] - values.Mean) / values.Scale);
        for (int iteration = 0; iteration < 60; iteration++)
        {
            double t = (lo + hi) / 2;
            if (F(t) <= 0) hi = t; else lo = t;
        }
        return new RegionReach(cluster, clusterPatients, clusterSum / clusterWeight, reached.Count, reachedPatients, lo);

        double F(double t)
        {
            double theta = values.Mean + (side * t * values.Scale);
            double f = side * (clusterSum - (clusterWeight * theta));
            foreach (int j in reached)
            {
                double pull = side * w[j] * (v[j] - theta);
                if (pull < 0) f += pull;
            }
            return f;
        }
    }
}
