namespace Partitioner.Core.Ensembles;

/// <summary>
/// Groups of practices that stay together across an ensemble: every group of two or more practices, connected on the
/// practice graph, whose practices all share one consortium in at least a given share of the recorded plans (90% by
/// default). Found by joining neighbours that are together at least that often, then checking each group as a whole
/// (pairwise links can chain practices that are rarely all together) and, where a group falls short, splitting it along
/// its weakest links (raising the pairwise threshold in steps of one point) until every piece passes.
/// </summary>
public static class StableCores
{
    /// <summary>The stable cores of <paramref name="ensemble"/>, largest first (then by first practice).</summary>
    public static IReadOnlyList<StableCore> Find(Ensemble ensemble, double share = 0.9)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (!(share is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(share), share, "Give a share in (0, 1].");
        int n = ensemble.PracticeCodes.Count, plans = ensemble.Plans;
        if (plans == 0) return [];
        // Pairwise thresholds from the share up to 1 in one-point steps; level L groups practices linked at ≥ threshold L.
        var thresholds = new List<double>();
        for (double t = share; t < 1; t = Math.Round(t + 0.01, 10)) thresholds.Add(t);
        thresholds.Add(1);
        int levels = thresholds.Count;
        var groupOf = new int[levels][];
        for (int l = 0; l < levels; l++) groupOf[l] = Components(ensemble, n, thresholds[l] * plans - 1e-9);

        // How many plans hold each group (of two or more practices) whole, at every level, in one pass over the plans.
        var grouped = new int[levels][];
        var firstOf = new int[levels][];
        var roots = new int[levels][];
        var whole = new int[levels][];
        for (int l = 0; l < levels; l++)
        {
            var size = new int[n];
            foreach (int r in groupOf[l]) size[r]++;
            var members = new List<int>();
            var rootList = new List<int>();
            var f = new int[n];
            Array.Fill(f, -1);
            for (int v = 0; v < n; v++)
            {
                int r = groupOf[l][v];
                if (size[r] < 2) continue;
                members.Add(v);
                if (f[r] < 0) { f[r] = v; rootList.Add(r); }
            }
            grouped[l] = members.ToArray();
            firstOf[l] = f;
            roots[l] = rootList.ToArray();
            whole[l] = new int[n];
        }
        var brokenIn = new int[n];
        ensemble.ForEachPlan((p, row) =>
        {
            int mark = p + 1;
            for (int l = 0; l < levels; l++)
            {
                var g = groupOf[l];
                var f = firstOf[l];
                // A group is broken in this plan when a member's consortium differs from its first member's.
                foreach (int v in grouped[l])
                    if (row[v] != row[f[g[v]]]) brokenIn[g[v]] = mark;
                foreach (int r in roots[l])
                    if (brokenIn[r] != mark) whole[l][r]++;
                foreach (int r in roots[l]) brokenIn[r] = 0;
            }
        });

        // Coarsest passing group for each practice, level by level.
        var assigned = new bool[n];
        var cores = new List<StableCore>();
        for (int l = 0; l < levels; l++)
        {
            var members = new Dictionary<int, List<int>>();
            for (int v = 0; v < n; v++)
                if (!assigned[v]) (members.TryGetValue(groupOf[l][v], out var list) ? list : members[groupOf[l][v]] = []).Add(v);
            foreach (var (root, list) in members)
            {
                if (list.Count < 2) { foreach (int v in list) assigned[v] = true; continue; }
                double together = (double)whole[l][root] / plans;
                if (together < share - 1e-12 && l < levels - 1) continue;
                foreach (int v in list) assigned[v] = true;
                cores.Add(new StableCore(list.ToArray(), together, thresholds[l]));
            }
        }
        cores.Sort((a, b) => a.Practices.Length != b.Practices.Length ? b.Practices.Length.CompareTo(a.Practices.Length) : a.Practices[0].CompareTo(b.Practices[0]));
        return cores;
    }

    /// <summary>Connected groups of practices over the edges shared in at least <paramref name="minPlans"/> plans,
    /// named by a member (union-find root).</summary>
    private static int[] Components(Ensemble ensemble, int n, double minPlans)
    {
        var parent = new int[n];
        for (int v = 0; v < n; v++) parent[v] = v;
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        for (int e = 0; e < ensemble.Together.Length; e++)
        {
            if (ensemble.Together[e] < minPlans) continue;
            int a = Find(ensemble.EdgeFrom[e]), b = Find(ensemble.EdgeTo[e]);
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        var root = new int[n];
        for (int v = 0; v < n; v++) root[v] = Find(v);
        return root;
    }
}
