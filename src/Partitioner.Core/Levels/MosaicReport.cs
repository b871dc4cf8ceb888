using Partitioner.Core.Geography;
using Partitioner.Core.Plans;

namespace Partitioner.Core.Levels;

/// <summary>How a plan uses a mosaic, consortium by consortium (<see cref="MosaicUnit"/>).</summary>
public static class MosaicReport
{
    /// <summary>Each consortium of <paramref name="plan"/> measured against the mosaic <paramref name="links"/>.</summary>
    public static IReadOnlyList<MosaicUnit> Of(PracticeGeography geography, Plan plan, MosaicLinks links)
    {
        var practices = geography.Practices;
        int n = practices.Count, k = plan.Count;
        var members = new List<int>[k];
        for (int c = 0; c < k; c++) members[c] = new List<int>();
        for (int i = 0; i < n; i++) members[plan.ConsortiumOf[i]].Add(i);
        var stack = new int[n];
        var mark = new int[n];
        var units = new MosaicUnit[k];
        double limit = links.Options.DistanceKm;
        for (int c = 0; c < k; c++)
        {
            int count = 0, stranded = 0;
            double largest = double.NaN;
            foreach (int i in members[c])
            {
                if (!links.InMosaic[i]) continue;
                count++;
                double nearest = double.PositiveInfinity;
                foreach (int j in members[c])
                {
                    if (j == i) continue;
                    double dx = practices[i].Easting - practices[j].Easting, dy = practices[i].Northing - practices[j].Northing;
                    nearest = Math.Min(nearest, Math.Sqrt(dx * dx + dy * dy) / 1000);
                }
                if (double.IsFinite(nearest) && !(nearest <= largest)) largest = nearest;
                if (nearest <= limit + 1e-9) continue;
                bool bordered = false;
                foreach (int w in geography.PracticeGraph.Neighbours(i)) bordered |= plan.ConsortiumOf[w] == c;
                if (!bordered) stranded++;
            }
            int pieces = members[c].Count == 0 ? 0 : geography.PracticeGraph.CountPieces(plan.ConsortiumOf, c, stack, mark, c + 1);
            units[c] = new MosaicUnit(plan.ConsortiumNames[c], count, pieces, largest, stranded);
        }
        return units;
    }
}
