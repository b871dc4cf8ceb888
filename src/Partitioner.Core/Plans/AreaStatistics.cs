using Partitioner.Core.Practices;

namespace Partitioner.Core.Plans;

/// <summary>The study area's patient-weighted means, against which balance is measured.</summary>
public sealed record AreaStatistics(double Patients, double Deprivation, double SpendPerPatient, double DeprivationMedian)
{
    /// <summary>Computes the study area's statistics; practices with a missing value are left out of that value's sums.</summary>
    public static AreaStatistics Of(PracticeSet practices)
    {
        double patients = 0, depWeight = 0, depSum = 0, spendPatients = 0, spend = 0;
        var withScore = new List<(double Dep, double Patients)>();
        foreach (var p in practices.Practices)
        {
            patients += p.Patients;
            if (!double.IsNaN(p.Deprivation)) { depWeight += p.Patients; depSum += p.Patients * p.Deprivation; withScore.Add((p.Deprivation, p.Patients)); }
            if (!double.IsNaN(p.Spend)) { spendPatients += p.Patients; spend += p.Spend; }
        }
        return new AreaStatistics(patients, depWeight > 0 ? depSum / depWeight : double.NaN, spendPatients > 0 ? spend / spendPatients : double.NaN, WeightedMedian(withScore));
    }

    /// <summary>The deprivation score below which half the (scored) patients are registered.</summary>
    private static double WeightedMedian(List<(double Dep, double Patients)> items)
    {
        if (items.Count == 0) return double.NaN;
        items.Sort((a, b) => a.Dep.CompareTo(b.Dep));
        double total = 0;
        foreach (var i in items) total += i.Patients;
        double run = 0;
        foreach (var i in items)
        {
            run += i.Patients;
            if (run >= total / 2) return i.Dep;
        }
        return items[^1].Dep;
    }
}
