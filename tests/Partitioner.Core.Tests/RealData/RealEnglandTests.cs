using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.RealData;

/// <summary>Behaviour on the real 2014/15 England practices and the 211 CCGs of 2013.</summary>
[Trait("Category", "RealData")]
public sealed class RealEnglandTests
{
    private static readonly Lazy<PracticeSet> Practices = new(() =>
        PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } }));

    private static Dictionary<string, double> CcgTotals()
    {
        var lines = File.ReadAllLines(Support.RealData.CcgSummary2014);
        var header = lines[0].Split(',');
        Assert.Equal("list_size_total", header[^4]);
        var result = new Dictionary<string, double>();
        foreach (var line in lines.Skip(1))
        {
            // A quoted name may hold commas, so list_size_total is counted from the end of the row.
            var f = line.Split(',');
            result[f[0]] = double.Parse(f[^4], CultureInfo.InvariantCulture);
        }
        return result;
    }

    [RealDataFact]
    public void Every_practice_with_patients_is_read_and_closed_ones_are_named()
    {
        var set = Practices.Value;
        Assert.Equal(7_923, set.Count);
        Assert.Equal(36, set.Warnings.Count(w => w.Message.Contains("0 registered patients")));
    }

    [RealDataFact]
    public void The_2013_ccgs_evaluate_to_the_published_totals_with_204_of_211_in_bounds()
    {
        var set = Practices.Value;
        var geo = PracticeGeography.Build(set);
        var evaluation = PlanEvaluator.Evaluate(geo, Plan.FromGroups(set, "ccg_code"), new ConsortiumRules(), withPolygons: false);
        var totals = CcgTotals();
        Assert.Equal(211, evaluation.Consortia.Count);
        foreach (var c in evaluation.Consortia)
            Assert.Equal(totals[c.Name], c.Patients);
        Assert.Equal(204, evaluation.Summary.WithinPopulationBounds);
        Assert.Equal(5.9, evaluation.Summary.LowestDeprivation, 1);
        Assert.Equal(46.8, evaluation.Summary.HighestDeprivation, 1);
        Assert.Equal(22.1, evaluation.Summary.AreaDeprivation, 1);
    }

    /// <summary>A best-effort plan within ±<paramref name="band"/> on deprivation and spend, two restarts of the default budget
    /// (400 steps per practice), seed 1: the step budget ends it, so the plan is the same on any machine. Asserts that it
    /// meets every rule.</summary>
    private static Evaluation BalancedPlan(double band)
    {
        var request = new StudyRequest
        {
            Deprivation = new BalanceTolerance(band, ToleranceKind.Relative), Spend = new BalanceTolerance(band, ToleranceKind.Relative),
            Missing = MissingValuePolicy.FillMean, Mode = SolveMode.BestEffort, MaxSteps = 400L * 7_923, Restarts = 2, TimeLimitSeconds = 1_800,
        };
        var outcome = Planner.Solve(Study.Prepare(Practices.Value, request), request);
        Assert.Equal(TerminationReason.StepBudget, outcome.Result.Termination);
        var e = outcome.Evaluation!;
        Assert.True(e.Summary.MeetsAllRules, string.Join("; ", e.Consortia.SelectMany(c => c.Violations.Select(v => v.Message)).Take(5)));
        return e;
    }

    [RealDataFact]
    public void A_plan_within_15_percent_on_deprivation_and_spend_meets_every_rule_at_the_mid_range_count_and_keeps_its_shape()
    {
        var e = BalancedPlan(0.15);

        // The count search starts at consortia of the mid-range size, 56.6 M / 425,000 = 133, as without balance rules.
        Assert.InRange(e.Consortia.Count, 125, 141);
        // Shape, against issue 12's targets (tools/Partitioner.Bench/RESULTS.md, "Moves with a counterweight" and "The
        // count policy with balance rules"): this run gives 134 consortia, 23.76 bn patient·km² and a median
        // Polsby–Popper of 0.217 (23.70 bn and 0.214 before the repair settled, "The repair settles"; 26.04 bn and 0.202
        // without the counterweight; 87 consortia, 34.2 bn and 0.11 when the count search started at 88% of the maximum;
        // 25.50 bn and 0.222 with a quarter of re-cuts in the repair).
        Assert.True(e.Summary.TotalInertiaKm2 <= 26.6e9, $"total inertia {e.Summary.TotalInertiaKm2 / 1e9:F2} bn patient·km²");
        var pp = e.Consortia.Select(c => c.PolsbyPopper).Order().ToList();
        double median = (pp[(pp.Count - 1) / 2] + pp[pp.Count / 2]) / 2;
        Assert.True(median >= 0.2, $"median Polsby–Popper {median:F3}");
    }

    [RealDataFact]
    public void A_plan_within_10_percent_on_deprivation_and_spend_meets_every_rule()
    {
        // Issue 12's tightest band (about 26 s on 2 free cores). With a quarter of re-cuts in the balance repair instead of
        // cheap single-practice steps, 10 consortia stayed outside the band, the coastal North East up to 32% above the
        // mean (tools/Partitioner.Bench/RESULTS.md, "Cheap repair steps").
        var e = BalancedPlan(0.10);
        Assert.All(e.Consortia, c => Assert.InRange(c.DeprivationDeviationRelative, -0.100001, 0.100001));
        Assert.All(e.Consortia, c => Assert.InRange(c.SpendDeviationRelative, -0.100001, 0.100001));
        Assert.InRange(e.Consortia.Count, 125, 141);
    }

    [RealDataFact]
    public void England_geography_is_one_connected_graph_of_shared_sites()
    {
        var geo = PracticeGeography.Build(Practices.Value);
        Assert.Equal(1, geo.PartsBeforeBridging);
        Assert.InRange(geo.SiteCount, 7_000, 7_200); // 817 co-located pairs among open practices share sites
        Assert.InRange(geo.SiteGraph.EdgeCount, 2 * geo.SiteCount, 3 * geo.SiteCount);
    }

    [RealDataFact]
    public void With_the_real_coastline_the_isle_of_wight_and_the_isles_of_scilly_are_bridged_and_reported()
    {
        var coastline = Partitioner.Core.GeoJson.BoundaryReader.ReadFile(Path.Combine(Support.RealData.Folder!, "boundaries", "ccg_boundaries_2013_generalised.geojson"));
        var geo = PracticeGeography.Build(Practices.Value, new GeographyOptions { Boundary = coastline });
        Assert.Equal(3, geo.PartsBeforeBridging);
        Assert.Equal(2, geo.Bridges.Count);
        // Isles of Scilly: one practice (L82017) joined to Penzance; Isle of Wight: its practices joined across the Solent.
        Assert.Contains(geo.Bridges, b => b.FromPractice == "L82017" && b.IslandPractices == 1 && b.DistanceMetres is > 40_000 and < 60_000);
        Assert.Contains(geo.Bridges, b => b.FromPractice.StartsWith("J84", StringComparison.Ordinal) && b.IslandPractices == 17 && b.DistanceMetres < 10_000);
        geo.PracticeGraph.Components(out int parts);
        Assert.Equal(1, parts);
        // Generalised coastlines put a few practices in the sea: each is kept and named.
        Assert.InRange(geo.Warnings.Count(w => w.Message.Contains("outside the study boundary")), 1, 20);
    }
}
