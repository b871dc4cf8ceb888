namespace Partitioner.Core.Levels;

/// <summary>
/// How a level's units sit in the next level up: the upper unit holding most of each unit's patients
/// (<see cref="ParentOf"/>), and the units whose practices are spread over more than one upper unit (not nested; empty
/// for levels the solver grouped, which nest by construction).
/// </summary>
public sealed record LevelNesting(IReadOnlyList<int> ParentOf, IReadOnlyList<int> SplitUnits)
{
    /// <summary>The nesting of <paramref name="lower"/>'s units in <paramref name="upper"/>'s (practice-level plans of one practice set).</summary>
    public static LevelNesting Of(Plans.Plan lower, Plans.Plan upper, IReadOnlyList<double> patients)
    {
        int k = lower.Count, m = upper.Count;
        var share = new Dictionary<long, double>();
        for (int i = 0; i < lower.ConsortiumOf.Length; i++)
        {
            long key = (long)lower.ConsortiumOf[i] * m + upper.ConsortiumOf[i];
            share[key] = share.GetValueOrDefault(key) + patients[i];
        }
        var parent = new int[k];
        var best = new double[k];
        var parts = new int[k];
        Array.Fill(parent, -1);
        // Keys in ascending order, so ties go to the lowest upper unit.
        var keys = share.Keys.ToArray();
        Array.Sort(keys);
        foreach (var key in keys)
        {
            int u = (int)(key / m), g = (int)(key % m);
            parts[u]++;
            if (share[key] > best[u]) { best[u] = share[key]; parent[u] = g; }
        }
        var split = new List<int>();
        for (int u = 0; u < k; u++) if (parts[u] > 1) split.Add(u);
        return new LevelNesting(parent, split);
    }
}
