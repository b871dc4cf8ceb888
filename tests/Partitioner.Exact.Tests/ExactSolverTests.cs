using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class ExactSolverTests
{
    public static TheoryData<int, int, int, double, double> TinyGrids => new()
    {
        // rows, cols, seed, min, max (patients drawn from 10,000–30,000)
        { 2, 3, 1, 30_000, 70_000 },
        { 3, 3, 2, 40_000, 80_000 },
        { 3, 3, 3, 25_000, 60_000 },
        { 2, 4, 4, 35_000, 90_000 },
        { 1, 8, 5, 30_000, 60_000 },
        { 3, 3, 6, 60_000, 120_000 },
        { 2, 4, 7, 0, 45_000 },
    };

    [Theory]
    [MemberData(nameof(TinyGrids))]
    public void Optimum_equals_brute_force_on_tiny_grids(int rows, int cols, int seed, double min, double max)
    {
        var rules = new ConsortiumRules { MinPatients = min, MaxPatients = max };
        var problem = TestProblems.Grid(rows, cols, TestProblems.RandomPatients(rows * cols, seed, 10_000, 30_000), rules);
        AssertMatchesBruteForce(problem);
    }

    /// <summary>
    /// With "fewest" the result says what is proven about the count: the brute-forced fewest count when the plan is proven
    /// (never more than the plan's count); without a count preference it says nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(TinyGrids))]
    public void The_count_bound_is_the_fewest_count_when_proven_and_absent_without_a_count_preference(int rows, int cols, int seed, double min, double max)
    {
        var patients = TestProblems.RandomPatients(rows * cols, seed, 10_000, 30_000);
        var fewest = TestProblems.Grid(rows, cols, patients, new ConsortiumRules { MinPatients = min, MaxPatients = max, CountPreference = CountPreference.Fewest });
        var (_, bestPlan, _) = BruteForce.Best(fewest, fewestFirst: true);
        var result = ExactSolver.Solve(fewest);
        if (bestPlan is null)
        {
            Assert.Equal(ExactStatus.Infeasible, result.Status);
            return;
        }
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(bestPlan.Max() + 1, result.CountBound);
        Assert.Equal(result.ConsortiumCount, result.CountBound);

        var none = TestProblems.Grid(rows, cols, patients, new ConsortiumRules { MinPatients = min, MaxPatients = max });
        Assert.Null(ExactSolver.Solve(none).CountBound);
    }

    /// <summary>
    /// A seed plan above the fewest count (every practice alone) sends the solve through CP-SAT over the candidates of least
    /// reduced cost, then the race of branching on pairs of practices and CP-SAT; without the first (no
    /// <see cref="ExactOptions.CountNearBound"/>), through the race alone; without subset-row cuts, through CP-SAT
    /// minimising the count below the seed's: every way the count and the plan are the brute-forced fewest and most
    /// compact, and the message says how the count was proven. Fails if any one's plan or proof is dropped (the seed's
    /// count would stand, unproven).
    /// </summary>
    [Theory]
    [InlineData(2, 4, 21, 45_000)]
    [InlineData(3, 3, 22, 50_000)]
    [InlineData(1, 8, 23, 40_000)]
    [InlineData(2, 5, 24, 60_000)]
    public void A_seed_above_the_fewest_count_is_bettered_and_the_count_proven(int rows, int cols, int seed, double max)
    {
        var problem = TestProblems.Grid(rows, cols, TestProblems.RandomPatients(rows * cols, seed, 10_000, 30_000),
            new ConsortiumRules { MinPatients = 0, MaxPatients = max, CountPreference = CountPreference.Fewest });
        var (best, bestPlan, _) = BruteForce.Best(problem, fewestFirst: true);
        int fewest = bestPlan!.Max() + 1;
        var alone = Enumerable.Range(0, problem.PracticeCount).ToArray();
        Assert.True(alone.Length > fewest);

        // With cuts, branching and CP-SAT race and either may decide; without, CP-SAT decides alone.
        string[] raced = ["branching on pairs of practices", "CP-SAT minimising the count"];
        foreach (var (cuts, near, phase, hows) in new[]
        {
            (true, true, "count: CP-SAT over the candidates of least reduced cost",
                [.. raced, "CP-SAT over the candidates of least reduced cost found a plan at the LP bound", "the LP relaxation with subset-row cuts"]),
            (true, false, "count: branching raced with CP-SAT", raced),
            (false, true, "count on CP-SAT", new[] { "CP-SAT minimising the count" }),
        })
        {
            var result = ExactSolver.Solve(problem, new ExactOptions { WarmStart = alone, HeuristicWarmStart = false, SubsetRowCuts = cuts, CountNearBound = near });
            Assert.Equal(ExactStatus.Optimal, result.Status);
            Assert.Equal(fewest, result.ConsortiumCount);
            Assert.Equal(fewest, result.CountBound);
            Assert.Equal(best, result.Objective, 3);
            Assert.Contains(hows, how => result.Message.Contains($"{fewest} is the fewest consortia possible ({how})", StringComparison.Ordinal));
            Assert.Contains(result.Phases, p => p.Phase == phase);
        }
    }

    /// <summary>
    /// CP-SAT minimising the count with its LP-led strategies finds the brute-forced fewest count and proves it, on one
    /// worker (its sequential search with the full LP) and on two (the two named strategies), from two random seeds.
    /// </summary>
    [Theory]
    [MemberData(nameof(LocalityGrids.Seeds), 6, MemberType = typeof(LocalityGrids))]
    public void The_count_search_on_CP_SAT_proves_the_fewest_count_on_one_or_two_workers(int seed)
    {
        var grid = LocalityGrids.Localities(seed);
        var options = ExactOptions.Default;
        Assert.Contains("linearization_level:2", SatEngine.LpLedSearch(options, 1).SolverParameters);
        Assert.Equal(1, SatEngine.LpLedSearch(options, 1).Workers);
        Assert.Contains("subsolvers:\"max_lp\" subsolvers:\"reduced_costs\"", SatEngine.LpLedSearch(options, 2).SolverParameters);
        var formulation = new PartitionFormulation(grid.Model, options);
        foreach (int cores in new[] { 1, 2 })
            foreach (int randomSeed in new[] { 0, 2 })
            {
                var found = formulation.FewestOnSat(1, 9, TimeSpan.FromSeconds(30), default, cores, randomSeed);
                Assert.Equal(EngineStatus.Optimal, found.Status);
                Assert.Equal(grid.Fewest, found.Plan!.Max() + 1);
                Assert.Empty(PlanCheck.PlanViolations(grid.Problem, found.Plan!));
                // Below the fewest there is nothing to find.
                Assert.Equal(EngineStatus.Infeasible, formulation.FewestOnSat(1, grid.Fewest - 1, TimeSpan.FromSeconds(30), default, cores, randomSeed).Status);
            }
    }

    /// <summary>
    /// A caller's CP-SAT parameter that the count search also sets (the LP's level, the random seed) replaces it instead of
    /// being given twice, which made CP-SAT abort the whole process; lists of strategies are kept whole.
    /// </summary>
    [Fact]
    public void A_callers_CP_SAT_parameters_replace_the_solvers_own()
    {
        Assert.Equal("subsolvers:\"max_lp\" num_workers:1 linearization_level:0 subsolvers:\"core\"",
            SatEngine.OnceEach("num_workers:8 linearization_level:2 subsolvers:\"max_lp\" num_workers:1 linearization_level:0 subsolvers:\"core\""));
        Assert.Equal("subsolver_params { name: \"x\" } num_workers:2", SatEngine.OnceEach("subsolver_params { name: \"x\" } num_workers:2"));

        var grid = LocalityGrids.Localities(3);
        var options = ExactOptions.Default with { SolverParameters = "linearization_level:1 random_seed:7 num_workers:1" };
        var formulation = new PartitionFormulation(grid.Model, options);
        foreach (int cores in new[] { 1, 2 })
        {
            var found = formulation.FewestOnSat(1, 9, TimeSpan.FromSeconds(30), default, cores, randomSeed: 2);
            Assert.Equal(EngineStatus.Optimal, found.Status);
            Assert.Equal(grid.Fewest, found.Plan!.Max() + 1);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Optimum_equals_brute_force_with_deprivation_and_spend_balance(int seed)
    {
        int n = 9;
        var patients = TestProblems.RandomPatients(n, seed, 10_000, 30_000);
        var deprivation = TestProblems.RandomValues(n, seed, 5, 45);
        deprivation[seed % n] = double.NaN; // an unknown score is left out of the balance
        var spendPerPatient = TestProblems.RandomValues(n, seed + 100, 120, 180);
        var spend = patients.Select((p, i) => p * spendPerPatient[i]).ToArray();
        var rules = new ConsortiumRules
        {
            MinPatients = 30_000,
            MaxPatients = 80_000,
            Deprivation = new BalanceTolerance(0.25, ToleranceKind.Relative),
            Spend = new BalanceTolerance(15, ToleranceKind.Absolute),
        };
        var problem = TestProblems.Grid(3, 3, patients, rules, deprivation, spend);
        AssertMatchesBruteForce(problem);
    }

    [Fact]
    public void Optimum_equals_brute_force_with_count_bounds_and_locks()
    {
        var patients = TestProblems.RandomPatients(9, 21, 10_000, 30_000);
        var locked = new[] { 0, -1, -1, -1, -1, -1, 1, -1, 0 }; // corners 0 and 8 together, 6 apart from them
        var rules = new ConsortiumRules { MinPatients = 20_000, MaxPatients = 120_000, MinCount = 2, MaxCount = 3 };
        var problem = TestProblems.Grid(3, 3, patients, rules, locked: locked, lockNames: ["North", "South"]);
        AssertMatchesBruteForce(problem);
    }

    [Fact]
    public void Proves_infeasible_when_the_patients_cannot_be_cut_into_contiguous_pieces()
    {
        // 50k | 100k | 50k on a path: two 100k halves exist by count (50+50) but not contiguously, and the whole is too big.
        var problem = TestProblems.Path([50_000, 100_000, 50_000], new ConsortiumRules { MinPatients = 100_000, MaxPatients = 140_000 });
        var result = ExactSolver.Solve(problem);
        Assert.Equal(ExactStatus.Infeasible, result.Status);
        Assert.Null(result.ConsortiumOf);
        Assert.StartsWith("The exact solver (CP-SAT) proved that no plan meets these rules:", result.Message);
        Assert.Equal(0, BruteForce.Best(problem).ValidPlans);
    }

    [Fact]
    public void Reports_without_solving_when_the_total_cannot_fit_the_patient_range()
    {
        var problem = TestProblems.Path([60_000, 60_000, 60_000], new ConsortiumRules { MinPatients = 100_000, MaxPatients = 130_000 });
        var result = ExactSolver.Solve(problem);
        Assert.Equal(ExactStatus.Infeasible, result.Status);
        Assert.Contains("180,000 patients", result.Message);
    }

    [Fact]
    public void Proves_infeasible_when_no_contiguous_plan_meets_the_deprivation_tolerance()
    {
        // Deprived west, affluent east: only mixing the ends would balance, and that is not contiguous.
        var patients = TestProblems.Filled(6, 20_000);
        double[] deprivation = [40, 40, 40, 10, 10, 10];
        var rules = new ConsortiumRules
        {
            MinPatients = 40_000,
            MaxPatients = 60_000,
            Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative),
        };
        // 2x3 grid: row 0 = 40 10 40, row 1 = 10 40 10: the columns are balanced pairs.
        var problem = TestProblems.Grid(2, 3, [20_000, 20_000, 20_000, 20_000, 20_000, 20_000], rules,
            deprivation: [40, 10, 40, 10, 40, 10]);
        var path = TestProblems.Path(patients, rules, deprivation);
        var result = ExactSolver.Solve(path);
        Assert.Equal(ExactStatus.Infeasible, result.Status);
        Assert.Contains("deprivation within ±10% of the area mean", result.Message);
        Assert.Equal(0, BruteForce.Best(path).ValidPlans);
        // The same practices on a grid can be paired across rows, so the grid version has a plan.
        var grid = ExactSolver.Solve(problem);
        Assert.Equal(ExactStatus.Optimal, grid.Status);
        Assert.Empty(PlanCheck.PlanViolations(problem, grid.ConsortiumOf!));
    }

    [Fact]
    public void Warm_start_from_a_valid_plan_keeps_the_optimum()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 80_000 };
        var problem = TestProblems.Grid(3, 3, TestProblems.RandomPatients(9, 2, 10_000, 30_000), rules);
        var cold = ExactSolver.Solve(problem);
        Assert.Equal(ExactStatus.Optimal, cold.Status);
        // Relabel the optimum so the labels differ from the solver's numbering.
        var warm = cold.ConsortiumOf!.Select(c => 10 - c).ToArray();
        var hot = ExactSolver.Solve(problem, new ExactOptions { WarmStart = warm });
        Assert.Equal(ExactStatus.Optimal, hot.Status);
        Assert.Equal(cold.Objective, hot.Objective, 6);
        Assert.DoesNotContain("ignored", hot.Message);
    }

    [Fact]
    public void A_rule_breaking_warm_start_is_ignored_with_a_note()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 80_000 };
        var problem = TestProblems.Grid(3, 3, TestProblems.RandomPatients(9, 2, 10_000, 30_000), rules);
        var result = ExactSolver.Solve(problem, new ExactOptions { WarmStart = new int[9] }); // one consortium: too big
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Contains("warm-start plan was ignored", result.Message);
    }

    [Fact]
    public void A_larger_grid_solves_to_a_valid_contiguous_plan()
    {
        var rules = new ConsortiumRules { MinPatients = 90_000, MaxPatients = 160_000 };
        var problem = TestProblems.Grid(5, 5, TestProblems.RandomPatients(25, 31, 10_000, 30_000), rules);
        var result = ExactSolver.Solve(problem, new ExactOptions { TimeLimit = TimeSpan.FromSeconds(30) });
        Assert.True(result.Status is ExactStatus.Optimal or ExactStatus.Feasible, result.Message);
        Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf!));
        Assert.Equal(BruteForce.Measure(problem, result.ConsortiumOf!, result.Measure), result.Objective, 6);
        Assert.True(result.Bound <= result.Objective + 1e-6);
    }

    /// <summary>Both formulations against brute force, each under the measure it optimises.</summary>
    internal static void AssertMatchesBruteForce(Problem problem, bool fewestFirst = false)
    {
        foreach (var (formulation, measure, heuristic) in new[]
        {
            (ExactFormulation.SetPartitioning, CompactnessMeasure.AboutCentroid, true),
            (ExactFormulation.SetPartitioning, CompactnessMeasure.AboutCentroid, false),
            (ExactFormulation.CentreFlow, CompactnessMeasure.AboutCentre, true),
            (ExactFormulation.CentreFlow, CompactnessMeasure.AboutCentre, false),
        })
        {
            var (best, bestPlan, valid) = BruteForce.Best(problem, fewestFirst, measure);
            var result = ExactSolver.Solve(problem, new ExactOptions { Formulation = formulation, HeuristicWarmStart = heuristic });
            if (valid == 0)
            {
                Assert.Equal(ExactStatus.Infeasible, result.Status);
                continue;
            }
            Assert.True(result.Status == ExactStatus.Optimal, $"{formulation}: {result.Message}");
            Assert.Equal(measure, result.Measure);
            Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf!));
            Assert.Equal(best, result.Objective, 3);
            Assert.Equal(0, result.Gap);
            if (fewestFirst) Assert.Equal(bestPlan!.Max() + 1, result.ConsortiumCount);
        }
    }
}

