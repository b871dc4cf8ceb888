using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Construction phase: recursive spanning-tree carving. Each connected area gets its number of consortia; a region
/// that must hold k consortia draws a random spanning tree and cuts the edge whose two sides can hold j and k-j
/// consortia within the bounds (a population P can hold j consortia iff j·min ≤ P ≤ j·max), keeping every locked
/// group whole and at most one lock per consortium; the most even cut with sizes nearest P/k is preferred. Regions are
/// contiguous segments of one permutation array, so carving allocates nothing per cut.
/// </summary>
internal sealed class SpanningTreeCarver
{
    private readonly SearchData _m;
    private readonly SpanningTree _tree;
    private readonly int[] _perm, _scratch, _bestScratch;
    private readonly int[] _stackStart, _stackLength, _stackK, _stackTag;
    private int _nextTag;

    /// <summary>Trees drawn per region when balance rules are set; the best cut over them is kept.</summary>
    private const int TreesPerRegion = 4;
    /// <summary>Granularity of the balance key: cuts within the same step of deviation count as equally balanced.</summary>
    private const double ZStep = 0.1;
    private const double OutOfBand = 1e6;

    public SpanningTreeCarver(SearchData m, SpanningTree tree)
    {
        _m = m;
        _tree = tree;
        _perm = new int[m.N];
        _scratch = new int[m.N];
        _bestScratch = new int[m.N];
        _stackStart = new int[m.N + 1]; _stackLength = new int[m.N + 1]; _stackK = new int[m.N + 1]; _stackTag = new int[m.N + 1];
    }

    /// <summary>
    /// Carves a plan with <paramref name="perComponent"/>[c] consortia in connected area c into
    /// <paramref name="assign"/>. Returns false when some region found no valid cut in
    /// <paramref name="attempts"/> trees.
    /// </summary>
    public bool Carve(int[] perComponent, int[] assign, int attempts, ref Xoshiro256 rng, CancellationToken ct) =>
        Carve(perComponent, assign, attempts, ref rng, null, ct);

    /// <summary>
    /// As above, also stopping when <paramref name="monitor"/> says the solve is out of time. With
    /// <paramref name="relax"/> &gt; 1 the pieces may hold between min / relax and max × relax patients (a first plan for
    /// a count the exact bounds do not let the carving reach, repaired afterwards by the search).
    /// </summary>
    public bool Carve(int[] perComponent, int[] assign, int attempts, ref Xoshiro256 rng, SolveMonitor? monitor, CancellationToken ct, double relax = 1)
    {
        // A cut can leave a side that is arithmetically splittable but has no valid contiguous split; rather than
        // insisting on that side, start the whole carving again with fresh trees (cheap restarts beat deep retries).
        const int PerRegion = 8;
        for (int used = 0; used < Math.Max(attempts, PerRegion); used += PerRegion)
        {
            if (CarveOnce(perComponent, assign, PerRegion, ref rng, ct, relax)) return true;
            if (ct.IsCancellationRequested || (monitor is not null && monitor.ShouldStop())) return false;
        }
        return false;
    }

