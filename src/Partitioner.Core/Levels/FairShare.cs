using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>
/// Each unit's fair share by need: the area's spend × the unit's share of the need-weighted list size (the
/// <c>weighted_list_size</c> of the NHS payments data, field mapping <c>weighted_patients</c>), over the practices that
/// have a spend figure. The national total is shared out exactly: the targets add up to the spend.
/// </summary>
public static class FairShare
{
    /// <summary>The fair shares of the units <paramref name="unitOf"/>[practice] named <paramref name="names"/>.</summary>
    public static FairShareFigures Of(PracticeSet practices, IReadOnlyList<int> unitOf, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(practices);
        if (unitOf.Count != practices.Count)
            throw new ArgumentException($"The plan assigns {unitOf.Count} practices but there are {practices.Count}.", nameof(unitOf));
        int n = practices.Count, k = names.Count;
        double withWeights = 0, weightsOfThose = 0;
        int spending = 0, weightedCount = 0;
        for (int i = 0; i < n; i++)
        {
            var p = practices[i];
            if (!double.IsFinite(p.Spend)) continue;
            spending++;
            if (p.WeightedPatients > 0 && double.IsFinite(p.WeightedPatients)) { weightedCount++; withWeights += p.Patients; weightsOfThose += p.WeightedPatients; }
        }
        bool weighted = weightedCount > 0;
        double ratio = weighted ? weightsOfThose / withWeights : 1;

        var patients = new double[k];
        var basis = new double[k];
        var spend = new double[k];
        double areaSpend = 0, areaBasis = 0;
        for (int i = 0; i < n; i++)
        {
            var p = practices[i];
            if (!double.IsFinite(p.Spend)) continue;
            int c = unitOf[i];
            bool has = p.WeightedPatients > 0 && double.IsFinite(p.WeightedPatients);
            double need = !weighted ? p.Patients : has ? p.WeightedPatients : p.Patients * ratio;
            patients[c] += p.Patients;
            basis[c] += need;
            spend[c] += p.Spend;
            areaSpend += p.Spend;
            areaBasis += need;
        }
        var units = new FairShareUnit[k];
        for (int c = 0; c < k; c++)
        {
            double target = areaBasis > 0 && patients[c] > 0 ? areaSpend * basis[c] / areaBasis : double.NaN;
            double gap = spend[c] - target;
            units[c] = new FairShareUnit(names[c], patients[c], basis[c], patients[c] > 0 ? spend[c] : double.NaN, target,
                target > 0 ? 100 * gap / target : double.NaN, patients[c] > 0 ? gap / patients[c] : double.NaN);
        }
        return new FairShareFigures(weighted ? "weighted_list_size" : "registered_patients", areaSpend, areaBasis,
            weighted ? spending - weightedCount : 0, units);
    }
}
