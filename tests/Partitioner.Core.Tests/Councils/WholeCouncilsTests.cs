using System.Globalization;
using System.Text;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Councils;

/// <summary>Plans of whole councils: councils kept whole, cut only above the maximum (into the fewest pieces), bridged when their practices are not connected.</summary>
public sealed class WholeCouncilsTests
{
    private static readonly PracticeReadOptions Bng = new() { CoordinateSystem = CoordinateSystem.BritishNationalGrid };

    /// <summary>A 6 × 4 grid of practices of 100 patients, 2 km apart: column 0 is council A, columns 1–4 council B, column 5 council C.</summary>
    private static PracticeSet Grid()
    {
        var csv = new StringBuilder("practice_code,easting,northing,list_size,imd_score,spend,la_code\n");
        for (int col = 0; col < 6; col++)
            for (int row = 0; row < 4; row++)
                csv.Append(CultureInfo.InvariantCulture, $"P{col}{row},{400000 + 2000 * col},{280000 + 2000 * row},100,20,1000,{(col == 0 ? "A" : col == 5 ? "C" : "B")}\n");
        return TestPractices.FromCsv(csv.ToString(), Bng);
    }

    private static PlanOutcome Solve(PracticeSet set, StudyRequest request)
    {
        var study = Study.Prepare(set, request);
        return Planner.Solve(study, request);
    }

    [Fact]
    public void A_council_above_the_maximum_is_cut_into_the_fewest_pieces_and_every_other_council_stays_whole()
    {
        var request = new StudyRequest { MinPatients = 300, MaxPatients = 500, WholeCouncils = true, MaxSteps = 20_000, Restarts = 2 };
        var outcome = Solve(Grid(), request);
        Assert.True(outcome.HasPlan);
        var e = outcome.Evaluation!;
        Assert.True(e.Summary.MeetsAllRules, string.Join("; ", e.Consortia.SelectMany(c => c.Violations.Select(v => v.Message))));
        var section = outcome.Sections["whole_councils"]!;
        var split = Assert.Single(section["split"]!.AsArray());
        Assert.Equal("B", split!["code"]!.GetValue<string>());
        // 1,600 patients with a maximum of 500: at least 4 pieces, and 4 is possible (columns of 400).
        Assert.Equal(4, split["pieces"]!.GetValue<int>());
        var byCouncil = e.Summary.Coterminosity!;
        Assert.Equal(1, byCouncil.CouncilsSplit);
        // A and C are each in one consortium, holding nothing else of B's beyond what fits.
        var plan = outcome.Plan!;
        var set = Grid();
        foreach (var council in new[] { "A", "C" })
        {
            var members = Enumerable.Range(0, set.Count).Where(i => set.Practices[i].Code[1] == (council == "A" ? '0' : '5')).ToList();
            Assert.Single(members.Select(i => plan.ConsortiumOf[i]).Distinct());
        }
    }

    [Fact]
    public void A_council_whose_practices_are_not_connected_is_kept_whole_and_joined_by_a_council_bridge()
    {
        // A row: X Y X Z Z. X's two practices are not neighbours; with a maximum of 250 X (200) cannot take Y (100),
        // so the only plan of whole councils is {X} {Y} {Z}, contiguous through the council bridge.
        const string csv = """
            practice_code,easting,northing,list_size,imd_score,spend,la_code
            P0,400000,280000,100,20,1000,X
            P1,402000,280100,100,20,1000,Y
            P2,404000,280000,100,20,1000,X
            P3,406000,280100,100,20,1000,Z
            P4,408000,280000,100,20,1000,Z
            """;
        var set = TestPractices.FromCsv(csv, Bng);
        Assert.False(PracticeGeography.Build(set).PracticeGraph.Neighbours(0).Contains(2));
        var outcome = Solve(set, new StudyRequest { MinPatients = 100, MaxPatients = 250, WholeCouncils = true, MaxSteps = 20_000, Restarts = 1 });
        Assert.True(outcome.HasPlan);
        var e = outcome.Evaluation!;
        Assert.True(e.Summary.MeetsAllRules, string.Join("; ", e.Consortia.SelectMany(c => c.Violations.Select(v => v.Message))));
        Assert.Equal(3, outcome.Plan!.Count);
        Assert.Equal(outcome.Plan.ConsortiumOf[0], outcome.Plan.ConsortiumOf[2]);
        Assert.Equal(0, e.Summary.Coterminosity!.CouncilsSplit);
        var bridge = Assert.Single(outcome.Sections["whole_councils"]!["council_bridges"]!.AsArray());
        Assert.Equal("X", bridge!["council"]!.GetValue<string>());
        Assert.Equal(["P0", "P2"], new[] { bridge["from_practice"]!.GetValue<string>(), bridge["to_practice"]!.GetValue<string>() }.Order().ToArray());
    }