    private bool CarveOnce(int[] perComponent, int[] assign, int attempts, ref Xoshiro256 rng, CancellationToken ct, double relax)
    {
        var m = _m;
        int n = m.N;
        int[] tag = _tree.RegionTag;
        // Group practices by component (counting sort keeps index order inside each).
        var start = new int[m.ComponentCount + 1];
        for (int v = 0; v < n; v++) start[m.Component[v] + 1]++;
        for (int c = 0; c < m.ComponentCount; c++) start[c + 1] += start[c];
        var cursor = (int[])start.Clone();
        for (int v = 0; v < n; v++) _perm[cursor[m.Component[v]]++] = v;

        int top = 0, label = 0;
        for (int c = m.ComponentCount - 1; c >= 0; c--)
        {
            int t = ++_nextTag;
            for (int i = start[c]; i < start[c + 1]; i++) tag[_perm[i]] = t;
            _stackStart[top] = start[c]; _stackLength[top] = start[c + 1] - start[c]; _stackK[top] = perComponent[c]; _stackTag[top] = t;
            top++;
        }
        while (top > 0)
        {
            top--;
            int s = _stackStart[top], len = _stackLength[top], k = _stackK[top], t = _stackTag[top];
            if (k <= 1)
            {
                for (int i = s; i < s + len; i++) assign[_perm[i]] = label;
                label++;
                continue;
            }
            int comp = m.Component[_perm[s]];
            // With balance rules, several trees are drawn and the cut whose sides' means lie nearest the area's wins.
            int wanted = m.BalanceRules ? TreesPerRegion : 1;
            int found = 0, bestA = 0, bestJ = 0;
            double bestKey = double.MaxValue;
            for (int attempt = 0; attempt < attempts + wanted - 1 && found < wanted; attempt++)
            {
                if ((attempt & 7) == 7 && ct.IsCancellationRequested) return false;
                if (!_tree.Draw(_perm, s, len, t, ref rng)) return false;
                int cut = FindCut(k, m.CompMin[comp] / relax, m.CompMax[comp] * relax, out int j, out double key);
                if (cut < 0) continue;
                found++;
                if (key >= bestKey) continue;
                bestKey = key; bestJ = j;
                _tree.MarkSubtree(cut);
                int a = 0, b = len - 1;
                for (int i = 0; i < len; i++)
                {
                    int v = _tree.Verts[i];
                    if (_tree.InSub[i] == 1) _bestScratch[a++] = v; else _bestScratch[b--] = v;
                }
                bestA = a;
            }
            if (found == 0) return false;
            {
                int a = bestA, j = bestJ;
                Array.Copy(_bestScratch, 0, _perm, s, len);
                int t1 = ++_nextTag, t2 = ++_nextTag;
                for (int i = 0; i < a; i++) tag[_perm[s + i]] = t1;
                for (int i = a; i < len; i++) tag[_perm[s + i]] = t2;
                _stackStart[top] = s + a; _stackLength[top] = len - a; _stackK[top] = k - j; _stackTag[top] = t2; top++;
                _stackStart[top] = s; _stackLength[top] = a; _stackK[top] = j; _stackTag[top] = t1; top++;
            }
        }
        return true;
    }

    /// <summary>
    /// The best valid cut of the current tree and its key (lower is better): with balance rules, first the larger of the
    /// two sides' worst deviations from the area means in tolerance units (in steps of <see cref="ZStep"/>, O(1) per edge
    /// from the subtree sums), then the most even split, then sizes nearest P/k.
    /// </summary>
    private int FindCut(int k, double min, double max, out int bestJ, out double bestKey)
    {
        var tr = _tree;
        var m = _m;
        ref readonly var total = ref tr.Sub[tr.Root];
        double tp = total.P, ideal = tp / k;
        int totalLocks = total.Locks;
        int best = -1, bestBalance = -1;
        double bestDev = double.MaxValue, bestZ = double.MaxValue;
        bool balance = m.BalanceRules;
        double sizeBand = 0.5 * Math.Min(max - ideal, ideal - min);
        bestJ = 0;
        bestKey = double.MaxValue;
        for (int i = 0; i < tr.Count; i++)
        {
            if (i == tr.Root) continue;
            ref readonly var sub = ref tr.Sub[i];
            if (sub.LockHash != 0) continue; // would split a locked group
            double sp = sub.P, rp = tp - sp;
            int sl = sub.Locks, rl = totalLocks - sl;
            int jlo = Math.Max(Math.Max(1, sl), Math.Max(RuleCheck.FewestParts(sp, max), k - RuleCheck.MostParts(rp, min)));
            int jhi = Math.Min(Math.Min(k - 1, k - rl), Math.Min(RuleCheck.MostParts(sp, min), k - RuleCheck.FewestParts(rp, max)));
            if (jlo > jhi) continue;
            int j = Math.Clamp((int)Math.Round(sp / ideal), jlo, jhi);
            int even = Math.Min(j, k - j);
            double dev = Math.Abs(sp - j * ideal);
            double z = 0;
            // Balance only chooses among cuts whose sides keep consortia of about the ideal size (within half the room
            // to the bounds): sides near the bounds are arithmetically splittable but rarely contiguously so.
            if (balance && Math.Abs(sp - j * ideal) <= sizeBand * j && Math.Abs(rp - (k - j) * ideal) <= sizeBand * (k - j))
            {
                var rest = ConsortiumSums.Difference(total, sub);
                z = Math.Floor(Math.Max(ScoreTerms.WorstZ(sub, m), ScoreTerms.WorstZ(rest, m)) / ZStep);
            }
            else if (balance) z = OutOfBand;
            if (z > bestZ) continue;
            if (z < bestZ || even > bestBalance || (even == bestBalance && dev < bestDev))
            {
                best = i; bestBalance = even; bestDev = dev; bestJ = j; bestZ = z;
            }
        }
        // One number for comparing trees: z bucket, then evenness, then relative size deviation (< 1).
        if (best >= 0) bestKey = (bestZ * 4.0 * k) - bestBalance * 2 + Math.Min(0.999, bestDev / tp);
        return best;
    }
}
