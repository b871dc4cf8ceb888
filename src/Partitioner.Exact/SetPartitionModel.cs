using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Set partitioning over every valid consortium (<see cref="ConnectedSubsets"/>): one binary z per candidate, each
/// practice covered exactly once, count within a range. Contiguity, the patient range, balance and locks are built into
/// the candidates, so the model is exact for any objective that is a sum over consortia — in particular the
/// heuristic's inertia about each consortium's patient-weighted centroid, which the centre model cannot express.
/// </summary>
internal sealed class SetPartitionModel
{
    private SetPartitionModel(Problem problem, List<int[]> candidates, double[] cost)
    {
        Problem = problem;
        Candidates = candidates;
        Cost = cost;
    }

    /// <summary>Candidate number by members, built on first use.</summary>
    private Dictionary<int[], int>? _index;

    public Problem Problem { get; }
    public List<int[]> Candidates { get; }
    /// <summary>Inertia about the centroid per candidate, patient·km².</summary>
    public double[] Cost { get; }

    /// <summary>The model, or null when the problem has more than <paramref name="cap"/> connected sets within the maximum.</summary>
    public static SetPartitionModel? TryBuild(Problem problem, int cap, TimeSpan? timeLimit = null)
    {
        var candidates = ConnectedSubsets.Enumerate(problem, cap, timeLimit);
        if (candidates is null) return null;
        var cost = new double[candidates.Count];
        for (int c = 0; c < cost.Length; c++) cost[c] = Compactness.AboutCentroid(problem, candidates[c]);
        return new SetPartitionModel(problem, candidates, cost);
    }

    /// <summary>Every candidate, in order: the columns of a model without count-based pruning.</summary>
    public int[] AllColumns()
    {
        var all = new int[Candidates.Count];
        for (int c = 0; c < all.Length; c++) all[c] = c;
        return all;
    }

    /// <summary>
    /// The candidates that can be part of a plan with <paramref name="minCount"/>–<paramref name="maxCount"/> consortia:
    /// removing a candidate splits the rest of the area into connected parts, each of which must be cut into whole
    /// consortia within the patient range on its own (at least ⌈patients / max⌉, at most ⌊patients / min⌋ of them), and
    /// the parts together must take between <paramref name="minCount"/> − 1 and <paramref name="maxCount"/> − 1.
    /// With the count fixed at the fewest the range allows this keeps only nearly full consortia (CCG 08D at 10
    /// localities of at most 30,000 patients: each needs at least 26,027; 380,048 of 541,220 candidates remain), which
    /// also lifts the LP bound (123,463 with only that floor on the candidate itself, 124,531 with the parts checked too).
    /// A necessary condition only, so no plan is lost. (Also applying the tightened range to each part — at 14
    /// localities every one of CCG 07W's needs 22,825 — left the LP bounds of 08D and 07W unchanged.)
    /// Checking every candidate takes seconds on a million of them: <paramref name="stop"/> ends it with
    /// <see cref="OperationCanceledException"/> (a partial list would lose plans).
    /// </summary>
    public int[] ColumnsForCount(int minCount, int maxCount, CancellationToken stop = default)
    {
        var problem = Problem;
        int n = problem.PracticeCount;
        double max = problem.Rules.MaxPatients, min = problem.Rules.MinPatients;
        if (minCount <= 1 && maxCount >= n && min <= 0) return AllColumns();
        var patients = problem.Patients;
        var graph = problem.Graph;
        var visit = new int[n]; // stamp of the candidate whose rest was last searched from here
        var member = new int[n];
        var stack = new int[n];
        var kept = new List<int>(Candidates.Count);
        for (int c = 0; c < Candidates.Count; c++)
        {
            if ((c & 1023) == 0) stop.ThrowIfCancellationRequested();
            int stamp = c + 1;
            foreach (int i in Candidates[c]) member[i] = stamp;
            long least = 0, most = 0;
            bool possible = true;
            for (int s = 0; s < n && possible; s++)
            {
                if (member[s] == stamp || visit[s] == stamp) continue;
                // One connected part of the area without the candidate.
                double pop = 0;
                int size = 0, top = 0;
                visit[s] = stamp;
                stack[top++] = s;
                while (top > 0)
                {
                    int v = stack[--top];
                    pop += patients[v];
                    size++;
                    foreach (int u in graph.Neighbours(v))
                    {
                        if (member[u] == stamp || visit[u] == stamp) continue;
                        visit[u] = stamp;
                        stack[top++] = u;
                    }
                }
                long partLeast = RuleCheck.FewestParts(pop, max);
                long partMost = min > 0 ? Math.Min(size, RuleCheck.MostParts(pop, min)) : size;
                if (partLeast > partMost) possible = false;
                least += partLeast;
                most += partMost;
            }
            if (possible && least <= maxCount - 1 && most >= minCount - 1) kept.Add(c);
        }
        return kept.ToArray();
    }

