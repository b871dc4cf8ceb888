namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Reference scoring: recomputes every consortium's sums from the assignment and scores the plan from scratch.
/// Slow (O(n + k·groups)) and simple; the incremental <see cref="PartitionState"/> is checked against it in tests.
/// </summary>
internal static class FullScoreCalculator
{
    /// <summary>Scores <paramref name="assign"/> (labels 0..<paramref name="count"/>-1).</summary>
    public static (ObjectiveBreakdown Objective, double Violation) Score(SearchData m, int[] assign, int count)
    {
        var sums = new ConsortiumSums[count];
        for (int v = 0; v < m.N; v++) sums[assign[v]].Add(m, v);
        double compact = 0, spread = 0, violation = 0, risk = 0;
        for (int c = 0; c < count; c++)
        {
            compact += ScoreTerms.Compactness(sums[c], m);
            spread += ScoreTerms.Spread(sums[c], m);
            violation += ScoreTerms.Violation(sums[c], m);
            if (m.RiskWeight != 0) risk += ScoreTerms.Risk(sums[c], m);
        }
        spread /= Math.Max(count, 1);
        double disruption = 0;
        if (m.GroupCount > 0)
        {
            var share = new double[count * m.GroupCount];
            for (int v = 0; v < m.N; v++)
                if (m.Group[v] >= 0) share[assign[v] * m.GroupCount + m.Group[v]] += m.P[v];
            double separated = 0;
            for (int v = 0; v < m.N; v++)
            {
                int g = m.Group[v];
                if (g < 0) continue;
                separated += m.P[v] * (1 - share[assign[v] * m.GroupCount + g] / m.GroupPatients[g]);
            }
            disruption = separated / m.TotalP;
        }
        double boundary = 0, borderKm = 0;
        var metres = m.Problem.BorderMetres;
        for (int v = 0; v < m.N; v++)
            for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
            {
                int w = m.Targets[e];
                if (w < v || assign[w] == assign[v]) continue;
                borderKm += metres[e] / 1000;
                if (m.BorderCost is { } cost) boundary += cost[e];
            }
        double total = compact + m.SpreadWeight * spread + m.DisruptionWeight * disruption + m.RiskWeight * risk + boundary;
        return (new ObjectiveBreakdown(total, compact, spread, disruption, risk, boundary, borderKm), violation);
    }
}
