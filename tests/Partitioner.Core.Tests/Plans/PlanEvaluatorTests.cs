using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Plans;

public sealed class PlanEvaluatorTests
{
    // A row of four practices 2 km apart: patients 100, 300, 200, 400; deprivation 10, 30, 20, 40; £100/£200/£100/£200 per patient.
    private static readonly PracticeSet Row = TestPractices.Grid(1, 4,
        i => new[] { 100.0, 300, 200, 400 }[i],
        i => new[] { 10.0, 30, 20, 40 }[i],
        i => new[] { 100.0 * 100, 300 * 200, 200 * 100, 400 * 200 }[i]);

    private static Evaluation Evaluate(int[] of, ConsortiumRules rules) =>
        PlanEvaluator.Evaluate(PracticeGeography.Build(Row), new Plan(Enumerable.Range(0, of.Max() + 1).Select(c => $"C{c}").ToArray(), of), rules);

    [Fact]
    public void A_cancelled_evaluation_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var plan = new Plan(["C0", "C1"], [0, 0, 1, 1]);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            PlanEvaluator.Evaluate(PracticeGeography.Build(Row), plan, new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9 }, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Consortium_numbers_are_patient_weighted()
    {
        var e = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9 });
        var a = e.Consortia[0];
        Assert.Equal((2, 400.0), (a.Practices, a.Patients));
        Assert.Equal((100 * 10 + 300 * 30) / 400.0, a.Deprivation, 12);
        Assert.Equal((100.0 * 100 + 300 * 200) / 400, a.SpendPerPatient, 12);
        double areaDep = (100 * 10 + 300 * 30 + 200 * 20 + 400 * 40) / 1000.0;
        Assert.Equal(areaDep, e.Area.Deprivation, 12);
        Assert.Equal(a.Deprivation - areaDep, a.DeprivationDeviation, 12);
        Assert.Equal((a.Deprivation - areaDep) / areaDep, a.DeprivationDeviationRelative, 12);
        Assert.Equal(1, a.Pieces);
    }

    [Fact]
    public void Moment_of_inertia_is_about_the_patient_weighted_centre_in_patient_km2()
    {
        var e = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9 });
        // Practices 2 km apart with 100 and 300 patients: centre 1.5 km from the first; 100×1.5² + 300×0.5² = 300.
        Assert.Equal(300, e.Consortia[0].InertiaKm2, 6);
        Assert.Equal(e.Consortia.Sum(c => c.InertiaKm2), e.Summary.TotalInertiaKm2, 9);
    }

    [Fact]
    public void Polygon_area_and_polsby_popper_come_from_the_dissolved_cells()
    {
        var e = Evaluate([0, 0, 0, 0], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9 });
        var c = e.Consortia[0];
        var geoArea = PracticeGeography.Build(Row).StudyArea.Area / 1e6;
        Assert.Equal(geoArea, c.AreaKm2, 6);
        Assert.InRange(c.PolsbyPopper, 0.3, 1.0);
        Assert.Equal(4 * Math.PI * c.AreaKm2 / Math.Pow(c.Polygon.Length / 1000, 2), c.PolsbyPopper, 9);
    }

    [Fact]
    public void A_consortium_in_two_pieces_breaks_contiguity()
    {
        var e = Evaluate([0, 1, 0, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9 });
        Assert.Equal(2, e.Consortia[0].Pieces);
        var v = Assert.Single(e.Consortia[0].Violations);
        Assert.Equal(Rule.NotContiguous, v.Rule);
        Assert.Equal(2, e.Summary.Breaking[Rule.NotContiguous]);
    }

    [Fact]
    public void Population_bounds_are_measured()
    {
        var e = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 450, MaxPatients = 550 });
        var low = Assert.Single(e.Consortia[0].Violations);
        Assert.Equal((Rule.BelowMinimum, 400.0, 450.0, 50.0), (low.Rule, low.Measured, low.Limit, low.Excess));
        var high = Assert.Single(e.Consortia[1].Violations);
        Assert.Equal((Rule.AboveMaximum, 600.0, 550.0, 50.0), (high.Rule, high.Measured, high.Limit, high.Excess));
        Assert.Equal(0, e.Summary.WithinPopulationBounds);
        Assert.False(e.Summary.MeetsAllRules);
    }

    [Fact]
    public void Balance_tolerances_relative_and_absolute_are_measured()
    {
        // Area mean deprivation 30; consortium 0 has 25 (−5), consortium 1 has 33.3 (+3.3); 10% allows ±3.
        var relative = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9, Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative) });
        Assert.All(relative.Consortia, c => Assert.Equal(Rule.DeprivationBalance, Assert.Single(c.Violations).Rule));
        Assert.Equal(5 - 3, relative.Consortia[0].Violations[0].Excess, 9);
        var absolute = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9, Deprivation = new BalanceTolerance(5.5, ToleranceKind.Absolute) });
        Assert.True(absolute.Summary.MeetsAllRules);
    }

    [Fact]
    public void Spend_balance_and_deprived_share_are_measured()
    {
        // Area spend per patient = 170,000 / 1,000 = £170; consortium 1 (practices 2, 3) has 100,000/600 = £166.67.
        var e = Evaluate([0, 0, 1, 1], new ConsortiumRules { MinPatients = 0, MaxPatients = 1e9, Spend = new BalanceTolerance(0.01, ToleranceKind.Relative), MinDeprivedShare = 0.5 });
        Assert.Equal(170, e.Area.SpendPerPatient, 9);
        Assert.Contains(e.Consortia[1].Violations, v => v.Rule == Rule.SpendBalance);
        // Weighted median deprivation is 30 (half the patients are at 30 or below), so only the 40 practice counts as more deprived.
        Assert.Equal(30, e.Area.DeprivationMedian);
        Assert.Equal(0, e.Consortia[0].DeprivedShare);
        Assert.Equal(400 / 600.0, e.Consortia[1].DeprivedShare, 12);
        Assert.Contains(e.Consortia[0].Violations, v => v.Rule == Rule.DeprivedShare);
        Assert.DoesNotContain(e.Consortia[1].Violations, v => v.Rule == Rule.DeprivedShare);
    }

    [Fact]
    public void A_grouping_field_and_a_mapping_give_the_same_plan()
    {
        var set = TestPractices.Grid(1, 4, _ => 100, group: "ccg_code", groupOf: i => i < 2 ? "X" : "Y");
        var byGroup = Plan.FromGroups(set, "ccg_code");
        var byMap = Plan.FromMapping(set, [new("P000", "X"), new("P001", "X"), new("P002", "Y"), new("P003", "Y")]);
        Assert.Equal(byGroup.ConsortiumOf, byMap.ConsortiumOf);
        Assert.Equal(byGroup.ConsortiumNames, byMap.ConsortiumNames);
    }

    [Fact]
    public void A_mapping_must_cover_every_practice_and_name_only_known_ones()
    {
        var set = TestPractices.Grid(1, 3, _ => 100);
        var e = Assert.Throws<InputException>(() => Plan.FromMapping(set, [new("P000", "X"), new("P001", "X"), new("NOPE", "Y")]));
        Assert.Contains(e.Problems, p => p.Value == "NOPE" && p.Message.Contains("No practice with this code"));
        Assert.Contains(e.Problems, p => p.Where == "practice P002" && p.Message.Contains("not in the mapping"));
    }
}
