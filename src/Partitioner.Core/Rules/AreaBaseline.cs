namespace Partitioner.Core.Rules;

/// <summary>
/// The study area's patient-weighted figures that balance and share rules measure against: total patients, mean
/// deprivation, spend per patient and the median deprivation. Computed once per study (practices with a missing value
/// are left out of that value's sums) and shared by the plan evaluation, the solver and the exact models. Immutable.
/// </summary>
public sealed class AreaBaseline
{
    private AreaBaseline(double patients, double deprivationPatients, double deprivationSum, double spendPatients, double spend, double median)
    {
        Patients = patients;
        DeprivationPatients = deprivationPatients;
        SpendPatients = spendPatients;
        Deprivation = deprivationPatients > 0 ? deprivationSum / deprivationPatients : double.NaN;
        SpendPerPatient = spendPatients > 0 ? spend / spendPatients : double.NaN;
        DeprivationMedian = median;
    }

    /// <summary>Registered patients in the study area.</summary>
    public double Patients { get; }

    /// <summary>Patients at practices with a deprivation score.</summary>
    public double DeprivationPatients { get; }

    /// <summary>Patients at practices with a spend figure.</summary>
    public double SpendPatients { get; }

    /// <summary>Patient-weighted mean deprivation (IMD score); NaN when no practice has a score.</summary>
    public double Deprivation { get; }

    /// <summary>Spend per patient in £ per year; NaN when no practice has a spend figure.</summary>
    public double SpendPerPatient { get; }

    /// <summary>The deprivation score below which half the scored patients are registered; NaN when none is scored.</summary>
    public double DeprivationMedian { get; }

    /// <summary>The size relative deviations of deprivation are measured in: |mean|, or 1 when the mean is 0 or unknown.</summary>
    public double DeprivationScale => Scale(Deprivation);

    /// <summary>The size relative deviations of spend per patient are measured in: |mean|, or 1 when it is 0 or unknown.</summary>
    public double SpendScale => Scale(SpendPerPatient);

    /// <summary>
    /// The baseline of practices given as parallel arrays: patients (all positive), deprivation score and total spend
    /// (£ per year; NaN = missing), in practice order.
    /// </summary>
    public static AreaBaseline Of(ReadOnlySpan<double> patients, ReadOnlySpan<double> deprivation, ReadOnlySpan<double> spend)
    {
        if (deprivation.Length != patients.Length || spend.Length != patients.Length)
            throw new ArgumentException("Patients, deprivation and spend need one entry per practice.");
        double total = 0, depPatients = 0, depSum = 0, spendPatients = 0, spendSum = 0;
        for (int i = 0; i < patients.Length; i++)
        {
            double p = patients[i];
            total += p;
            if (!double.IsNaN(deprivation[i])) { depPatients += p; depSum += p * deprivation[i]; }
            if (!double.IsNaN(spend[i])) { spendPatients += p; spendSum += spend[i]; }
        }
        return new AreaBaseline(total, depPatients, depSum, spendPatients, spendSum, WeightedMedian(patients, deprivation, depPatients));
    }

    /// <summary>The deprivation score at which the scored patients, taken in order of score, first reach half their total.</summary>
    private static double WeightedMedian(ReadOnlySpan<double> patients, ReadOnlySpan<double> deprivation, double scored)
    {
        var order = new List<int>(patients.Length);
        for (int i = 0; i < patients.Length; i++)
            if (!double.IsNaN(deprivation[i])) order.Add(i);
        if (order.Count == 0) return double.NaN;
        var scores = deprivation.ToArray();
        order.Sort((a, b) => scores[a].CompareTo(scores[b]));
        double run = 0;
        foreach (int i in order)
        {
            run += patients[i];
            if (run >= scored / 2) return scores[i];
        }
        return scores[order[^1]];
    }

    private static double Scale(double mean) => Math.Abs(mean) > 1e-12 ? Math.Abs(mean) : 1;
}
