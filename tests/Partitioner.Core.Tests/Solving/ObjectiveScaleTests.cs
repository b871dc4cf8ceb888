using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Statistics;

namespace Partitioner.Core.Tests.Solving;

public sealed class ObjectiveScaleTests
{
    [Fact]
    public void The_reference_compactness_is_the_areas_spread_scaled_to_a_mid_range_consortium()
    {
        // Four practices of 1,000 patients at the corners of a 2 km square: every patient is √2 km from the centre, so
        // the area's mean squared distance is 2 km²; a mid-range consortium (1,000–3,000: 2,000) is half the area.
        var problem = new Problem(Partitioner.Core.Geography.AdjacencyGraph.FromEdges(4, [(0, 1), (1, 2), (2, 3), (3, 0)]),
            [1000.0, 1000, 1000, 1000], [20.0, 20, 20, 20], [150_000.0, 150_000, 150_000, 150_000],
            [400_000.0, 402_000, 402_000, 400_000], [300_000.0, 300_000, 302_000, 302_000],
            new ConsortiumRules { MinPatients = 1_000, MaxPatients = 3_000 });
        Assert.Equal(2.0 * 2_000 / 4_000, ObjectiveScale.ReferenceCompactnessKm2(problem), 12);
    }

    [Fact]
    public void The_disruption_and_risk_weights_are_multiplied_by_the_reference_compactness()
    {
        var rules = new ConsortiumRules { MinPatients = 50_000, MaxPatients = 120_000, DisruptionWeight = 0.7, RiskWeight = 3, RiskReserve = 0.01 };
        var problem = TestInstances.Grid(10, 10, rules, 4, groups: true);
        var result = Solver.Solve(problem, new SolverOptions { Seed = 4, MaxSteps = 20_000, Restarts = 1 });
        var o = result.Objective;
        double scale = ObjectiveScale.ReferenceCompactnessKm2(problem);
        Assert.True(scale > 0);
        Assert.Equal(o.Compactness + (0.7 * o.Disruption + 3 * o.Risk) * scale, o.Total, 1e-9 * o.Total);

        // The risk part is the patient-weighted mean probability of overspending by more than 1%, recomputed here.
        var patients = new double[result.ConsortiumCount];
        for (int v = 0; v < problem.PracticeCount; v++) patients[result.ConsortiumOf[v]] += problem.Patients[v];
        double total = patients.Sum(), mean = 0;
        foreach (var p in patients) mean += p / total * NormalDistribution.UpperTail(0.01 * Math.Sqrt(p) / rules.RiskPerPatientCv);
        Assert.Equal(mean, o.Risk, 1e-6);
    }

    [Fact]
    public void A_risk_weight_trades_compactness_for_larger_safer_consortia()
    {
        var plain = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 200_000 };
        var problem = TestInstances.Grid(10, 10, plain, 7);
        var withRisk = TestInstances.Grid(10, 10, plain with { RiskWeight = 200, RiskReserve = 0.01 }, 7);
        var options = new SolverOptions { Seed = 7, MaxSteps = 40_000, Restarts = 2 };
        var a = Solver.Solve(problem, options);
        var b = Solver.Solve(withRisk, options);
        Assert.True(b.ConsortiumCount < a.ConsortiumCount, $"{b.ConsortiumCount} consortia with the risk term, {a.ConsortiumCount} without");
        Assert.True(b.Objective.Risk < RiskOf(a, problem), "the risk term lowered the plan's risk");
        Assert.True(b.Objective.Compactness > a.Objective.Compactness);
    }

    private static double RiskOf(SolveResult r, Problem problem)
    {
        var patients = new double[r.ConsortiumCount];
        for (int v = 0; v < problem.PracticeCount; v++) patients[r.ConsortiumOf[v]] += problem.Patients[v];
        double total = patients.Sum();
        return patients.Sum(p => p / total * NormalDistribution.UpperTail(0.01 * Math.Sqrt(p) / 3.45));
    }
}
