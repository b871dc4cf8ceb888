namespace Partitioner.Core.Solving;

/// <summary>
/// The reference compactness that makes the objective's optional weights dimensionless: the compactness (km²) a plan
/// of round, equal consortia of the mid-range size would have if the area's patients were spread evenly, i.e. the
/// area's patient-weighted mean squared distance from its centre × ((min + max) / 2) / total patients (a region's
/// inertia per patient scales with its area). Real England 2014/15 with 100,000–750,000: 170.9 km² (the 2013 CCGs' own
/// compactness is 147.7 km²). The disruption and risk terms are weight × share × this, so weight 1 makes a share of 1
/// (every patient separated; certain overspend) cost one reference compactness.
/// </summary>
public static class ObjectiveScale
{
    /// <summary>The reference compactness of <paramref name="problem"/> in km² (0 for an empty or one-point area).</summary>
    public static double ReferenceCompactnessKm2(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        double p = 0, px = 0, py = 0;
        for (int i = 0; i < problem.PracticeCount; i++) { p += problem.Patients[i]; px += problem.Patients[i] * problem.X[i]; py += problem.Patients[i] * problem.Y[i]; }
        if (!(p > 0)) return 0;
        double cx = px / p, cy = py / p, q = 0;
        for (int i = 0; i < problem.PracticeCount; i++)
        {
            double dx = (problem.X[i] - cx) / 1000, dy = (problem.Y[i] - cy) / 1000;
            q += problem.Patients[i] * (dx * dx + dy * dy);
        }
        double mid = 0.5 * (problem.Rules.MinPatients + problem.Rules.MaxPatients);
        return q / p * Math.Min(mid, p) / p;
    }
}
