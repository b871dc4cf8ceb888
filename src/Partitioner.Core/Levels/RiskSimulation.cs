namespace Partitioner.Core.Levels;

/// <summary>
/// Monte Carlo simulation of the <see cref="RiskModel"/>, year by year, practice by practice: each practice's patients'
/// total cost is drawn from the exact distribution of a sum of independent per-patient costs (normal, or gamma with the
/// same mean and cv), its practice shock is added, and the group's year counts when its spend exceeds the budget by more
/// than the reserve. Used to check the analytic formula. Deterministic for a given seed.
/// </summary>
public static class RiskSimulation
{
    /// <summary>
    /// Estimates P(overspend beyond <paramref name="reserve"/>) for a group of practices with list sizes
    /// <paramref name="practiceLists"/> over <paramref name="trials"/> simulated years.
    /// </summary>
    public static RiskEstimate Simulate(IReadOnlyList<double> practiceLists, RiskModel model, double reserve, int trials, int seed,
        PatientCostDistribution distribution = PatientCostDistribution.Normal)
    {
        ArgumentNullException.ThrowIfNull(practiceLists);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var random = new Random(seed);
        double cv = model.PerPatientCv, cv2 = cv * cv, tau = model.PracticeSd;
        double total = 0;
        foreach (var n in practiceLists) total += n;
        double limit = reserve * total;
        int over = 0;
        for (int t = 0; t < trials; t++)
        {
            // Costs in units of the mean cost per patient, so the budget is the number of patients.
            double excess = 0;
            foreach (var n in practiceLists)
            {
                excess += distribution == PatientCostDistribution.Normal
                    ? cv * Math.Sqrt(n) * Gaussian(random)
                    : Gamma(random, n / cv2) * cv2 - n;
                if (tau > 0) excess += n * tau * Gaussian(random);
            }
            if (excess > limit) over++;
        }
        double p = (double)over / trials;
        return new RiskEstimate(p, Math.Sqrt(Math.Max(p * (1 - p), 1.0 / trials) / trials), trials);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Gamma(shape, 1) draw: Marsaglia and Tsang's squeeze method, boosted for shapes below 1.</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
            return Gamma(random, shape + 1) * Math.Pow(1.0 - random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Gaussian(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1.0 - random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
