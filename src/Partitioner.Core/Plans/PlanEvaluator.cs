using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Partitioner.Core.Geography;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Plans;

/// <summary>
/// Measures a plan against the consortium rules. The one implementation of every plan metric: the
/// solver's final report, a user's own proposal and the tests all use it.
/// </summary>
public static class PlanEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="plan"/> on <paramref name="geography"/> against <paramref name="rules"/>;
    /// <paramref name="withPolygons"/> false skips dissolving polygons (area and Polsby–Popper are then NaN).
    /// </summary>
    public static Evaluation Evaluate(PracticeGeography geography, Plan plan, ConsortiumRules rules, bool withPolygons = true)
    {
        var practices = geography.Practices;
        int n = practices.Count, k = plan.Count;
        if (plan.ConsortiumOf.Length != n)
            throw new ArgumentException($"The plan assigns {plan.ConsortiumOf.Length} practices but there are {n}.", nameof(plan));
        var area = AreaStatistics.Of(practices);

        var count = new int[k];
        var patients = new double[k];
        var depWeight = new double[k];
        var depSum = new double[k];
        var spendPatients = new double[k];
        var spend = new double[k];
        var deprived = new double[k];
        var sx = new double[k];
        var sy = new double[k];
        var sxx = new double[k];
        for (int i = 0; i < n; i++)
        {
            var p = practices[i];
            int c = plan.ConsortiumOf[i];
            count[c]++;
            patients[c] += p.Patients;
            if (!double.IsNaN(p.Deprivation))
            {
                depWeight[c] += p.Patients;
                depSum[c] += p.Patients * p.Deprivation;
                if (p.Deprivation > area.DeprivationMedian) deprived[c] += p.Patients;
            }
            if (!double.IsNaN(p.Spend)) { spendPatients[c] += p.Patients; spend[c] += p.Spend; }
            double x = p.Easting / 1000, y = p.Northing / 1000;
            sx[c] += p.Patients * x;
            sy[c] += p.Patients * y;
            sxx[c] += p.Patients * (x * x + y * y);
        }

        var graph = geography.PracticeGraph;
        var stack = new int[n];
        var mark = new int[n];
        var metrics = new ConsortiumMetrics[k];
        var sitesOf = SitesByConsortium(geography, plan);
        for (int c = 0; c < k; c++)
        {
            double dep = depWeight[c] > 0 ? depSum[c] / depWeight[c] : double.NaN;
            double spp = spendPatients[c] > 0 ? spend[c] / spendPatients[c] : double.NaN;
            int pieces = count[c] == 0 ? 0 : graph.CountPieces(plan.ConsortiumOf, c, stack, mark, c + 1);
            double cx = patients[c] > 0 ? sx[c] / patients[c] : 0, cy = patients[c] > 0 ? sy[c] / patients[c] : 0;
            double inertia = Math.Max(0, sxx[c] - patients[c] * (cx * cx + cy * cy));
            Geometry polygon = withPolygons ? Dissolve(geography, sitesOf[c]) : Polygon.Empty;
            double areaKm2 = withPolygons ? polygon.Area / 1e6 : double.NaN;
            double perimeter = withPolygons ? polygon.Length / 1000 : double.NaN;
            double depDev = dep - area.Deprivation, spendDev = spp - area.SpendPerPatient;
            double share = depWeight[c] > 0 ? deprived[c] / depWeight[c] : double.NaN;
            metrics[c] = new ConsortiumMetrics
            {
                Name = plan.ConsortiumNames[c],
                Practices = count[c],
                Patients = patients[c],
                Deprivation = dep,
                DeprivationDeviation = depDev,
                DeprivationDeviationRelative = depDev / area.Deprivation,
                SpendPerPatient = spp,
                SpendDeviation = spendDev,
                SpendDeviationRelative = spendDev / area.SpendPerPatient,
                DeprivedShare = share,
                Pieces = pieces,
                AreaKm2 = areaKm2,
                PolsbyPopper = perimeter > 0 ? 4 * Math.PI * areaKm2 / (perimeter * perimeter) : double.NaN,
                InertiaKm2 = inertia,
                CentreEasting = cx * 1000,
                CentreNorthing = cy * 1000,
                Violations = Violations(rules, patients[c], pieces, dep, depDev, spp, spendDev, share, area),
                Polygon = polygon,
            };
        }
        return new Evaluation(plan, rules, area, metrics, Summarise(metrics, area, n));
    }

    private static List<int>[] SitesByConsortium(PracticeGeography geography, Plan plan)
    {
        var sites = new List<int>[plan.Count];
        for (int c = 0; c < plan.Count; c++) sites[c] = new List<int>();
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < plan.ConsortiumOf.Length; i++)
        {
            int c = plan.ConsortiumOf[i], s = geography.SiteOfPractice[i];
            if (seen.Add((c, s))) sites[c].Add(s);
        }
        return sites;
    }

    private static Geometry Dissolve(PracticeGeography geography, List<int> sites)
    {
        if (sites.Count == 0) return Polygon.Empty;
        if (sites.Count == 1) return geography.Cells[sites[0]];
        var cells = new Geometry[sites.Count];
        for (int i = 0; i < cells.Length; i++) cells[i] = geography.Cells[sites[i]];
        return CascadedPolygonUnion.Union(cells);
    }

    private static List<Violation> Violations(ConsortiumRules rules, double patients, int pieces, double dep, double depDev, double spp, double spendDev, double share, AreaStatistics area)
    {
        var list = new List<Violation>();
        if (patients < rules.MinPatients)
            list.Add(new Violation(Rule.BelowMinimum, patients, rules.MinPatients, rules.MinPatients - patients,
                $"{patients:N0} patients, {rules.MinPatients - patients:N0} below the minimum of {rules.MinPatients:N0}"));
        if (patients > rules.MaxPatients)
            list.Add(new Violation(Rule.AboveMaximum, patients, rules.MaxPatients, patients - rules.MaxPatients,
                $"{patients:N0} patients, {patients - rules.MaxPatients:N0} above the maximum of {rules.MaxPatients:N0}"));
        if (pieces > 1)
            list.Add(new Violation(Rule.NotContiguous, pieces, 1, pieces - 1, $"in {pieces} separate pieces; a consortium must be one contiguous area"));
        if (rules.Deprivation is { } dt && double.IsFinite(dep))
        {
            double allowed = dt.AllowedDeviation(area.Deprivation);
            if (Math.Abs(depDev) > allowed)
                list.Add(new Violation(Rule.DeprivationBalance, dep, allowed, Math.Abs(depDev) - allowed,
                    $"mean deprivation {dep:0.00} is {Math.Abs(depDev):0.00} {(depDev > 0 ? "above" : "below")} the area mean {area.Deprivation:0.00}; allowed {dt}"));
        }
        if (rules.Spend is { } st && double.IsFinite(spp))
        {
            double allowed = st.AllowedDeviation(area.SpendPerPatient);
            if (Math.Abs(spendDev) > allowed)
                list.Add(new Violation(Rule.SpendBalance, spp, allowed, Math.Abs(spendDev) - allowed,
                    $"spend £{spp:0.00} per patient is £{Math.Abs(spendDev):0.00} {(spendDev > 0 ? "above" : "below")} the area's £{area.SpendPerPatient:0.00}; allowed {st}"));
        }
        if (rules.MinDeprivedShare is { } minShare && double.IsFinite(share) && share < minShare)
            list.Add(new Violation(Rule.DeprivedShare, share, minShare, minShare - share,
                $"{share:P1} of patients are at practices in the more-deprived half of the area; at least {minShare:P0} required"));
        return list;
    }

    private static PlanSummary Summarise(ConsortiumMetrics[] metrics, AreaStatistics area, int practices)
    {
        var breaking = new Dictionary<Rule, int>();
        foreach (var r in Enum.GetValues<Rule>()) breaking[r] = 0;
        foreach (var m in metrics)
            foreach (var r in m.Violations.Select(v => v.Rule).Distinct())
                breaking[r]++;
        double Min(Func<ConsortiumMetrics, double> f) => metrics.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        double Max(Func<ConsortiumMetrics, double> f) => metrics.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        return new PlanSummary
        {
            Consortia = metrics.Length,
            Practices = practices,
            Patients = area.Patients,
            AreaDeprivation = area.Deprivation,
            AreaSpendPerPatient = area.SpendPerPatient,
            SmallestPatients = Min(m => m.Patients),
            LargestPatients = Max(m => m.Patients),
            LowestDeprivation = Min(m => m.Deprivation),
            HighestDeprivation = Max(m => m.Deprivation),
            WorstDeprivationDeviation = Max(m => Math.Abs(m.DeprivationDeviation)),
            WorstDeprivationDeviationRelative = Max(m => Math.Abs(m.DeprivationDeviationRelative)),
            LowestSpendPerPatient = Min(m => m.SpendPerPatient),
            HighestSpendPerPatient = Max(m => m.SpendPerPatient),
            WorstSpendDeviationRelative = Max(m => Math.Abs(m.SpendDeviationRelative)),
            TotalInertiaKm2 = metrics.Sum(m => m.InertiaKm2),
            WithinPopulationBounds = metrics.Count(m => m.Violations.All(v => v.Rule is not (Rule.BelowMinimum or Rule.AboveMaximum))),
            Breaking = breaking,
        };
    }
}
