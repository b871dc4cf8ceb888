using System.Text.Json.Nodes;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Tests.Studies;

public sealed class PlannerTests
{
    private static Study Region(StudyRequest request)
    {
        var root = Support.RealData.RepositoryRoot;
        var set = PracticeReader.ReadFile(Path.Combine(root, "data", "region", "practices.geojson"), request.ReadOptions());
        return Study.Prepare(set, request with { Boundary = BoundaryReader.ReadFile(Path.Combine(root, "data", "region", "boundary.geojson")) });
    }

    /// <summary>An exact engine that answers with a plan given by the test, and counts its calls.</summary>
    private sealed class ScriptedEngine(Func<Problem, int[]?, (int[]? Plan, int Count)> answer) : IExactEngine
    {
        public int Recombinations, Proofs, Recuts;
        public int? RecutThreads;
        public IReadOnlyList<int[]> LastPool = [];

        public ExactAnswer Recombine(Problem problem, IReadOnlyList<int[]> pool, int[]? warmStart, TimeSpan timeLimit, CancellationToken cancellationToken)
        {
            Recombinations++;
            LastPool = pool;
            var (plan, count) = answer(problem, warmStart);
            return new ExactAnswer(plan, count, "scripted recombination", new JsonObject { ["status"] = "optimal" });
        }

        public ExactAnswer Recut(Problem problem, int[] plan, TimeSpan timeLimit, int? threads, CancellationToken cancellationToken)
        {
            Recuts++;
            RecutThreads = threads;
            var (answered, count) = answer(problem, plan);
            return new ExactAnswer(answered, count, "scripted re-cut", new JsonObject { ["pairs"] = 1 });
        }

