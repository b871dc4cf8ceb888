using Partitioner.Core.Geography;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class MosaicTests
{
    // Eight practices in a line 1 km apart, the first four at deprivation 10, the last four at 30; consortia of exactly four.
    // Contiguously the only plan is {0-3}, {4-7}, each 50% off the mean; a mosaic of D = 5 km allows {0,1,6,7}, {2-5}.
    private static Study Line(ConsortiumRules rules)
    {
        var practices = TestPractices.Grid(1, 8, _ => 1000, i => i < 4 ? 10 : 30, spacing: 1_000);
        return Study.Prepare(practices, rules);
    }

    private static readonly ConsortiumRules Balanced = new()
    {
        MinPatients = 4000, MaxPatients = 4000, Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative),
    };

    [Fact]
    public void Only_practices_of_the_mosaic_area_within_the_distance_are_linked()
    {
        var study = Line(Balanced);
        var links = MosaicLinks.Build(study.Geography, new MosaicOptions { DistanceKm = 2.5, MinDensity = 1 });
        Assert.Equal(8, links.MosaicPractices);
        // Each practice gains the one 2 km away (the 1 km neighbours are already cell neighbours): 6 new links.
        Assert.Equal(6, links.AddedLinks);
        Assert.True(links.Graph.AreAdjacent(0, 2));
        Assert.False(links.Graph.AreAdjacent(0, 3));
        var none = MosaicLinks.Build(study.Geography, new MosaicOptions { DistanceKm = 2.5, MinDensity = 1e9 });
        Assert.Equal(0, none.AddedLinks);
    }

    [Fact]
    public void A_mosaic_lets_a_balanced_plan_exist_where_contiguity_forbids_one()
    {
        var options = new SolverOptions { Seed = 1, MaxSteps = 20_000, Restarts = 2, Mode = SolveMode.BestEffort };
        var plain = LevelsStudy.Solve(Line(Balanced), new LevelsRequest(), options);
        Assert.True(plain.Levels!.Levels[0].Evaluation.Summary.Breaking[Rule.DeprivationBalance] == 2);

        var request = new LevelsRequest { Mosaic = new MosaicOptions { DistanceKm = 5, MinDensity = 1 } };
        var mosaic = LevelsStudy.Solve(Line(Balanced), request, options);
        var consortia = mosaic.Levels!.Levels[0];
        Assert.True(consortia.Evaluation.Summary.MeetsAllRules, string.Join("; ", consortia.Evaluation.Consortia.SelectMany(c => c.Violations).Select(v => v.Message)));
        // Balance needs two practices from each half, so some consortium is in two geographic pieces, each of its practices
        // within 5 km of another.
        var units = MosaicReport.Of(Line(Balanced).Geography, consortia.Plan, MosaicLinks.Build(Line(Balanced).Geography, request.Mosaic!));
        int split = units.Count(u => u.GeographicPieces == 2);
        Assert.InRange(split, 1, 2);
        Assert.All(units, u => Assert.Equal(0, u.Stranded));
        Assert.All(units, u => Assert.True(u.LargestNearestKm <= 5));
        var section = mosaic.Sections["mosaic"]!;
        Assert.Equal(split, (int)section["consortia_in_several_pieces"]!);
    }

    [Fact]
    public void A_plan_judged_without_the_mosaic_reports_the_stranded_practices()
    {
        var study = Line(Balanced);
        var links = MosaicLinks.Build(study.Geography, new MosaicOptions { DistanceKm = 1.5, MinDensity = 1 });
        var plan = new Plan(["A", "B"], [0, 0, 1, 1, 1, 1, 0, 0]);
        var units = MosaicReport.Of(study.Geography, plan, links);
        // A's halves are 5 km apart: no practice is stranded (each has a neighbour in its half), but the pieces show.
        Assert.Equal(2, units[0].GeographicPieces);
        Assert.Equal(0, units[0].Stranded);
        var lonely = new Plan(["A", "B"], [0, 1, 1, 1, 1, 1, 1, 0]);
        Assert.Equal(2, MosaicReport.Of(study.Geography, lonely, links)[0].Stranded);
        Assert.Equal(2, PlanEvaluator.Evaluate(study.Geography, lonely, Balanced, false, links.Graph).Consortia[0].Pieces);
    }

    [Fact]
    public void A_mosaic_needs_a_distance_and_a_place()
    {
        var study = Line(Balanced);
        Assert.Throws<Partitioner.Core.Practices.InputException>(() => MosaicLinks.Build(study.Geography, new MosaicOptions { DistanceKm = 0, MinDensity = 1 }));
        Assert.Throws<Partitioner.Core.Practices.InputException>(() => MosaicLinks.Build(study.Geography, new MosaicOptions { DistanceKm = 2 }));
    }

    [Theory]
    [InlineData(double.NaN, 5000.0, "mosaic distance")]
    [InlineData(25.0, 5000.0, "mosaic distance")]
    [InlineData(-1.0, 5000.0, "mosaic distance")]
    [InlineData(2.0, double.PositiveInfinity, "mosaic density")]
    [InlineData(2.0, 0.0, "mosaic density")]
    public void A_mosaic_out_of_range_is_a_problem_of_the_request_before_any_work(double distance, double density, string field)
    {
        var request = new LevelsRequest { Mosaic = new MosaicOptions { DistanceKm = distance, MinDensity = density } };
        Assert.Contains(request.Problems(), p => p.Field == field);
        var study = Line(Balanced);
        var e = Assert.Throws<Partitioner.Core.Practices.InputException>(() => MosaicLinks.Build(study.Geography, request.Mosaic!));
        Assert.Contains(e.Problems, p => p.Field == field);
        Assert.Empty(new LevelsRequest { Mosaic = new MosaicOptions { DistanceKm = MosaicOptions.MaxDistanceKm, MinDensity = 1 } }.Problems());
    }
}
