using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Tests.Studies;

public sealed class StudyRequestTests
{
    [Fact]
    public void The_default_request_is_valid_and_states_the_bma_range()
    {
        var request = new StudyRequest();
        Assert.Empty(request.Validate());
        var rules = request.Rules();
        Assert.Equal(100_000, rules.MinPatients);
        Assert.Equal(750_000, rules.MaxPatients);
        Assert.Equal(CountPreference.None, rules.CountPreference);
    }

    [Fact]
    public void A_target_size_without_a_preference_means_nearest_and_an_explicit_preference_wins()
    {
        Assert.Equal(CountPreference.NearestTarget, new StudyRequest { TargetSize = 500_000 }.Rules().CountPreference);
        Assert.Equal(CountPreference.None, new StudyRequest { TargetSize = 500_000, CountPreference = CountPreference.None }.Rules().CountPreference);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_option_and_the_value()
    {
        var request = new StudyRequest
        {
            MinPatients = 1e-6, MaxPatients = double.PositiveInfinity, CountMin = 0, DeprivedShare = 2, TimeLimitSeconds = 1e12,
            Restarts = 0, Threads = 0, MaxSteps = 0, DisruptionWeight = 1, TargetSize = double.NaN,
        };
        var problems = request.Validate();
        Assert.Equal(
            ["count_min", "deprived_share", "max", "max_steps", "min", "objective.disruption", "restarts", "target_size", "threads", "time_limit_seconds"],
            problems.Select(p => p.Field).Order().ToArray());
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Contains(problems, p => p.Field == "min" && p.Value == "1E-06");
    }

    [Fact]
    public void Limits_bound_the_solver_options()
    {
        var limits = new RequestLimits { MaxTimeLimitSeconds = 20, MaxRestarts = 8, MaxThreads = 2 };
        var problems = new StudyRequest { TimeLimitSeconds = 21, Restarts = 9, Threads = 3 }.Validate(limits);
        Assert.Equal(["restarts", "threads", "time_limit_seconds"], problems.Select(p => p.Field).Order().ToArray());
        Assert.Empty(new StudyRequest { TimeLimitSeconds = 20, Restarts = 8, Threads = 2 }.Validate(limits));
    }

    [Fact]
    public void A_practice_locked_to_two_consortia_is_refused()
    {
        var request = new StudyRequest { Locks = [new("A1", "North"), new("A1", "South"), new("A2", "North")] };
        var problem = Assert.Single(request.Validate());
        Assert.Equal("locks", problem.Field);
        Assert.Contains("'North' and 'South'", problem.Message);
    }

    [Fact]
    public void Checked_throws_the_syntax_problems_and_the_values_problems_together()
    {
        var syntax = new List<InputProblem>();
        var request = RequestText.WithBalance(new StudyRequest { MinPatients = 0 }, "deprivation=lots", syntax);
        var e = Assert.Throws<InputException>(() => request.Checked(syntax));
        Assert.Equal(["balance", "min"], e.Problems.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void Every_weighted_objective_term_is_read_and_reported_under_its_own_name()
    {
        Assert.Equal(5, RequestText.WeightedObjectiveTerms.Count);
        double weight = 1.5;
        foreach (string term in RequestText.WeightedObjectiveTerms)
        {
            var problems = new List<InputProblem>();
            var request = RequestText.WithObjective(new StudyRequest(), $"{term}={weight}", problems);
            Assert.Empty(problems);
            var objective = request.ToJson()["objective"]!.AsObject();
            // This term has the weight and no other term has any.
            foreach (var (name, value) in objective)
                Assert.Equal(name == term ? weight : name == "compactness" ? 1 : 0, double.Parse(value!.ToJsonString(), CultureInfo.InvariantCulture));
        }
        var unknown = new List<InputProblem>();
        RequestText.WithObjective(new StudyRequest(), "shape=2", unknown);
        Assert.Equal("objective.shape", Assert.Single(unknown).Field);
    }

    [Fact]
    public void The_solver_options_and_the_report_carry_every_option()
    {
        var request = new StudyRequest
        {
            Seed = 9, TimeLimitSeconds = 12, MaxSteps = 1_000, Restarts = 3, Threads = 1, Mode = SolveMode.BestEffort, Recombine = true,
            Locks = [new("A1", "North")], GroupBy = "ccg_code", DisruptionWeight = 2, SpreadWeight = 0.5,
            Spend = new BalanceTolerance(15, ToleranceKind.Absolute),
        };
        var o = request.SolverOptions();
        Assert.Equal((9UL, TimeSpan.FromSeconds(12), 1_000L, 3, 1, SolveMode.BestEffort, StudyRequest.RecombinationPool),
            (o.Seed, o.TimeLimit!.Value, o.MaxSteps!.Value, o.Restarts, o.MaxDegreeOfParallelism!.Value, o.Mode, o.CollectPool));
        var json = request.ToJson();
        Assert.Equal("North", (string)json["locks"]!["A1"]!);
        Assert.Equal("ccg_code", (string)json["group_by"]!);
        Assert.Equal(2.0, (double)json["objective"]!["disruption"]!);
        Assert.Equal("absolute", (string)json["balance"]!["spend"]!["kind"]!);
        Assert.True(request.MinimisesDisruption);
        Assert.Equal("ccg_code", request.ReadOptions().Fields.Group);
    }

    [Theory]
    [InlineData("0.2", 0.2, ToleranceKind.Relative)]
    [InlineData("20%", 0.2, ToleranceKind.Relative)]
    [InlineData("15abs", 15, ToleranceKind.Absolute)]
    [InlineData(" 1e-1 ", 0.1, ToleranceKind.Relative)]
    public void Tolerances_are_read_in_every_written_form(string text, double value, ToleranceKind kind)
    {
        var problems = new List<InputProblem>();
        var t = RequestText.Tolerance(text, text, problems);
        Assert.Empty(problems);
        Assert.Equal(kind, t!.Kind);
        Assert.Equal(value, t.Value, 12);
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("abs")]
    [InlineData("1e300")]
    [InlineData("plenty")]
    public void A_tolerance_that_is_not_a_sensible_number_is_refused(string text)
    {
        var problems = new List<InputProblem>();
        Assert.Null(RequestText.Tolerance(text, $"deprivation={text}", problems));
        Assert.Equal("balance", Assert.Single(problems).Field);
    }
}
