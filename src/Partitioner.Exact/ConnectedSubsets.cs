using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Enumerates every valid consortium of a problem: each connected set of practices (on the neighbourhood graph)
/// within the patient range that meets the balance rules and does not split or mix locks. Each set is produced exactly
/// once, rooted at its lowest-index practice, by the ESU extension scheme (Wernicke 2006): a set grows only by
/// practices above its root that are neighbours of the newest member and not already next to the set. Branches are
/// cut as soon as the population passes the maximum (patients are positive, so no superset can come back) or a
/// practice locked elsewhere would join. Not thread-safe; stateless between calls.
/// </summary>
internal static class ConnectedSubsets
{
    /// <summary>
    /// All valid consortia (members ascending), or null when there are more than <paramref name="cap"/> connected sets
    /// within the maximum (valid or not) or listing them takes longer than <paramref name="timeLimit"/> — the enumeration
    /// is then abandoned and the caller falls back to the flow model.
    /// </summary>
    public static List<int[]>? Enumerate(Problem problem, int cap, TimeSpan? timeLimit = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeLimit ?? TimeSpan.MaxValue;
        int n = problem.PracticeCount;
        var p = problem.Patients;
        var graph = problem.Graph;
        var rules = problem.Rules;
        double max = RuleCheck.Highest(rules.MaxPatients), min = RuleCheck.Lowest(rules.MinPatients);
        var check = new ConsortiumCheck(problem);
        var lockSize = new Dictionary<int, int>();
        foreach (int l in problem.Locked) if (l >= 0) lockSize[l] = lockSize.GetValueOrDefault(l) + 1;

        var result = new List<int[]>();
        long visited = 0;
        var near = new int[n]; // members of the set and their neighbours, reference-counted
        var members = new List<int>(n);
        bool aborted = false;

        void Mark(int v, int delta)
        {
            near[v] += delta;
            foreach (int u in graph.Neighbours(v)) near[u] += delta;
        }

        void Record(double pop, int lockName, int lockCount)
        {
            if (pop < min) return;
            if (lockName >= 0 && lockCount != lockSize[lockName]) return;
            var set = members.ToArray();
            Array.Sort(set);
            if (!check.Balanced(set)) return;
            result.Add(set);
        }

        void Extend(int root, List<int> extension, double pop, int lockName, int lockCount)
        {
            if (aborted) return;
            if (++visited > cap || ((visited & 4095) == 0 && clock.Elapsed > limit))
            {
                aborted = true;
                return;
            }
            Record(pop, lockName, lockCount);
            var ext = new List<int>(extension);
            while (ext.Count > 0)
            {
                int w = ext[^1];
                ext.RemoveAt(ext.Count - 1);
                if (pop + p[w] > max) continue;
                int lw = problem.Locked[w];
                if (lw >= 0 && lockName >= 0 && lw != lockName) continue;
                var next = new List<int>(ext.Count + 6);
                next.AddRange(ext);
                foreach (int u in graph.Neighbours(w))
                {
                    if (u > root && near[u] == 0) next.Add(u);
                }
                members.Add(w);
                Mark(w, 1);
                Extend(root, next, pop + p[w], lw >= 0 ? lw : lockName, lockCount + (lw >= 0 ? 1 : 0));
                Mark(w, -1);
                members.RemoveAt(members.Count - 1);
                if (aborted) return;
            }
        }

        for (int v = 0; v < n && !aborted; v++)
        {
            if (p[v] > max) continue;
            members.Add(v);
            Mark(v, 1);
            var ext = new List<int>();
            foreach (int u in graph.Neighbours(v)) if (u > v) ext.Add(u);
            int lv = problem.Locked[v];
            Extend(v, ext, p[v], lv, lv >= 0 ? 1 : 0);
            Mark(v, -1);
            members.RemoveAt(members.Count - 1);
        }
        return aborted ? null : result;
    }
}
