using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Exact.Cbc;

namespace Partitioner.Exact;

/// <summary>
/// Recombines a pool of valid consortia (e.g. collected from heuristic restarts) into the best plan: a set-partitioning
/// program in which every practice is covered exactly once, the count rule holds, and the total compactness —
/// patient-weighted moment of inertia about each consortium's patient-weighted centroid, in patient·km², the
/// heuristic's measure — is minimal. Works for large areas because the hard rules are checked per candidate
/// beforehand. Thread-safe (CBC solves are serialised).
/// </summary>
public static class PoolRecombination
{
    /// <summary>
    /// Chooses the best plan from <paramref name="candidateConsortia"/> (practice indices per candidate).
    /// Candidates that break a rule (range, contiguity, balance, locks) are dropped and counted in the message.
    /// <see cref="ExactOptions.WarmStart"/> seeds CBC when all its consortia are in the pool.
    /// </summary>
    /// <exception cref="CbcNotInstalledException">CBC is not installed.</exception>
    public static ExactResult Choose(Problem problem, IReadOnlyList<int[]> candidateConsortia, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidateConsortia);
        options ??= ExactOptions.Default;
        var clock = Stopwatch.StartNew();
        int n = problem.PracticeCount;

        var pool = new CandidatePool(Math.Max(1, candidateConsortia.Count));
        foreach (var c in candidateConsortia) pool.Add(c);
        var balance = BalanceRule.Of(problem);
        var lockSize = new Dictionary<int, int>();
        foreach (int l in problem.Locked) if (l >= 0) lockSize[l] = lockSize.GetValueOrDefault(l) + 1;

        var kept = new List<int[]>();
        var cost = new List<double>();
        int dropped = 0;
        string? firstReason = null;
        foreach (var members in pool.Candidates)
        {
            string? why = PlanCheck.ConsortiumViolation(problem, members, balance) ?? SplitsALock(problem, members, lockSize);
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

        var coveredBy = new List<int>[n];
        for (int i = 0; i < n; i++) coveredBy[i] = new List<int>();
        var lp = new LinearModel();
        for (int c = 0; c < kept.Count; c++)
        {
            lp.AddBinary(Name(c), cost[c]);
            foreach (int i in kept[c]) coveredBy[i].Add(c);
        }
        for (int i = 0; i < n; i++)
        {
            if (coveredBy[i].Count == 0)
                return new ExactResult(null, ExactStatus.Infeasible, double.NaN, double.NaN, double.NaN, clock.Elapsed,
                    $"No plan can be built from this pool: practice {problem.PracticeCodes[i]} is in no valid candidate consortium. Add candidates that cover it.{droppedNote}");
            lp.AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(coveredBy[i]), Ones(coveredBy[i].Count), 1, 1);
        }
        var rules = problem.Rules;
        if (rules.MinCount is not null || rules.MaxCount is not null)
        {
            var all = Enumerable.Range(0, kept.Count).ToArray();
            lp.AddRow(all, Ones(all.Length), rules.MinCount ?? 0, rules.MaxCount ?? double.PositiveInfinity);
        }

        using var cbc = new CbcModel();
        cbc.Load(lp);
        ExactSolver.Configure(cbc, options);
        string warmNote = options.WarmStart is { } warm ? SetWarmStart(cbc, kept, warm, n) : "";
        var status = cbc.Solve();
        var solution = cbc.BestSolution();
        int[]? plan = null;
        double objective = double.NaN;
        if (solution is not null)
        {
            plan = new int[n];
            Array.Fill(plan, -1);
            int label = 0;
            objective = 0;
            for (int c = 0; c < kept.Count; c++)
            {
                if (solution[c] <= 0.5) continue;
                foreach (int i in kept[c]) plan[i] = label;
                objective += cost[c];
                label++;
            }
            Renumber(plan);
        }
        var result = ExactSolver.Finish(problem, status, plan, objective, cbc.BestPossibleObjectiveValue, clock,
            warmNote + droppedNote + $" Chosen from {kept.Count} candidate consortia.", CompactnessMeasure.AboutCentroid);
        if (result.Status == ExactStatus.Infeasible)
            result = result with { Message = $"CBC proved that no combination of the {kept.Count} valid candidate consortia covers every practice exactly once{CountText(rules)}. Add more candidates (e.g. from more heuristic restarts).{droppedNote}" };
        return result;
    }

    private static string CountText(ConsortiumRules rules) =>
        rules.MinCount is null && rules.MaxCount is null ? "" :
        $" with {rules.MinCount?.ToString(CultureInfo.InvariantCulture) ?? "any"}–{rules.MaxCount?.ToString(CultureInfo.InvariantCulture) ?? "any"} consortia";

    private static string Name(int candidate) => string.Create(CultureInfo.InvariantCulture, $"z_{candidate}");

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

    private static string SetWarmStart(CbcModel cbc, List<int[]> kept, int[] warm, int n)
    {
        if (warm.Length != n) return $" The warm-start plan was ignored: it has {warm.Length} entries for {n} practices.";
        var index = new Dictionary<int[], int>(CandidatePool.MembersComparer.Instance);
        for (int c = 0; c < kept.Count; c++) index[kept[c]] = c;
        var names = new List<string>();
        foreach (var members in Compactness.Groups(warm))
        {
            if (!index.TryGetValue(members, out int c)) return " The warm-start plan was ignored: not all of its consortia are valid candidates in the pool.";
            names.Add(Name(c));
        }
        var ones = new double[names.Count];
        Array.Fill(ones, 1.0);
        cbc.SetMipStart(names, ones);
        return "";
    }

    private static void Renumber(int[] plan)
    {
        // Label consortia in order of their lowest practice, as exact mode does.
        var map = new Dictionary<int, int>();
        for (int i = 0; i < plan.Length; i++)
        {
            if (!map.TryGetValue(plan[i], out int l)) map[plan[i]] = l = map.Count;
            plan[i] = l;
        }
    }

    private static double[] Ones(int count)
    {
        var a = new double[count];
        Array.Fill(a, 1.0);
        return a;
    }
}