public sealed class ExactSolverLimitsTests
{
    [Fact]
    public void The_time_limit_stops_a_hard_instance_promptly()
    {
        var rules = new ConsortiumRules
        {
            MinPatients = 120_000,
            MaxPatients = 200_000,
            Deprivation = new BalanceTolerance(0.05, ToleranceKind.Relative),
        };
        var problem = TestProblems.Grid(7, 7, TestProblems.RandomPatients(49, 51, 10_000, 30_000), rules,
            deprivation: TestProblems.RandomValues(49, 51, 5, 45));
        var result = ExactSolver.Solve(problem, new ExactOptions { TimeLimit = TimeSpan.FromSeconds(1) });
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), $"took {result.Elapsed}");
        if (result.HasPlan) Assert.Empty(PlanCheck.PlanViolations(problem, result.ConsortiumOf!));
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Rules_exact_mode_does_not_model_are_refused_rather_than_ignored()
    {
        var problem = TestProblems.Path([50_000, 60_000], new ConsortiumRules { MinDeprivedShare = 0.3 });
        var e = Assert.Throws<ArgumentException>(() => ExactSolver.Solve(problem));
        Assert.Contains("MinDeprivedShare", e.Message);
    }
}

public sealed class SetPartitioningTests
{
    [Theory]
    [InlineData(3, 3, 1, 50_000)]
    [InlineData(2, 5, 2, 60_000)]
    [InlineData(3, 3, 3, 1_000_000)]
    public void Every_connected_set_within_the_maximum_is_listed_once(int rows, int cols, int seed, double max)
    {
        int n = rows * cols;
        var problem = TestProblems.Grid(rows, cols, TestProblems.RandomPatients(n, seed, 10_000, 30_000),
            new ConsortiumRules { MinPatients = 1, MaxPatients = max });
        var listed = ConnectedSubsets.Enumerate(problem, 1_000_000)!;
        var expected = new List<string>();
        for (int mask = 1; mask < 1 << n; mask++)
        {
            var members = Enumerable.Range(0, n).Where(i => (mask >> i & 1) != 0).ToArray();
            if (members.Sum(i => problem.Patients[i]) <= max && PlanCheck.IsConnected(problem, members)) expected.Add(string.Join(",", members));
        }
        var got = listed.Select(m => string.Join(",", m)).ToList();
        Assert.Equal(got.Count, got.Distinct().Count());
        Assert.Equal(expected.Order(), got.Order());
    }