    [Fact]
    public void Whole_councils_without_councils_or_with_a_council_locked_two_ways_are_refused_naming_the_option()
    {
        const string csv = """
            practice_code,easting,northing,list_size,imd_score,spend
            P0,400000,280000,100,20,1000
            P1,402000,280000,100,20,1000
            """;
        var none = Assert.Throws<InputException>(() => Solve(TestPractices.FromCsv(csv, Bng), new StudyRequest { MinPatients = 100, MaxPatients = 250, WholeCouncils = true }));
        Assert.Contains(none.Problems, p => p.Field == "whole_councils" && p.Message.Contains("council_field", StringComparison.Ordinal));

        var request = new StudyRequest { MinPatients = 300, MaxPatients = 500, WholeCouncils = true, Locks = [new("P00", "North"), new("P03", "South")] };
        var locked = Assert.Throws<InputException>(() => Solve(Grid(), request));
        Assert.Contains(locked.Problems, p => p.Field == "locks" && p.Message.Contains("North", StringComparison.Ordinal) && p.Message.Contains("South", StringComparison.Ordinal));
    }

    [Fact]
    public void The_bundled_england_set_gets_a_plan_of_whole_councils_meeting_every_rule()
    {
        var set = PracticeReader.ReadFile(Path.Combine(Support.RealData.RepositoryRoot, "data", "england", "practices.csv"));
        var request = new StudyRequest { WholeCouncils = true, MaxSteps = 100_000, Restarts = 2 };
        var outcome = Solve(set, request);
        Assert.True(outcome.Evaluation!.Summary.MeetsAllRules);
        var c = outcome.Evaluation.Summary.Coterminosity!;
        // No bundled council holds more than 750,000 patients, so none is split.
        Assert.Equal(0, c.CouncilsSplit);
        Assert.Equal(1.0, c.PatientsInWholeCouncils, 12);
        Assert.Equal(outcome.Plan!.Count, c.ConsortiaOfWholeCouncils);
    }

    [Fact]
    public void The_coterminosity_term_keeps_more_councils_whole_on_the_bundled_england_set()
    {
        var set = PracticeReader.ReadFile(Path.Combine(Support.RealData.RepositoryRoot, "data", "england", "practices.csv"));
        double Whole(double weight)
        {
            var request = new StudyRequest { CoterminosityWeight = weight, MaxSteps = 100_000, Restarts = 2 };
            var outcome = Solve(set, request);
            Assert.True(outcome.Evaluation!.Summary.MeetsAllRules);
            if (weight > 0) Assert.True(outcome.Sections["solver"]!["objective"]!["coterminosity"]!.GetValue<double>() >= 0);
            return outcome.Evaluation.Summary.Coterminosity!.PatientsInWholeCouncils;
        }
        double without = Whole(0), with = Whole(4);
        Assert.True(with > without + 0.1, $"patients in whole councils: {without:P1} without the term, {with:P1} with weight 4");
    }
}
