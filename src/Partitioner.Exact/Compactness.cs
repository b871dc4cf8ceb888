using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Compactness measures in patient·km² (coordinates are metres, divided by 10⁶ after squaring).
/// Stateless and thread-safe.
/// </summary>
public static class Compactness
{
    private const double SquareMetresPerSquareKm = 1e6;

    /// <summary>
    /// Patient-weighted moment of inertia about the patient-weighted centroid:
    /// Σ pᵢ((xᵢ − cx)² + (yᵢ − cy)²). The heuristic solver's compactness; used by <see cref="PoolRecombination"/>.
    /// </summary>
    public static double AboutCentroid(Problem problem, ReadOnlySpan<int> members)
    {
        double p = 0, px = 0, py = 0;
        foreach (int i in members)
        {
            double w = problem.Patients[i];
            p += w;
            px += w * problem.X[i];
            py += w * problem.Y[i];
        }
        if (p <= 0) return 0;
        double cx = px / p, cy = py / p, sum = 0;
        foreach (int i in members)
        {
            double dx = problem.X[i] - cx, dy = problem.Y[i] - cy;
            sum += problem.Patients[i] * (dx * dx + dy * dy);
        }
        return sum / SquareMetresPerSquareKm;
    }

    /// <summary>
    /// Patient-weighted moment of inertia about the consortium's centre practice, the member with the
    /// lowest index: Σ pᵢ·dist²(i, centre). Exact mode minimises this because it is linear in the
    /// assignment variables, whereas the centroid depends nonlinearly on the assignment.
    /// </summary>
    public static double AboutCentre(Problem problem, ReadOnlySpan<int> members)
    {
        if (members.IsEmpty) return 0;
        int centre = int.MaxValue;
        foreach (int i in members) centre = Math.Min(centre, i);
        double sum = 0;
        foreach (int i in members) sum += problem.Patients[i] * SquaredKm(problem, i, centre);
        return sum;
    }

    /// <summary>Sum of <see cref="AboutCentre"/> over the consortia of a plan.</summary>
    public static double PlanAboutCentre(Problem problem, ReadOnlySpan<int> consortiumOf)
    {
        double total = 0;
        foreach (var members in Groups(consortiumOf)) total += AboutCentre(problem, members);
        return total;
    }

    /// <summary>Sum of <see cref="AboutCentroid"/> over the consortia of a plan.</summary>
    public static double PlanAboutCentroid(Problem problem, ReadOnlySpan<int> consortiumOf)
    {
        double total = 0;
        foreach (var members in Groups(consortiumOf)) total += AboutCentroid(problem, members);
        return total;
    }

    internal static double SquaredKm(Problem problem, int a, int b)
    {
        double dx = problem.X[a] - problem.X[b], dy = problem.Y[a] - problem.Y[b];
        return (dx * dx + dy * dy) / SquareMetresPerSquareKm;
    }

    /// <summary>Members per label, labels in ascending order, members ascending.</summary>
    internal static List<int[]> Groups(ReadOnlySpan<int> consortiumOf)
    {
        var byLabel = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < consortiumOf.Length; i++)
        {
            if (!byLabel.TryGetValue(consortiumOf[i], out var list)) byLabel[consortiumOf[i]] = list = new List<int>();
            list.Add(i);
        }
        var groups = new List<int[]>(byLabel.Count);
        foreach (var list in byLabel.Values) groups.Add(list.ToArray());
        return groups;
    }
}
