using System.Text.Json;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class LevelSolverTests
{
    private static Study Region()
    {
        var root = Support.RealData.RepositoryRoot;
        var set = PracticeReader.ReadFile(Path.Combine(root, "data", "region", "practices.geojson"), new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        return Study.Prepare(set, new ConsortiumRules(), MissingValuePolicy.Error, BoundaryReader.ReadFile(Path.Combine(root, "data", "region", "boundary.geojson")));
    }

    private static readonly SolverOptions Options = new() { Seed = 2, MaxSteps = 50_000, Restarts = 2 };

    [Fact]
    public void Federations_group_whole_consortia_into_contiguous_groups_within_their_bounds()
    {
        var study = Region();
        var ccgs = Plan.FromGroups(study.Practices, "ccg_code");
        var solution = LevelSolver.Group(study.Geography, ccgs, LevelRules.Federations(study.Rules), Options);
        var level = solution.Level!;
        Assert.Equal(SolveStatus.Feasible, solution.Result.Status);
        Assert.True(level.Evaluation.Summary.MeetsAllRules);
        Assert.All(level.Evaluation.Consortia, f => Assert.InRange(f.Patients, 500_000, 2_000_000));
        Assert.All(level.Evaluation.Consortia, f => Assert.Equal(1, f.Pieces));
        Assert.All(level.Plan.ConsortiumNames, name => Assert.StartsWith("F", name));
        // Nested: every practice of a CCG is in the same federation.
        var nesting = LevelNesting.Of(ccgs, level.Plan, study.Practices.Practices.Select(p => p.Patients).ToArray());
        Assert.Empty(nesting.SplitUnits);
        for (int i = 0; i < study.Practices.Count; i++)
            Assert.Equal(nesting.ParentOf[ccgs.ConsortiumOf[i]], level.Plan.ConsortiumOf[i]);
    }

    [Fact]
    public void The_unit_problem_carries_the_consortias_totals_and_adjacency()
    {
        var study = Region();
        var ccgs = Plan.FromGroups(study.Practices, "ccg_code");
        var problem = LevelSolver.UnitProblem(study.Geography, ccgs, LevelRules.Federations(study.Rules));
        var e = study.Evaluate(ccgs, withPolygons: false);
        Assert.Equal(ccgs.Count, problem.PracticeCount);
        for (int u = 0; u < ccgs.Count; u++)
        {
            Assert.Equal(e.Consortia[u].Patients, problem.Patients[u], 6);
            Assert.Equal(e.Consortia[u].Deprivation, problem.Deprivation[u], 9);
            Assert.Equal(e.Consortia[u].SpendPerPatient * e.Consortia[u].Patients, problem.Spend[u], 3);
            Assert.Equal(e.Consortia[u].CentreEasting, problem.X[u], 3);
        }
        // Two CCGs are neighbours exactly when a practice of one neighbours a practice of the other.
        var g = study.Geography.PracticeGraph;
        for (int a = 0; a < ccgs.Count; a++)
            for (int b = a + 1; b < ccgs.Count; b++)
            {
                bool touching = false;
                for (int v = 0; v < g.VertexCount && !touching; v++)
                    if (ccgs.ConsortiumOf[v] == a) foreach (int w in g.Neighbours(v)) touching |= ccgs.ConsortiumOf[w] == b;
                Assert.Equal(touching, problem.Graph.AreAdjacent(a, b));
            }
    }

    [Fact]
    public void A_locked_consortium_joins_its_named_federation_and_an_unknown_one_is_named()
    {
        var study = Region();
        var ccgs = Plan.FromGroups(study.Practices, "ccg_code");
        var rules = LevelRules.Federations(study.Rules) with { Locks = [new("R01", "Coast"), new("R02", "Coast")] };
        var level = LevelSolver.Group(study.Geography, ccgs, rules, Options).Level!;
        int r01 = ccgs.ConsortiumNames.ToList().IndexOf("R01");
        int at = Array.IndexOf(ccgs.ConsortiumOf, r01);
        Assert.Equal("Coast", level.Plan.ConsortiumNames[level.Plan.ConsortiumOf[at]]);
        var bad = LevelRules.Federations(study.Rules) with { Locks = [new("R99", "Coast")] };
        var e = Assert.Throws<InputException>(() => LevelSolver.Group(study.Geography, ccgs, bad, Options));
        Assert.Contains(e.Problems, p => p.Value == "R99");
    }

    [Fact]
    public void A_solved_plan_with_federations_and_agencies_is_written_as_nested_layers()
    {
        var study = Region();
        var request = new LevelsRequest
        {
            Federations = LevelRules.Federations(study.Rules),
            Agencies = LevelRules.Agencies(study.Rules),
            CurrentMap = "ccg_code",
        };
        var outcome = LevelsStudy.Solve(study, request, Options);
        var levels = outcome.Levels!;
        Assert.Equal([LevelKind.Consortium, LevelKind.Federation, LevelKind.Agency], levels.Levels.Select(l => l.Kind).ToArray());
        Assert.True(levels.MeetsAllRules);
        var dir = Directory.CreateTempSubdirectory("partitioner-levels-").FullName;
        try
        {
            LevelsStudy.Write(dir, study, outcome, new System.Text.Json.Nodes.JsonObject { ["command"] = "test" });
            using var consortia = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "consortia.geojson")));
            using var federations = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "federations.geojson")));
            using var agencies = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "agencies.geojson")));
            using var practices = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "practices.geojson")));
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
            var fedNames = Names(federations);
            var agencyNames = Names(agencies);
            Assert.Equal("federations", federations.RootElement.GetProperty("name").GetString());
            foreach (var c in consortia.RootElement.GetProperty("features").EnumerateArray())
            {
                var p = c.GetProperty("properties");
                Assert.Contains(p.GetProperty("federation").GetString()!, fedNames);
                Assert.Contains(p.GetProperty("agency").GetString()!, agencyNames);
                Assert.True(p.GetProperty("overspend_risk_2pct").GetDouble() >= 0);
            }
            // A practice's federation is its consortium's.
            var fedOf = consortia.RootElement.GetProperty("features").EnumerateArray()
                .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("properties").GetProperty("federation").GetString());
            foreach (var f in practices.RootElement.GetProperty("features").EnumerateArray())
            {
                var p = f.GetProperty("properties");
                Assert.Equal(fedOf[p.GetProperty("consortium").GetString()!], p.GetProperty("federation").GetString());
                Assert.True(p.TryGetProperty("ccg_code", out _), "The current map's field keeps its name.");
            }
            var reportLevels = report.RootElement.GetProperty("levels").EnumerateArray().ToArray();
            Assert.Equal(["consortium", "federation", "agency"], reportLevels.Select(l => l.GetProperty("level").GetString()!).ToArray());
            var fed = reportLevels[1].GetProperty("units")[0];
            // Pooling: a federation's risk is no higher than its members' patient-weighted risk alone.
            var pooling = fed.GetProperty("risk_pooling").GetProperty("1%");
            Assert.True(pooling.GetProperty("pooled_pct").GetDouble() <= pooling.GetProperty("members_alone_pct").GetDouble());
            Assert.True(report.RootElement.TryGetProperty("transition", out _));
            Assert.True(report.RootElement.TryGetProperty("fair_share", out _));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static HashSet<string> Names(JsonDocument layer) =>
        layer.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).ToHashSet();
}