    /// <summary>The candidates making up <paramref name="plan"/>, or null when one of its consortia is not a candidate.</summary>
    public int[]? StartColumns(int[] plan)
    {
        var index = _index;
        if (index is null)
        {
            index = new Dictionary<int[], int>(Candidates.Count, CandidatePool.MembersComparer.Instance);
            for (int c = 0; c < Candidates.Count; c++) index[Candidates[c]] = c;
            _index = index;
        }
        var groups = Compactness.Groups(plan);
        var columns = new int[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            if (!index.TryGetValue(groups[g], out int c)) return null;
            columns[g] = c;
        }
        return columns;
    }

    /// <summary>
    /// Solves the program over <paramref name="columns"/> on CP-SAT (<see cref="SatSetPartition"/>): compactness, or
    /// ±(number of consortia) with <paramref name="countSense"/> ≠ 0, hinted with the candidates <paramref name="start"/>.
    /// <paramref name="stop"/> ends a solve on CP-SAT alone early (the options' deadline ends every engine).
    /// </summary>
    public ReducedCostFixing.Outcome Solve(int minCount, int maxCount, int countSense, int[] columns, int[]? start,
        ExactOptions options, TimeSpan limit, CancellationToken stop = default)
    {
        // Too little time to build an engine's model: the hint stands, nothing proven.
        if (limit < SatEngine.MinimumRun || options.Deadline.IsCancellationRequested)
            return new ReducedCostFixing.Outcome(EngineStatus.Stopped, start is null ? null : Decode(start), double.NaN);
        var outcome = options.MipEngine switch
        {
            MipEngine.Scip => ScipSetPartition.Solve(Problem.PracticeCount, Candidates, Cost, columns, minCount, maxCount, countSense, start, options, limit),
            MipEngine.CpSat => SatSetPartition.Solve(Problem.PracticeCount, Candidates, Cost, columns, minCount, maxCount, countSense, start, options, limit, stop, Problem.Graph),
            _ => SetPartitionRace.Solve(Problem.PracticeCount, Candidates, Cost, columns, minCount, maxCount, countSense, start, options, limit, Problem.Graph),
        };
        return new ReducedCostFixing.Outcome(outcome.Status, outcome.Chosen is null ? null : Decode(outcome.Chosen), outcome.Bound);
    }

    /// <summary>The plan made of the candidates <paramref name="chosen"/>, consortia labelled in order of their lowest practice.</summary>
    public int[] Decode(int[] chosen)
    {
        var plan = new int[Problem.PracticeCount];
        Array.Fill(plan, -1);
        var sets = new List<int[]>(chosen.Length);
        foreach (int c in chosen) sets.Add(Candidates[c]);
        sets.Sort((a, b) => a[0].CompareTo(b[0]));
        for (int k = 0; k < sets.Count; k++) foreach (int i in sets[k]) plan[i] = k;
        for (int i = 0; i < plan.Length; i++)
            if (plan[i] < 0) throw new InvalidOperationException($"The exact solver's solution leaves practice {i} unassigned.");
        return plan;
    }
}