        public ExactAnswer Prove(Problem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
        {
            Proofs++;
            var (plan, count) = answer(problem, null);
            return new ExactAnswer(plan, count, "scripted proof", new JsonObject { ["status"] = "optimal" });
        }

        /// <summary>Localities by a fixed rule: practices in pairs, in the order given.</summary>
        public ExactAnswer SplitLocalities(Problem area, double maxPatients, TimeSpan timeLimit, CancellationToken cancellationToken)
        {
            lock (this) Splits++;
            var plan = Enumerable.Range(0, area.PracticeCount).Select(i => i / 2).ToArray();
            return new ExactAnswer(plan, (area.PracticeCount + 1) / 2, "scripted split", new JsonObject { ["status"] = "optimal" });
        }

        public double InertiaFloor(Problem problem, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The planner does not ask for inertia floors.");

        public int Splits;
    }

    [Fact]
    public void A_study_prepared_for_other_rules_is_refused()
    {
        var study = Region(new StudyRequest());
        Assert.Throws<ArgumentException>(() => Planner.Solve(study, new StudyRequest { MaxPatients = 700_000, MaxSteps = 1_000 }));
    }

    [Fact]
    public void Recombination_is_asked_of_the_exact_engine_only_when_requested_and_is_used_only_when_better()
    {
        var request = new StudyRequest { Seed = 2, MaxSteps = 20_000, Restarts = 2 };
        var study = Region(request);
        var plain = Planner.Solve(study, request);
        Assert.True(plain.HasPlan);
        Assert.False(plain.Sections.ContainsKey("recombination"));

        // The engine hands back the heuristic's own plan: not better, so the heuristic's plan stands, and the report says so.
        var same = new ScriptedEngine((_, warm) => (warm, warm!.Max() + 1));
        var recombined = Planner.Solve(study, request with { Recombine = true }, same);
        Assert.Equal(1, same.Recombinations);
        Assert.NotEmpty(same.LastPool);
        Assert.Equal(plain.Plan!.ConsortiumOf, recombined.Plan!.ConsortiumOf);
        Assert.False((bool)recombined.Sections["recombination"]!["used"]!);

        // A plan breaking the rules (everything in one consortium) is never taken over a valid one.
        var bad = new ScriptedEngine((p, _) => (new int[p.PracticeCount], 1));
        var kept = Planner.Solve(study, request with { Recombine = true }, bad);
        Assert.Equal(plain.Plan!.ConsortiumOf, kept.Plan!.ConsortiumOf);
        Assert.Contains("scripted recombination", kept.Notes);
    }

    [Fact]
    public void Recuts_are_asked_of_the_exact_engine_only_when_requested_and_a_plan_breaking_a_rule_is_never_taken()
    {
        var request = new StudyRequest { Seed = 2, MaxSteps = 20_000, Restarts = 1 };
        var study = Region(request);
        var counting = new ScriptedEngine((_, plan) => (plan, plan!.Max() + 1));
        var plain = Planner.Solve(study, request, counting);
        Assert.Equal(0, counting.Recuts);
        Assert.False(plain.Sections.ContainsKey("recut"));

        // The engine hands back the plan it was given: not more compact, so not used, and the report says so.
        var same = Planner.Solve(study, request with { Recut = true, Threads = 1 }, counting);
        Assert.Equal(1, counting.Recuts);
        Assert.Equal(1, counting.RecutThreads);
        Assert.Equal(plain.Plan!.ConsortiumOf, same.Plan!.ConsortiumOf);
        Assert.False((bool)same.Sections["recut"]!["used"]!);
        Assert.Contains("scripted re-cut", same.Notes);

        // Everything in one consortium breaks the population bounds: the heuristic's plan stands.
        var bad = new ScriptedEngine((p, _) => (new int[p.PracticeCount], 1));
        var kept = Planner.Solve(study, request with { Recut = true }, bad);
        Assert.Equal(plain.Plan!.ConsortiumOf, kept.Plan!.ConsortiumOf);
        Assert.Equal(plain.Plan!.ConsortiumNames, kept.Plan!.ConsortiumNames);
        Assert.Throws<InvalidOperationException>(() => Planner.Solve(study, request with { Recut = true }));
    }

    [Fact]
    public void A_proof_replaces_the_heuristic_plan_and_is_named_like_it()
    {
        var request = new StudyRequest { Seed = 1, MaxSteps = 5_000, Restarts = 1, Exact = true, MinPatients = 1, MaxPatients = 100_000_000, Mode = SolveMode.BestEffort };
        var study = Region(request);
        var engine = new ScriptedEngine((p, _) => (new int[p.PracticeCount], 1));
        var outcome = Planner.Solve(study, request, engine);
        Assert.Equal(1, engine.Proofs);
        Assert.Equal(["C001"], outcome.Plan!.ConsortiumNames);
        Assert.Equal("optimal", (string)outcome.Sections["exact"]!["status"]!);
        Assert.Equal(1, outcome.Evaluation!.Summary.Consortia);
    }

    [Fact]
    public void Localities_split_every_consortium_and_nest_inside_it()
    {
        var request = new StudyRequest { Seed = 1, MaxSteps = 5_000, Restarts = 1, LocalityMax = 30_000 };
        var study = Region(request);
        var engine = new ScriptedEngine((_, _) => (null, 0));
        var outcome = Planner.Solve(study, request, engine);
        var plan = outcome.Plan!;
        var localities = outcome.Localities!;
        Assert.Equal(plan.Count, engine.Splits);
        // Each consortium's practices are split in pairs, so its localities number half its practices, rounded up.
        int expected = Enumerable.Range(0, plan.Count).Sum(c => (plan.ConsortiumOf.Count(x => x == c) + 1) / 2);
        Assert.Equal(expected, localities.Plan.Count);
        for (int i = 0; i < plan.ConsortiumOf.Length; i++)
            Assert.StartsWith(plan.ConsortiumNames[plan.ConsortiumOf[i]] + "-L", localities.Plan.ConsortiumNames[localities.Plan.ConsortiumOf[i]]);
        Assert.Equal(expected, (int)outcome.Sections["localities"]!["count"]!);
    }

    [Fact]
    public void Asking_for_the_exact_solver_without_one_is_a_programming_error()
    {
        var request = new StudyRequest { MaxSteps = 1_000, Exact = true };
        Assert.Throws<InvalidOperationException>(() => Planner.Solve(Region(request), request));
    }
}
