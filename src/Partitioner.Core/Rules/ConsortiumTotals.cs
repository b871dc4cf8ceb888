namespace Partitioner.Core.Rules;

/// <summary>
/// What the rules read of one consortium: its patients, the patients and patient-weighted sum of deprivation of its
/// scored practices, the patients and total spend of its practices with spend, and its patients at practices in the
/// more-deprived half of the area (deprivation above the area's median).
/// </summary>
public readonly record struct ConsortiumTotals(
    double Patients, double DeprivationPatients, double DeprivationSum, double SpendPatients, double Spend, double DeprivedPatients)
{
    /// <summary>Patient-weighted mean deprivation; NaN when no practice is scored.</summary>
    public double Deprivation => DeprivationPatients > 0 ? DeprivationSum / DeprivationPatients : double.NaN;

    /// <summary>Spend per patient; NaN when no practice has spend.</summary>
    public double SpendPerPatient => SpendPatients > 0 ? Spend / SpendPatients : double.NaN;

    /// <summary>Share (0..1) of its patients at practices in the more-deprived half of the area; NaN when it has none.</summary>
    public double DeprivedShare => Patients > 0 ? DeprivedPatients / Patients : double.NaN;
}
