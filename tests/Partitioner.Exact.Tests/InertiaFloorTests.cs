using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

public sealed class InertiaFloorTests
{
    [Fact]
    public void TwoPracticesThatMustShareAConsortiumHaveExactlyTheFloor()
    {
        // 1,000 patients at 30 and 1,000 at 10, 1 km apart, the band ±0 about the mean of 20: the only plan meeting it
        // is both together, whose inertia about the centroid is 2 × 1,000 × 0.5² = 500 patient·km². Each edge sends
        // 10,000 points at 1²/(10 + 10) km² a point: 500.
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 10_000, Deprivation = new BalanceTolerance(0, ToleranceKind.Absolute) };
        var problem = TestProblems.Path([1000, 1000], rules, deprivation: [30, 10]);

        var floor = InertiaFloor.Of(problem);

        Assert.Equal(2, floor.Edges.Count);
        Assert.All(floor.Edges, e => Assert.Equal(500, e.InertiaKm2, 6));
        Assert.Equal(500, floor.InertiaKm2, 6);
        Assert.Equal(Compactness.PlanAboutCentroid(problem, [0, 0]), floor.InertiaKm2, 6);
        var upper = floor.Edges.Single(e => e is { Rule: "deprivation", Upper: true });
        Assert.Equal([500.0, 0.0], upper.SentFrom);
    }

    [Fact]
    public void NoPlanMeetingTheBandsHasLessInertiaThanTheFloor()
    {
        // Every partition of nine practices, contiguous or not, of any size: those meeting ±10% deprivation and spend
        // (the whole area always does, being at the mean).
        int instances = 0, floorsAboveZero = 0;
        for (int seed = 1; seed <= 12; seed++)
        {
            var patients = TestProblems.RandomPatients(9, seed, 1000, 5000);
            var deprivation = TestProblems.RandomValues(9, seed, 5, 45);
            var spendPerPatient = TestProblems.RandomValues(9, seed + 100, 100, 200);
            var rules = new ConsortiumRules
            {
                MinPatients = 0, MaxPatients = 100_000,
                Deprivation = new BalanceTolerance(0.1, ToleranceKind.Relative), Spend = new BalanceTolerance(0.1, ToleranceKind.Relative),
            };
            var spend = patients.Select((p, i) => p * spendPerPatient[i]).ToArray();
            var problem = TestProblems.Grid(3, 3, patients, rules, deprivation, spend);

            double floor = InertiaFloor.Of(problem).InertiaKm2;
            double least = LeastInertiaMeetingTheBands(problem);

            Assert.True(floor <= least + 1e-6, $"seed {seed}: the floor {floor} is above the most compact plan meeting the bands, {least}");
            instances++;
            if (floor > 0) floorsAboveZero++;
        }
        Assert.Equal(12, instances);
        Assert.True(floorsAboveZero >= 10, $"only {floorsAboveZero} of 12 floors above zero");
    }

    [Fact]
    public void AFewTakersPerPracticePricedBeyondGiveTheFloorOfEveryPair()
    {
        // 64 practices: every sender offered its cheapest one or five takers only, the rest found by pricing, against
        // every pair (a grid's equal distances make ties among the five).
        for (int seed = 1; seed <= 6; seed++)
        {
            var patients = TestProblems.RandomPatients(64, seed, 1000, 9000);
            var deprivation = TestProblems.RandomValues(64, seed, 5, 45);
            var problem = TestProblems.Grid(8, 8, patients, new ConsortiumRules { MinPatients = 0, MaxPatients = 1e6 }, deprivation);
            double upper = 1.1 * AreaBaseline.Of(patients, deprivation, problem.Spend).Deprivation;
            var excess = deprivation.Select(d => d - upper).ToArray();

            var everyPair = InertiaFloor.Transport(problem, "deprivation", true, excess, nearest: 64);
            Assert.True(everyPair.InertiaKm2 > 0);
            foreach (int nearest in new[] { 1, 5 })
            {
                var priced = InertiaFloor.Transport(problem, "deprivation", true, excess, nearest: nearest);
                Assert.Equal(everyPair.InertiaKm2, priced.InertiaKm2, everyPair.InertiaKm2 * 1e-4);
                Assert.Equal(priced.InertiaKm2, priced.SentFrom.Sum(), priced.InertiaKm2 * 1e-9);
            }
        }
    }

    [Fact]
    public void EachSendersTakersAreTheCheapestByCostAndPriceTiesToTheLowerTaker()
    {
        // Costs drawn from a few values, so that many tie: the heap's choice is the first k of a sort by cost, then taker.
        var random = new Random(5);
        foreach (int k in new[] { 1, 4, 17, 40 })
        {
            var heap = new InertiaFloor.TakerHeap(k);
            for (int s = 0; s < 20; s++)
            {
                var costs = Enumerable.Range(0, 40).Select(_ => (double)random.Next(6)).ToArray();
                var prices = Enumerable.Range(0, 40).Select(_ => random.Next(2) * 0.5).ToArray();
                var chosen = heap.Cheapest(s, 40, (_, t) => costs[t], prices).Order().ToArray();
                var expected = Enumerable.Range(0, 40).OrderBy(t => costs[t] + prices[t]).ThenBy(t => t).Take(k).Order().ToArray();
                Assert.Equal(expected, chosen);
            }
        }
    }

    [Fact]
    public void PracticesAHairEitherSideOfAnEdgeStillGiveAFloorBelowTheirPlans()
    {
        // Mean 20, edge 22: practices 0 and 1 sit a billionth above and below it, so a point between them costs
        // 1 km² over two billionths, far past the network solver's usual costs. The floor stays finite, above zero
        // and under every plan meeting the band.
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 1e6, Deprivation = new BalanceTolerance(2, ToleranceKind.Absolute) };
        double[] patients = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
        double[] deprivation = [22 + 1e-9, 22 - 1e-9, 30, 10, 20, 20, 26, 14, 16];
        var problem = TestProblems.Grid(3, 3, patients, rules, deprivation);

        var floor = InertiaFloor.Of(problem);

        Assert.True(double.IsFinite(floor.InertiaKm2) && floor.InertiaKm2 > 0, $"floor {floor.InertiaKm2}");
        Assert.True(floor.InertiaKm2 <= LeastInertiaMeetingTheBands(problem) + 1e-6);
    }

    [Fact]
    public void WithoutBalanceRulesThereIsNoFloor()
    {
        var problem = TestProblems.Path([1000, 1000], new ConsortiumRules { MinPatients = 0, MaxPatients = 10_000 }, deprivation: [30, 10]);

        var floor = InertiaFloor.Of(problem);

        Assert.Empty(floor.Edges);
        Assert.Equal(0, floor.InertiaKm2);
    }

    [Fact]
    public void ABandEveryPracticeMeetsCostsNothing()
    {
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 10_000, Deprivation = new BalanceTolerance(0.5, ToleranceKind.Relative) };
        var problem = TestProblems.Path([1000, 1000, 1000], rules, deprivation: [18, 20, 22]);

        var floor = InertiaFloor.Of(problem);

        Assert.All(floor.Edges, e => Assert.Equal(0, e.Senders));
        Assert.Equal(0, floor.InertiaKm2);
    }

    [Fact]
    public void ACancelledFloorStopsBeforeItsEnd()
    {
        // 3,600 practices, deprived in the west and affluent in the east, a ±2% band: thousands of senders whose points
        // must cross the area, many rounds of pricing. Cancelled a twentieth of a second in, it must stop with
        // OperationCanceledException rather than run to its end (seconds) and return a floor.
        int side = 60, n = side * side;
        var deprivation = Enumerable.Range(0, n).Select(v => 40.0 - 30.0 * (v % side) / (side - 1) + (v * 7 % 5)).ToArray();
        var rules = new ConsortiumRules
        {
            MinPatients = 0, MaxPatients = 1_000_000,
            Deprivation = new BalanceTolerance(0.02, ToleranceKind.Relative), Spend = new BalanceTolerance(0.02, ToleranceKind.Relative),
        };
        var patients = TestProblems.RandomPatients(n, 5, 1000, 9000);
        var spendPerPatient = TestProblems.RandomValues(n, 6, 100, 200);
        var problem = TestProblems.Grid(side, side, patients, rules, deprivation, patients.Select((p, i) => p * spendPerPatient[i]).ToArray());

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => InertiaFloor.Of(problem, cancel.Token));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new ExactEngine().InertiaFloor(problem, cancelled.Token));
    }

    /// <summary>The least inertia over every set partition whose consortia all meet the deprivation and spend bands (a
    /// rule left out: no band), contiguity and size aside; infinity when none does.</summary>
    private static double LeastInertiaMeetingTheBands(Problem problem)
    {
        int n = problem.PracticeCount;
        var area = AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend);
        double depAllowed = problem.Rules.Deprivation?.AllowedDeviation(area.Deprivation) ?? double.PositiveInfinity;
        double spendAllowed = problem.Rules.Spend?.AllowedDeviation(area.SpendPerPatient) ?? double.PositiveInfinity;
        var label = new int[n];
        double best = double.PositiveInfinity;
        void Recurse(int i, int used)
        {
            if (i == n)
            {
                for (int c = 0; c < used; c++)
                {
                    double p = 0, d = 0, s = 0;
                    for (int k = 0; k < n; k++)
                        if (label[k] == c) { p += problem.Patients[k]; d += problem.Patients[k] * problem.Deprivation[k]; s += problem.Spend[k]; }
                    if (Math.Abs(d / p - area.Deprivation) > depAllowed || Math.Abs(s / p - area.SpendPerPatient) > spendAllowed) return;
                }
                best = Math.Min(best, Compactness.PlanAboutCentroid(problem, label));
                return;
            }
            for (int c = 0; c <= used && c < n; c++)
            {
                label[i] = c;
                Recurse(i + 1, Math.Max(used, c + 1));
            }
        }
        Recurse(0, 0);
        return best;
    }
}