    [Fact]
    public void Too_many_consortia_to_list_falls_back_to_the_centre_model()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 80_000 };
        var problem = TestProblems.Grid(3, 3, TestProblems.RandomPatients(9, 2, 10_000, 30_000), rules);
        var result = ExactSolver.Solve(problem, new ExactOptions { MaxCandidateConsortia = 5 });
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(CompactnessMeasure.AboutCentre, result.Measure);
        Assert.Contains("centre model was used", result.Message);
        Assert.Equal(BruteForce.Best(problem, measure: CompactnessMeasure.AboutCentre).Objective, result.Objective, 3);
    }

    [Fact]
    public void Fewest_count_is_found_when_the_patient_lower_bound_is_not_reachable()
    {
        // 20k, 20k, 20k, 4k, 4k on a path with at most 30k each: ceil(68/30) = 3, but only 4 pieces fit.
        var problem = TestProblems.Path([20_000, 20_000, 20_000, 4_000, 4_000, 4_000, 4_000],
            new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000, CountPreference = CountPreference.Fewest });
        var result = ExactSolver.Solve(problem);
        Assert.Equal(ExactStatus.Optimal, result.Status);
        Assert.Equal(4, result.ConsortiumCount);
        Assert.Equal(4, result.CountBound);
        Assert.Contains("4 is the fewest consortia possible", result.Message);
        ExactSolverTests.AssertMatchesBruteForce(problem, fewestFirst: true);
    }

    [Theory]
    [MemberData(nameof(ExactSolverTests.TinyGrids), MemberType = typeof(ExactSolverTests))]
    public void Reduced_cost_fixing_keeps_the_brute_force_optimum(int rows, int cols, int seed, double min, double max)
    {
        var patients = TestProblems.RandomPatients(rows * cols, seed, 10_000, 30_000);
        foreach (var preference in new[] { CountPreference.None, CountPreference.Fewest })
        {
            var rules = new ConsortiumRules { MinPatients = min, MaxPatients = max, CountPreference = preference };
            var problem = TestProblems.Grid(rows, cols, patients, rules);
            var (best, _, valid) = BruteForce.Best(problem, fewestFirst: preference == CountPreference.Fewest);
            foreach (bool heuristic in new[] { true, false })
            {
                // Every compactness solve goes through the LP, the reduced-cost pools and the fixed model.
                var options = new ExactOptions { Formulation = ExactFormulation.SetPartitioning, HeuristicWarmStart = heuristic, ReducedCostFixingMinColumns = 0 };
                var result = ExactSolver.Solve(problem, options);
                if (valid == 0)
                {
                    Assert.Equal(ExactStatus.Infeasible, result.Status);
                    continue;
                }
                Assert.Equal(ExactStatus.Optimal, result.Status);
                Assert.Equal(best, result.Objective, 3);
                Assert.Equal(best, result.Bound, 3);
            }
        }
    }

    [Fact]
    public void Count_pruning_drops_consortia_that_strand_the_rest_and_keeps_the_optimum()
    {
        // 20k, 20k, 20k, 4k, 4k, 4k, 4k on a path, at most 30k each: 4 localities at the fewest.
        var problem = TestProblems.Path([20_000, 20_000, 20_000, 4_000, 4_000, 4_000, 4_000],
            new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000, CountPreference = CountPreference.Fewest });
        var model = SetPartitionModel.TryBuild(problem, 1_000_000)!;
        var kept = model.ColumnsForCount(4, 4).Select(c => string.Join(",", model.Candidates[c])).ToHashSet();
        // Practice 4 alone leaves 0–3 (64k: at least three localities) and 5–6 (at least one): five in all.
        Assert.DoesNotContain("4", kept);
        Assert.Contains("3,4", kept);
        var (_, plan, _) = BruteForce.Best(problem, fewestFirst: true);
        foreach (var members in Compactness.Groups(plan!)) Assert.Contains(string.Join(",", members), kept);
        Assert.Equal(model.Candidates.Count, model.ColumnsForCount(1, problem.PracticeCount).Length);
    }

    [Fact]
    public void Objective_is_the_heuristic_centroid_measure()
    {
        var rules = new ConsortiumRules { MinPatients = 40_000, MaxPatients = 80_000 };
        var problem = TestProblems.Grid(3, 3, TestProblems.RandomPatients(9, 2, 10_000, 30_000), rules);
        var result = ExactSolver.Solve(problem);
        Assert.Equal(CompactnessMeasure.AboutCentroid, result.Measure);
        Assert.Equal(Compactness.PlanAboutCentroid(problem, result.ConsortiumOf!), result.Objective, 6);
        Assert.Contains("Set partitioning over all", result.Message);
    }
}
