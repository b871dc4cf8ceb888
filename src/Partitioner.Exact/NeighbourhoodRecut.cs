using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Improves a plan by exact re-cuts of pairs of neighbouring consortia of any size (the heuristic's own exact re-cuts
/// stop at 64 practices): each pair's practices are shared out again by CP-SAT (<see cref="GroupRecut"/>) with every rule
/// kept, and the answer is taken when it is more compact, or when the pair broke a rule before (a repair). Pairs holding
/// a rule-breaking consortium come first, then the others in order of their consortia; a pair is visited again only
/// when one of the two has changed, until every pair is settled or the work budget is spent. The budget is
/// CP-SAT's deterministic time on one worker, so the same plan and budget give the same result on any machine; the
/// wall-clock limit is a safety stop. Only compactness is optimised: plans whose objective weighs anything else are
/// refused by the request check. Thread-safe.
/// </summary>
public static class NeighbourhoodRecut
{
    /// <summary>Deterministic seconds one pair may take.</summary>
    public const double PairBudget = 1.0;

    /// <summary>Most pairs re-cut side by side in one round. Fixed, so that the rounds — and the plan — do not depend
    /// on the number of cores.</summary>
    public const int PairsPerRound = 8;

    /// <summary>
    /// Re-cuts the pairs of <paramref name="consortiumOf"/> (a plan of <paramref name="problem"/>) within
    /// <paramref name="budget"/> of CP-SAT's deterministic time; <paramref name="wallLimit"/> (default: twice the
    /// budget) stops it whatever the work done. Each round takes up to <see cref="PairsPerRound"/> pairs that share no
    /// consortium, in order, and cuts them on up to <paramref name="lanes"/> threads (default: one per core); pairs
    /// sharing no consortium do not affect each other, so the plan is the same for any number of lanes.
    /// </summary>
    public static RecutResult Improve(Problem problem, int[] consortiumOf, TimeSpan budget, TimeSpan? wallLimit = null, CancellationToken stop = default,
        int lanes = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(consortiumOf);
        if (consortiumOf.Length != problem.PracticeCount)
            throw new ArgumentException($"The plan has {consortiumOf.Length} practices; the problem has {problem.PracticeCount}.", nameof(consortiumOf));
        var clock = Stopwatch.StartNew();
        var wall = wallLimit ?? budget * 2;
        var plan = (int[])consortiumOf.Clone();
        var members = Compactness.Groups(plan);
        var labels = new SortedSet<int>(plan).ToArray();
        var slotOf = new Dictionary<int, int>();
        for (int s = 0; s < labels.Length; s++) slotOf[labels[s]] = s;
        var check = new ConsortiumCheck(problem);
        var rows = GroupRecut.Rows.Of(problem, check);
        var version = new int[labels.Length];
        var settled = new Dictionary<(int, int), (int, int)>();
        var breaking = new bool[labels.Length];
        for (int s = 0; s < labels.Length; s++) breaking[s] = PlanCheck.ConsortiumViolation(problem, members[s], check) is not null;
        double before = Compactness.PlanAboutCentroid(problem, plan);
        double spent = 0;
        int groups = 0, improved = 0, proven = 0;
        bool byClock = false, changed = true;
        var options = new ExactOptions { Workers = 1 };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = lanes > 0 ? lanes : Environment.ProcessorCount };
        var round = new List<(int A, int B, int[] Region)>(PairsPerRound);
        var busy = new bool[labels.Length];

        while (changed && spent < budget.TotalSeconds && !stop.IsCancellationRequested && !byClock)
        {
            changed = false;
            var waiting = Pairs(problem, plan, slotOf, breaking);
            while (waiting.Count > 0 && spent < budget.TotalSeconds && !stop.IsCancellationRequested)
            {
                if (clock.Elapsed >= wall) { byClock = true; break; }
                // The round: the first pairs in order that need a cut and share no consortium with an earlier one.
                round.Clear();
                Array.Clear(busy);
                for (int w = 0; w < waiting.Count && round.Count < PairsPerRound;)
                {
                    var (a, b) = waiting[w];
                    if (busy[a] || busy[b]) { w++; continue; }
                    waiting.RemoveAt(w);
                    if (settled.TryGetValue((a, b), out var seen) && seen == (version[a], version[b])) continue;
                    int[] region = [.. members[a], .. members[b]];
                    Array.Sort(region);
                    if (!Splittable(problem, check, region))
                    {
                        // Two consortia's means average to the pair's: when the pair's is outside a band, so is one of theirs.
                        settled[(a, b)] = (version[a], version[b]);
                        continue;
                    }
                    busy[a] = busy[b] = true;
                    round.Add((a, b, region));
                }
                if (round.Count == 0) break;

                double each = Math.Min(PairBudget, (budget.TotalSeconds - spent) / round.Count);
                var pairOptions = options with { SolverParameters = $"max_deterministic_time:{each.ToString("R", CultureInfo.InvariantCulture)}" };
                var answers = new (int[]? Answer, EngineStatus Status, double Work)[round.Count];
                var left = wall - clock.Elapsed;
                Parallel.For(0, round.Count, parallel, q =>
                {
                    var (a, b, region) = round[q];
                    var answer = GroupRecut.Solve(problem, rows, plan, [labels[a], labels[b]], region, pairOptions, left, stop, out var status, out double work);
                    answers[q] = (answer, status, work);
                });

                for (int q = 0; q < round.Count; q++)
                {
                    var (a, b, region) = round[q];
                    var (answer, status, work) = answers[q];
                    spent += work;
                    groups++;
                    if (status == EngineStatus.Optimal) proven++;
                    if (answer is not null && Better(problem, check, region, answer, members[a], members[b], labels[a], out var newA, out var newB))
                    {
                        for (int r = 0; r < region.Length; r++) plan[region[r]] = answer[r];
                        members[a] = newA;
                        members[b] = newB;
                        breaking[a] = breaking[b] = false;
                        version[a]++;
                        version[b]++;
                        improved++;
                        changed = true;
                    }
                    else settled[(a, b)] = (version[a], version[b]); // after a change the centroids moved: the pair is cut again
                }
            }
        }

        double after = Compactness.PlanAboutCentroid(problem, plan);
        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string message = $"Re-cut {N(groups)} pairs of neighbouring consortia with CP-SAT ({N(proven)} proven optimal for their centres), {N(improved)} taken: "
            + $"inertia {Inertia(before)} → {Inertia(after)} patient·km² ({(before > 0 ? 100 * (before - after) / before : 0).ToString("0.00", CultureInfo.InvariantCulture)}% less)"
            + (byClock ? "; stopped by the clock before the work budget was spent, so the result depends on the machine's speed." : ".");
        return new RecutResult(plan, groups, improved, proven, before, after, spent, clock.Elapsed, byClock, message);
    }

    private static string Inertia(double value) => value >= 1e9
        ? (value / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " bn"
        : value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Pairs of neighbouring consortia (slots, smaller first): those holding a consortium that breaks a rule first (a
    /// re-cut meeting every rule repairs them), then the rest, each in ascending order.
    /// </summary>
    private static List<(int, int)> Pairs(Problem problem, int[] plan, Dictionary<int, int> slotOf, bool[] breaking)
    {
        var pairs = new SortedSet<(int, int)>();
        for (int i = 0; i < plan.Length; i++)
            foreach (int w in problem.Graph.Neighbours(i))
            {
                int a = slotOf[plan[i]], b = slotOf[plan[w]];
                if (a < b) pairs.Add((a, b));
            }
        return [.. pairs.Where(p => breaking[p.Item1] || breaking[p.Item2]), .. pairs.Where(p => !breaking[p.Item1] && !breaking[p.Item2])];
    }

    /// <summary>Whether two consortia meeting every rule could hold <paramref name="region"/>: its patients within twice the
    /// bounds, its means and deprived share within the rules.</summary>
    private static bool Splittable(Problem problem, ConsortiumCheck check, int[] region)
    {
        double patients = 0;
        foreach (int i in region) patients += problem.Patients[i];
        var rules = problem.Rules;
        return patients >= 2 * RuleCheck.Lowest(rules.MinPatients) && patients <= 2 * RuleCheck.Highest(rules.MaxPatients)
            && check.Balanced(region);
    }

    /// <summary>Whether the re-cut meets every rule and is more compact than the pair as it was.</summary>
    private static bool Better(Problem problem, ConsortiumCheck check, int[] region, int[] answer, int[] oldA, int[] oldB, int labelA,
        out int[] newA, out int[] newB)
    {
        var a = new List<int>();
        var b = new List<int>();
        for (int r = 0; r < region.Length; r++) (answer[r] == labelA ? a : b).Add(region[r]);
        newA = [.. a];
        newB = [.. b];
        if (PlanCheck.ConsortiumViolation(problem, newA, check) is not null || PlanCheck.ConsortiumViolation(problem, newB, check) is not null) return false;
        bool wasValid = PlanCheck.ConsortiumViolation(problem, oldA, check) is null && PlanCheck.ConsortiumViolation(problem, oldB, check) is null;
        double old = Compactness.AboutCentroid(problem, oldA) + Compactness.AboutCentroid(problem, oldB);
        double now = Compactness.AboutCentroid(problem, newA) + Compactness.AboutCentroid(problem, newB);
        return !wasValid || now < old * (1 - 1e-9);
    }
}
