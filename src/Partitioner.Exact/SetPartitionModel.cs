using System.Globalization;
using Partitioner.Core.Solving;
using Partitioner.Exact.Cbc;

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

    public static string Name(int candidate) => string.Create(CultureInfo.InvariantCulture, $"z_{candidate}");

    /// <summary>
    /// The linear model with count in [<paramref name="minCount"/>, <paramref name="maxCount"/>]; with
    /// <paramref name="countSense"/> ≠ 0 the objective is ±(number of consortia) instead of compactness.
    /// Null when some practice is in no candidate (then no plan exists).
    /// </summary>
    public LinearModel? Lp(int minCount, int maxCount, int countSense = 0)
    {
        int n = Problem.PracticeCount;
        var coveredBy = new List<int>[n];
        for (int i = 0; i < n; i++) coveredBy[i] = new List<int>();
        var lp = new LinearModel();
        for (int c = 0; c < Candidates.Count; c++)
        {
            lp.AddBinary(Name(c), countSense == 0 ? Cost[c] : countSense);
            foreach (int i in Candidates[c]) coveredBy[i].Add(c);
        }
        for (int i = 0; i < n; i++)
        {
            if (coveredBy[i].Count == 0) return null;
            lp.AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(coveredBy[i]), Ones(coveredBy[i].Count), 1, 1);
        }
        if (minCount > 1 || maxCount < n)
        {
            var all = Enumerable.Range(0, Candidates.Count).ToArray();
            lp.AddRow(all, Ones(all.Length), minCount, maxCount);
        }
        return lp;
    }

    /// <summary>Names of the candidates making up <paramref name="plan"/>, or null when one of its consortia is not a candidate.</summary>
    public List<string>? StartNames(int[] plan)
    {
        var index = new Dictionary<int[], int>(CandidatePool.MembersComparer.Instance);
        for (int c = 0; c < Candidates.Count; c++) index[Candidates[c]] = c;
        var names = new List<string>();
        foreach (var members in Compactness.Groups(plan))
        {
            if (!index.TryGetValue(members, out int c)) return null;
            names.Add(Name(c));
        }
        return names;
    }

    public int[] Decode(double[] solution)
    {
        var plan = new int[Problem.PracticeCount];
        Array.Fill(plan, -1);
        // Label consortia in order of their lowest practice.
        var chosen = new List<int[]>();
        for (int c = 0; c < Candidates.Count; c++) if (solution[c] > 0.5) chosen.Add(Candidates[c]);
        chosen.Sort((a, b) => a[0].CompareTo(b[0]));
        for (int k = 0; k < chosen.Count; k++) foreach (int i in chosen[k]) plan[i] = k;
        for (int i = 0; i < plan.Length; i++)
            if (plan[i] < 0) throw new InvalidOperationException($"CBC's solution leaves practice {i} unassigned.");
        return plan;
    }

    private static double[] Ones(int count)
    {
        var a = new double[count];
        Array.Fill(a, 1.0);
        return a;
    }
}
