using Partitioner.Core.Levels;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

public sealed class RiskModelTests
{
    /// <summary>List sizes of a consortium of about 100,000 patients and a federation of about 500,000, from a fixed draw.</summary>
    private static double[] Practices(int count, int seed)
    {
        var random = new Random(seed);
        var lists = new double[count];
        for (int i = 0; i < count; i++) lists[i] = Math.Round(6_500 * Math.Exp(0.5 * (random.NextDouble() * 2 - 1) * 1.7));
        return lists;
    }

    private static (double Patients, double Squares) Sums(double[] lists) => (lists.Sum(), lists.Sum(l => l * l));

    [Theory]
    [InlineData(15, 0.01, 0.0)]
    [InlineData(15, 0.02, 0.0)]
    [InlineData(15, 0.02, 0.05)]
    [InlineData(75, 0.01, 0.0)]
    [InlineData(75, 0.01, 0.05)]
    public void The_formula_agrees_with_a_monte_carlo_simulation_of_the_same_model(int practices, double reserve, double practiceSd)
    {
        var lists = Practices(practices, practices);
        var model = new RiskModel { PracticeSd = practiceSd };
        var (patients, squares) = Sums(lists);
        double p = model.OverspendProbability(patients, squares, reserve);
        var simulated = RiskSimulation.Simulate(lists, model, reserve, 200_000, seed: 11);
        // Per-patient costs normal: the simulated year's total is exactly the model's normal, so only sampling error is left.
        Assert.True(Math.Abs(simulated.Probability - p) <= 4 * simulated.StandardError,
            $"formula {p:P3}, simulation {simulated.Probability:P3} ± {simulated.StandardError:P3} ({patients:N0} patients)");
        Assert.InRange(p, 0.0005, 0.5); // a probability the simulation can see
    }

    [Theory]
    [InlineData(15, 0.01)]
    [InlineData(15, 0.02)]
    [InlineData(75, 0.01)]
    public void With_skewed_gamma_costs_the_formula_stays_within_sampling_error_for_consortia(int practices, double reserve)
    {
        // Gamma per-patient costs with cv 3.45 are strongly skewed; a total of ≥ 100,000 patients has skewness
        // 2·cv/√N ≤ 0.022, whose effect on these tails (Edgeworth term, ≤ 0.0007) is below 4 standard errors here.
        var lists = Practices(practices, practices);
        var model = new RiskModel();
        var (patients, squares) = Sums(lists);
        Assert.True(patients >= 100_000);
        double p = model.OverspendProbability(patients, squares, reserve);
        var simulated = RiskSimulation.Simulate(lists, model, reserve, 200_000, seed: 5, PatientCostDistribution.Gamma);
        Assert.True(Math.Abs(simulated.Probability - p) <= 4 * simulated.StandardError,
            $"formula {p:P3}, simulation {simulated.Probability:P3} ± {simulated.StandardError:P3}");
    }

    [Fact]
    public void A_small_group_of_gamma_costs_is_skewed_and_the_simulation_shows_it()
    {
        // The check above can fail: for 2,000 patients the skewness (0.15) moves the 2% tail well past sampling error.
        var lists = new double[] { 2_000 };
        var model = new RiskModel();
        double p = model.OverspendProbability(2_000, 2_000.0 * 2_000, 0.2);
        var simulated = RiskSimulation.Simulate(lists, model, 0.2, 200_000, seed: 3, PatientCostDistribution.Gamma);
        Assert.True(Math.Abs(simulated.Probability - p) > 4 * simulated.StandardError, $"formula {p:P3}, simulation {simulated.Probability:P3}");
    }

    [Fact]
    public void Pooling_two_consortia_lowers_the_risk_below_either_alone()
    {
        var model = new RiskModel { PracticeSd = 0.03 };
        var a = Practices(15, 1);
        var b = Practices(20, 2);
        var both = a.Concat(b).ToArray();
        double pa = model.OverspendProbability(a.Sum(), a.Sum(x => x * x), 0.01);
        double pb = model.OverspendProbability(b.Sum(), b.Sum(x => x * x), 0.01);
        double pooled = model.OverspendProbability(both.Sum(), both.Sum(x => x * x), 0.01);
        Assert.True(pooled < Math.Min(pa, pb), $"{pooled} vs {pa}, {pb}");
    }

