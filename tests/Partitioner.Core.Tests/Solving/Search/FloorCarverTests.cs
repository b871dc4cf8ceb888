using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Solving.Search;

/// <summary>
/// "Most" with a floor only (max-p, as spopt's max-p regions): the first plan comes from greedy cuts of depth-first
/// trees, so it holds close to the most consortia the patients allow at once, and every consortium meets the floor.
/// </summary>
public sealed class FloorCarverTests
{
    private static StudyRequest FloorOnly(long steps) => new()
    {
        MinPatients = 100_000, MaxPatients = 1_000_000_000, CountPreference = CountPreference.Most, MaxSteps = steps, Restarts = 2,
        Missing = MissingValuePolicy.Exclude,
    };

    /// <summary>London's 2014/15 practices (area team Q71): spopt's max-p found 80 consortia of at least 100,000 patients
    /// in 51–56 s; the floor carving alone (a tiny step budget) must reach at least that many.</summary>
    [RealDataFact]
    public void London_gets_at_least_as_many_consortia_as_spopt_max_p_from_the_first_plan()
    {
        var read = PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "nhse_area_team_code" } });
        var london = new PracticeSet(read.Practices.Where(p => p.Group == "Q71").ToList(), [], read.InputCoordinates);
        var request = FloorOnly(steps: 2_000);
        var outcome = Planner.Solve(Study.Prepare(london, request), request);

        Assert.Equal(SolveStatus.Feasible, outcome.Result.Status);
        Assert.True(outcome.Result.ConsortiumCount >= 80, $"{outcome.Result.ConsortiumCount} consortia");
        Assert.All(outcome.Evaluation!.Consortia, c => Assert.True(c.Patients >= 100_000 && c.Pieces == 1, $"{c.Name}: {c.Patients} patients, {c.Pieces} pieces"));
    }

    [Fact]
    public void Bundled_england_gets_a_valid_max_p_plan_near_the_most_possible_and_the_same_on_one_and_two_threads()
    {
        var root = Support.RealData.RepositoryRoot;
        var practices = PracticeReader.ReadFile(Path.Combine(root, "data", "england", "practices.csv"));
        var request = FloorOnly(steps: 2_000);
        var study = Study.Prepare(practices, request);
        var two = Planner.Solve(study, request with { Threads = 2 });
        var one = Planner.Solve(study, request with { Threads = 1 });

        Assert.Equal(SolveStatus.Feasible, two.Result.Status);
        int most = (int)Math.Floor(practices.TotalPatients / 100_000);
        Assert.True(two.Result.ConsortiumCount >= 0.9 * most, $"{two.Result.ConsortiumCount} of at most {most}");
        Assert.Equal(two.Result.ConsortiumOf, one.Result.ConsortiumOf);
    }
}
