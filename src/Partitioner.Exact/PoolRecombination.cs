using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Recombines a pool of valid consortia (e.g. collected from heuristic restarts) into the best plan: a set-partitioning
/// program in which every practice is covered exactly once, the count rule holds, and the total compactness —
/// patient-weighted moment of inertia about each consortium's patient-weighted centroid, in patient·km², the
/// heuristic's measure — is minimal. Works for large areas because the hard rules are checked per candidate
/// beforehand. Solved by CP-SAT; thread-safe.
/// </summary>
public static class PoolRecombination
{
    /// <summary>
    /// Chooses the best plan from <paramref name="candidateConsortia"/> (practice indices per candidate).
    /// Candidates that break a rule (range, contiguity, balance, locks) are dropped and counted in the message.
    /// <see cref="ExactOptions.WarmStart"/> is CP-SAT's solution hint when all its consortia are in the pool.
    /// </summary>
    public static ExactResult Choose(Problem problem, IReadOnlyList<int[]> candidateConsortia, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidateConsortia);
        options ??= ExactOptions.Default;
        var clock = Stopwatch.StartNew();
        int n = problem.PracticeCount;

        var pool = new CandidatePool(Math.Max(1, candidateConsortia.Count));
        foreach (var c in candidateConsortia) pool.Add(c);
        var check = new ConsortiumCheck(problem);
        var lockSize = new Dictionary<int, int>();
        foreach (int l in problem.Locked) if (l >= 0) lockSize[l] = lockSize.GetValueOrDefault(l) + 1;

        var kept = new List<int[]>();
        var cost = new List<double>();
        int dropped = 0;
        string? firstReason = null;
        foreach (var members in pool.Candidates)
        {
            string? why = PlanCheck.ConsortiumViolation(problem, members, check) ?? SplitsALock(problem, members, lockSize);
            if (why is not null)
            {
                dropped++;
                firstReason ??= $"[{string.Join(", ", members.Select(i => problem.PracticeCodes[Math.Clamp(i, 0, n - 1)]))}]: {why}";
                continue;
            }
            kept.Add(members);
            cost.Add(Compactness.AboutCentroid(problem, members));
        }
        string droppedNote = dropped == 0 ? "" : $" {dropped} candidate(s) broke a rule and were left out, e.g. {firstReason}.";

        var covered = new bool[n];
        foreach (var members in kept) foreach (int i in members) covered[i] = true;
        for (int i = 0; i < n; i++)
        {
            if (!covered[i])
                return new ExactResult(null, ExactStatus.Infeasible, double.NaN, double.NaN, double.NaN, clock.Elapsed,
                    $"No plan can be built from this pool: practice {problem.PracticeCodes[i]} is in no valid candidate consortium. Add candidates that cover it.{droppedNote}");
        }
        var rules = problem.Rules;
        string warmNote = "";
        int[]? hint = null;
        if (options.WarmStart is { } warm)
        {
            hint = StartCandidates(kept, warm, n, out warmNote);
            if (hint is not null && (hint.Length < (rules.MinCount ?? 1) || hint.Length > (rules.MaxCount ?? n)))
            {
                hint = null;
                warmNote = " The warm-start plan was ignored: its number of consortia breaks the count rule.";
            }
        }
        var all = new int[kept.Count];
        for (int c = 0; c < all.Length; c++) all[c] = c;
        var costs = cost.ToArray();
        var outcome = SatSetPartition.Solve(n, kept, costs, all, rules.MinCount ?? 1, rules.MaxCount ?? n, 0, hint, options, options.TimeLimit - clock.Elapsed);
        int[]? plan = null;
        double objective = double.NaN;
        if (outcome.Chosen is not null)
        {
            plan = new int[n];
            var chosen = outcome.Chosen.OrderBy(c => kept[c][0]).ToArray();
            objective = 0;
            for (int label = 0; label < chosen.Length; label++)
            {
                foreach (int i in kept[chosen[label]]) plan[i] = label;
                objective += costs[chosen[label]];
            }
        }
        var result = ExactOutcome.Finish(problem, outcome.Status, plan, objective, outcome.Bound, clock,
            warmNote + droppedNote + $" Chosen from {kept.Count} candidate consortia.", CompactnessMeasure.AboutCentroid);
        if (result.Status == ExactStatus.Infeasible)
            result = result with { Message = $"The exact solver (CP-SAT) proved that no combination of the {kept.Count} valid candidate consortia covers every practice exactly once{CountText(rules)}. Add more candidates (e.g. from more heuristic restarts).{droppedNote}" };
        return result;
    }

    private static string CountText(ConsortiumRules rules) =>
        rules.MinCount is null && rules.MaxCount is null ? "" :
        $" with {rules.MinCount?.ToString(CultureInfo.InvariantCulture) ?? "any"}–{rules.MaxCount?.ToString(CultureInfo.InvariantCulture) ?? "any"} consortia";

    private static string? SplitsALock(Problem problem, int[] members, Dictionary<int, int> lockSize)
    {
        int lockName = -1, count = 0;
        foreach (int i in members)
        {
            if (problem.Locked[i] < 0) continue;
            lockName = problem.Locked[i];
            count++;
        }
        return lockName >= 0 && count != lockSize[lockName]
            ? $"it holds only some of the practices locked to '{PlanCheck.LockName(problem, lockName)}'"
            : null;
    }

    /// <summary>The kept candidates making up <paramref name="warm"/>, or null (with a note) when one of its consortia is not among them.</summary>
    private static int[]? StartCandidates(List<int[]> kept, int[] warm, int n, out string note)
    {
        note = "";
        if (warm.Length != n)
        {
            note = $" The warm-start plan was ignored: it has {warm.Length} entries for {n} practices.";
            return null;
        }
        var index = new Dictionary<int[], int>(CandidatePool.MembersComparer.Instance);
        for (int c = 0; c < kept.Count; c++) index[kept[c]] = c;
        var groups = Compactness.Groups(warm);
        var start = new int[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            if (!index.TryGetValue(groups[g], out int c))
            {
                note = " The warm-start plan was ignored: not all of its consortia are valid candidates in the pool.";
                return null;
            }
            start[g] = c;
        }
        return start;
    }
}