    [Fact]
    public void At_the_population_floor_the_risk_is_exactly_the_limit()
    {
        var model = new RiskModel();
        double floor = model.PopulationFloor(0.05, 0.02, largestPractice: 20_000);
        // cv² (z / r)² with z = 1.6449: 3.45² × (1.6449 / 0.02)² ≈ 80,510 patients.
        Assert.Equal(3.45 * 3.45 * Math.Pow(1.6448536269514722 / 0.02, 2), floor, 1e-6);
        Assert.Equal(0.05, model.OverspendProbability(floor, 0, 0.02), 1e-9);
        Assert.True(model.OverspendProbability(floor * 0.95, 0, 0.02) > 0.05);
    }

    [Fact]
    public void With_a_practice_shock_the_floor_is_conservative()
    {
        var model = new RiskModel { PracticeSd = 0.05 };
        var lists = Practices(40, 9);
        double largest = lists.Max();
        double floor = model.PopulationFloor(0.05, 0.02, largest);
        // Any group reaching the floor from practices no larger than the largest meets the limit: take the practices in
        // turn, again and again, until the floor is reached.
        var group = new List<double>();
        for (int i = 0; group.Sum() < floor; i++) group.Add(lists[i % lists.Length]);
        double p = model.OverspendProbability(group.Sum(), group.Sum(x => x * x), 0.02);
        Assert.True(p <= 0.05, $"p = {p}");
        // A group of one size only (all at the largest) is the case the bound is exact for.
        int n = (int)Math.Ceiling(floor / largest);
        Assert.True(model.OverspendProbability(n * largest, n * largest * largest, 0.02) <= 0.05);
    }

    [Fact]
    public void Bad_parameters_are_named()
    {
        var problems = new RiskModel { PerPatientCv = 0, PracticeSd = -1, Reserves = [0.02, 1.5] }.Problems("options");
        Assert.Contains(problems, p => p.Field == "risk cv");
        Assert.Contains(problems, p => p.Field == "risk practice sd");
        Assert.Contains(problems, p => p.Field == "reserves" && p.Value == "1.5");
    }

    [Fact]
    public void The_derivation_recovers_the_parameters_of_data_drawn_from_the_model()
    {
        // 20,000 practices whose spend is the model's: £150 per weighted patient, practice effect τ = 0.06, per-patient
        // cv 4, list sizes 300–40,000. (With fewer practices, a narrower range of sizes or a larger τ the estimate is far
        // noisier: the 1/N part is then small against the practice effect. README "Risk pooling" gives its bootstrap
        // interval on the real data.)
        var random = new Random(20101);
        var csv = new System.Text.StringBuilder("practice_code,easting,northing,list_size,weighted_list_size,spend\n");
        for (int i = 0; i < 20_000; i++)
        {
            double list = Math.Round(Math.Clamp(5_000 * Math.Exp(Gaussian(random)), 300, 40_000));
            double weighted = Math.Round(list * (1 + 0.1 * Gaussian(random)));
            double fair = 150 * weighted;
            double spend = fair * (1 + 0.06 * Gaussian(random)) + 150 * 4.0 * Math.Sqrt(list) * Gaussian(random);
            csv.Append($"P{i},{400_000 + i % 160 * 1_000},{300_000 + i / 160 * 1_000},{list},{weighted},{spend.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
        var practices = TestPractices.FromCsv(csv.ToString(), new PracticeReadOptions { CoordinateSystem = CoordinateSystem.BritishNationalGrid });
        var d = RiskDerivation.Derive(practices);
        Assert.Equal("weighted_list_size", d.Basis);
        Assert.Equal(RiskDerivation.BandCount, d.Bands.Count);
        Assert.InRange(d.PerPatientCv, 4 * 0.85, 4 * 1.15);
        Assert.InRange(d.PracticeSd, 0.06 * 0.85, 0.06 * 1.15);
        Assert.InRange(d.SpendPerUnit, 149, 151);
    }

    [RealDataFact]
    public void The_default_cv_is_the_one_the_real_2014_15_payments_give()
    {
        // The open practices (no close date): one closed during the year was paid for part of it.
        var practices = PracticeReader.ReadFile(Support.RealData.Practices2014);
        var d = RiskDerivation.Derive(practices, Open);
        Assert.Equal(7_798, d.Practices);
        Assert.Equal("weighted_list_size", d.Basis);
        Assert.Equal(RiskModel.DefaultPerPatientCv, Math.Round(d.PerPatientCv, 2));
        // The practice effect is large and mostly persistent; it is reported, not a default annual shock.
        Assert.InRange(d.PracticeSd, 0.10, 0.20);
    }

    private static bool Open(Practice p) => !p.Properties.Any(q => q.Name == "close_date" && q.Value is string s && s.Length > 0);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
