using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Partitioner.Core.Councils;
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
    /// <paramref name="contiguityGraph"/> replaces the practice graph contiguity is judged on (a mosaic's relaxed graph);
    /// <paramref name="councils"/> adds the coterminosity figures (per consortium and per plan);
    /// <paramref name="cancellationToken"/> is checked before each consortium is measured (<see cref="OperationCanceledException"/>).
    /// </summary>
    public static Evaluation Evaluate(PracticeGeography geography, Plan plan, ConsortiumRules rules, bool withPolygons = true, AdjacencyGraph? contiguityGraph = null,
        CouncilAssignment? councils = null, CancellationToken cancellationToken = default)
    {
        var practices = geography.Practices;
        int n = practices.Count, k = plan.Count;
        if (plan.ConsortiumOf.Length != n)
            throw new ArgumentException($"The plan assigns {plan.ConsortiumOf.Length} practices but there are {n}.", nameof(plan));
        var patientsOf = new double[n];
        var deprivationOf = new double[n];
        var spendOf = new double[n];
        for (int i = 0; i < n; i++) { patientsOf[i] = practices[i].Patients; deprivationOf[i] = practices[i].Deprivation; spendOf[i] = practices[i].Spend; }
        var area = AreaBaseline.Of(patientsOf, deprivationOf, spendOf);
        var check = new RuleCheck(rules, area);

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

        var graph = contiguityGraph ?? geography.PracticeGraph;
        var stack = new int[n];
        var mark = new int[n];
        var metrics = new ConsortiumMetrics[k];
        var sitesOf = SitesByConsortium(geography, plan);
        (ConsortiumCouncils[]? Consortia, Coterminosity? Plan) coterminosity = councils is null ? (null, null) : CoterminosityMeasure.Measure(plan, councils, patientsOf);
        for (int c = 0; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double dep = depWeight[c] > 0 ? depSum[c] / depWeight[c] : double.NaN;
            double spp = spendPatients[c] > 0 ? spend[c] / spendPatients[c] : double.NaN;
            int pieces = count[c] == 0 ? 0 : graph.CountPieces(plan.ConsortiumOf, c, stack, mark, c + 1);
            double cx = patients[c] > 0 ? sx[c] / patients[c] : 0, cy = patients[c] > 0 ? sy[c] / patients[c] : 0;
            double inertia = Math.Max(0, sxx[c] - patients[c] * (cx * cx + cy * cy));
            Geometry polygon = withPolygons ? Dissolve(geography, sitesOf[c]) : Polygon.Empty;
            double areaKm2 = withPolygons ? polygon.Area / 1e6 : double.NaN;
            double perimeter = withPolygons ? polygon.Length / 1000 : double.NaN;
            double depDev = dep - area.Deprivation, spendDev = spp - area.SpendPerPatient;
            var totals = new ConsortiumTotals(patients[c], depWeight[c], depSum[c], spendPatients[c], spend[c], deprived[c]);
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
                DeprivedShare = totals.DeprivedShare,
                Pieces = pieces,
                AreaKm2 = areaKm2,
                PolsbyPopper = perimeter > 0 ? 4 * Math.PI * areaKm2 / (perimeter * perimeter) : double.NaN,
                InertiaKm2 = inertia,
                CentreEasting = cx * 1000,
                CentreNorthing = cy * 1000,
                Violations = Violations(check, totals, pieces),
                Polygon = polygon,
                Councils = coterminosity.Consortia?[c],
            };
        }
        return new Evaluation(plan, rules, area, metrics, Summarise(metrics, area, n) with { Coterminosity = coterminosity.Plan });
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

    /// <summary>The rules one consortium breaks (the shared <see cref="RuleCheck"/>, plus contiguity), worded for a planner.</summary>
    private static List<Violation> Violations(RuleCheck check, in ConsortiumTotals totals, int pieces)
    {
        var breaches = new List<RuleBreach>();
        check.Breaches(totals, breaches);
        var list = new List<Violation>(breaches.Count + 1);
        var area = check.Area;
        foreach (var b in breaches)
        {
            string message = b.Rule switch
            {
                Rule.BelowMinimum => $"{b.Measured:N0} patients, {b.Excess:N0} below the minimum of {b.Limit:N0}",
                Rule.AboveMaximum => $"{b.Measured:N0} patients, {b.Excess:N0} above the maximum of {b.Limit:N0}",
                Rule.DeprivationBalance => $"mean deprivation {b.Measured:0.00} is {Math.Abs(b.Measured - area.Deprivation):0.00} {(b.Measured > area.Deprivation ? "above" : "below")} the area mean {area.Deprivation:0.00}; allowed {check.Rules.Deprivation}",
                Rule.SpendBalance => $"spend £{b.Measured:0.00} per patient is £{Math.Abs(b.Measured - area.SpendPerPatient):0.00} {(b.Measured > area.SpendPerPatient ? "above" : "below")} the area's £{area.SpendPerPatient:0.00}; allowed {check.Rules.Spend}",
                _ => $"{b.Measured:P1} of patients are at practices in the more-deprived half of the area; at least {b.Limit:P0} required",
            };
            list.Add(new Violation(b.Rule, b.Measured, b.Limit, b.Excess, message));
        }
        if (pieces > 1)
        {
            // After the population rules, before balance (the order reports have always listed them in).
            int at = list.Count(v => v.Rule is Rule.BelowMinimum or Rule.AboveMaximum);
            list.Insert(at, new Violation(Rule.NotContiguous, pieces, 1, pieces - 1, $"in {pieces} separate pieces; a consortium must be one contiguous area"));
        }
        return list;
    }

    private static PlanSummary Summarise(ConsortiumMetrics[] metrics, AreaBaseline area, int practices)
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
