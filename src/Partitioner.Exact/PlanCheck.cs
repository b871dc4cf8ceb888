using System.Globalization;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>Checks consortia against the hard rules (the rules of the totals through <see cref="ConsortiumCheck"/>, then
/// contiguity and locks); one implementation for the pool filter, decoding and tests.</summary>
internal static class PlanCheck
{
    /// <summary>Why one consortium breaks a rule (bounds, contiguity, balance, locks), or null when valid.</summary>
    public static string? ConsortiumViolation(Problem problem, ReadOnlySpan<int> members, ConsortiumCheck check)
    {
        if (members.IsEmpty) return "it is empty";
        foreach (int i in members)
            if ((uint)i >= (uint)problem.PracticeCount) return $"practice index {i} is outside 0..{problem.PracticeCount - 1}";
        if (check.Breach(members) is { } breach) return breach;
        if (!IsConnected(problem, members)) return "it is not contiguous on the neighbourhood graph";
        int lockName = -1;
        foreach (int i in members)
        {
            int l = problem.Locked[i];
            if (l < 0) continue;
            if (lockName >= 0 && l != lockName) return "it mixes practices locked to different consortia";
            lockName = l;
        }
        return null;
    }

    /// <summary>Violations of a whole plan (per consortium, count, locks split across consortia); empty when valid.</summary>
    public static List<string> PlanViolations(Problem problem, ReadOnlySpan<int> consortiumOf)
    {
        var check = new ConsortiumCheck(problem);
        var violations = new List<string>();
        var groups = Compactness.Groups(consortiumOf);
        for (int g = 0; g < groups.Count; g++)
        {
            string? v = ConsortiumViolation(problem, groups[g], check);
            if (v is not null) violations.Add($"consortium {g}: {v}");
        }
        var rules = problem.Rules;
        if (rules.MinCount is int lo && groups.Count < lo) violations.Add($"{groups.Count} consortia, fewer than {lo}");
        if (rules.MaxCount is int hi && groups.Count > hi) violations.Add($"{groups.Count} consortia, more than {hi}");
        var home = new Dictionary<int, int>();
        for (int i = 0; i < consortiumOf.Length; i++)
        {
            int l = problem.Locked[i];
            if (l < 0) continue;
            if (home.TryGetValue(l, out int c) && c != consortiumOf[i]) violations.Add($"practices locked to '{LockName(problem, l)}' are in different consortia");
            home.TryAdd(l, consortiumOf[i]);
        }
        return violations;
    }

    public static string LockName(Problem problem, int l) => l < problem.LockNames.Count ? problem.LockNames[l] : l.ToString(CultureInfo.InvariantCulture);

    public static bool IsConnected(Problem problem, ReadOnlySpan<int> members)
    {
        if (members.Length <= 1) return true;
        var inSet = new HashSet<int>();
        foreach (int i in members) inSet.Add(i);
        var seen = new HashSet<int> { members[0] };
        var stack = new Stack<int>();
        stack.Push(members[0]);
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            foreach (int w in problem.Graph.Neighbours(v))
            {
                if (inSet.Contains(w) && seen.Add(w)) stack.Push(w);
            }
        }
        return seen.Count == inSet.Count;
    }
}
