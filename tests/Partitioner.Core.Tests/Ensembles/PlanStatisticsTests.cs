using Partitioner.Core.Ensembles;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>The per-plan statistics agree with the plan evaluation, which measures the same things from polygons and
/// practices one consortium at a time.</summary>
public sealed class PlanStatisticsTests
{
    private static (Study Study, Plan Plan) Quadrants()
    {
        // 6×6 grid, four 3×3 quadrants as the plan; deprivation and spend vary so every statistic is non-trivial.
        var set = TestPractices.Grid(6, 6, i => 1000 + 37 * i, i => 10 + (i * 7) % 13, i => (1000 + 37 * i) * (120 + i % 5 * 10),
            group: "ccg_code", groupOf: i => (i / 6 < 3 ? "N" : "S") + (i % 6 < 3 ? "W" : "E"));
        var study = Study.Prepare(set, new ConsortiumRules { MinPatients = 1 });
        return (study, Plan.FromGroups(study.Practices, "ccg_code"));
    }

    private static double[] Measure(Study study, Plan plan)
    {
        var (data, shape) = EnsembleSampler.Flatten(study);
        var row = new double[PlanColumns.Names.Count];
        new PlanStatistics(data, shape).Measure(plan.ConsortiumOf, plan.Count, row);
        return row;
    }

    [Fact]
    public void The_graph_based_polsby_popper_equals_the_dissolved_polygons_where_no_site_is_split()
    {
        var (study, plan) = Quadrants();
        var evaluation = study.Evaluate(plan);
        var row = Measure(study, plan);
        Assert.Equal(evaluation.Consortia.Average(c => c.PolsbyPopper), row[PlanColumns.PolsbyPopperMean], 9);
        Assert.Equal(evaluation.Consortia.Min(c => c.PolsbyPopper), row[PlanColumns.PolsbyPopperMin], 9);
    }

    [Fact]
    public void Balance_inertia_and_count_agree_with_the_evaluation()
    {
        var (study, plan) = Quadrants();
        var evaluation = study.Evaluate(plan, withPolygons: false);
        var row = Measure(study, plan);
        var s = evaluation.Summary;
        Assert.Equal(4, row[PlanColumns.Count]);
        Assert.Equal(100 * s.WorstDeprivationDeviationRelative, row[PlanColumns.DeprivationWorst], 9);
        Assert.Equal(100 * s.WorstSpendDeviationRelative, row[PlanColumns.SpendWorst], 9);
        Assert.Equal(s.TotalInertiaKm2 / s.Patients, row[PlanColumns.Inertia], 6);
        var devs = evaluation.Consortia.Select(c => 100 * c.DeprivationDeviationRelative).ToArray();
        double mean = devs.Average();
        Assert.Equal(Math.Sqrt(devs.Sum(d => (d - mean) * (d - mean)) / devs.Length), row[PlanColumns.DeprivationSpread], 9);
    }

    [Fact]
    public void Cut_edges_and_disruption_are_counted_from_the_assignment()
    {
        var (study, plan) = Quadrants();
        var row = Measure(study, plan);
        // Two straight borders across a 6×6 grid cut 6 edges each.
        Assert.Equal(12, row[PlanColumns.CutEdges]);
        // The plan is the grouping itself: nobody is split from their group.
        Assert.Equal(0, row[PlanColumns.Disruption], 9);

        // Moving one practice (index 0, in NW) to NE splits it from the rest of NW: disruption is its patients × the
        // share of NW it no longer shares, plus NW's others × the share of NW they lost, over all patients.
        var moved = (int[])plan.ConsortiumOf.Clone();
        moved[0] = plan.ConsortiumOf[3];
        var row2 = Measure(study, new Plan(plan.ConsortiumNames, moved));
        var patients = study.Practices.Practices.Select(p => p.Patients).ToArray();
        double nw = Enumerable.Range(0, 36).Where(i => plan.ConsortiumOf[i] == plan.ConsortiumOf[0]).Sum(i => patients[i]);
        double p0 = patients[0];
        double expected = (p0 * (nw - p0) / nw + (nw - p0) * p0 / nw) / patients.Sum();
        Assert.Equal(100 * expected, row2[PlanColumns.Disruption], 9);
    }

    [Fact]
    public void Without_a_grouping_disruption_is_not_a_number()
    {
        var set = TestPractices.Grid(3, 3, _ => 1000);
        var study = Study.Prepare(set, new ConsortiumRules { MinPatients = 1 });
        var row = Measure(study, new Plan(["A", "B"], [0, 0, 0, 0, 0, 1, 1, 1, 1]));
        Assert.True(double.IsNaN(row[PlanColumns.Disruption]));
    }
}
