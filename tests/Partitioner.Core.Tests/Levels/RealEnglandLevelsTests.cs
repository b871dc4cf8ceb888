using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Levels;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Levels;

/// <summary>Real England 2014/15, the 2013 CCGs as the current map, one ±15% deprivation plan with federations and
/// support agencies, solved once for the class.</summary>
public sealed class RealEnglandPlanFixture
{
    public static readonly ConsortiumRules Rules = new() { Deprivation = new BalanceTolerance(0.15, ToleranceKind.Relative) };

    private readonly Lazy<(Study Study, LevelsOutcome Outcome)> _solved = new(() =>
    {
        var study = Study.Prepare(Practices(), Rules, MissingValuePolicy.FillMean);
        var request = new LevelsRequest
        {
            Federations = LevelRules.Federations(Rules),
            Agencies = LevelRules.Agencies(Rules),
            CurrentMap = "ccg_code",
        };
        // One restart of 3,000,000 steps meets ±15% (deterministic: the step budget ends it); about 90 s of one core.
        var options = new SolverOptions { Seed = 1, Restarts = 1, MaxSteps = 3_000_000, Mode = SolveMode.BestEffort, TimeLimit = TimeSpan.FromMinutes(15) };
        return (study, LevelsStudy.Solve(study, request, options));
    });

    public Study Study => _solved.Value.Study;
    public LevelsOutcome Outcome => _solved.Value.Outcome;

    public static PracticeSet Practices() =>
        PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
}

[Trait("Category", "RealData")]
public sealed class RealEnglandLevelsTests(RealEnglandPlanFixture real) : IClassFixture<RealEnglandPlanFixture>
{
    [RealDataFact]
    public void Consortia_federations_and_agencies_are_each_contiguous_within_their_bounds_and_nested()
    {
        var levels = real.Outcome.Levels!;
        Assert.Equal([LevelKind.Consortium, LevelKind.Federation, LevelKind.Agency], levels.Levels.Select(l => l.Kind).ToArray());
        var bounds = new Dictionary<LevelKind, (double Min, double Max)>
        {
            [LevelKind.Consortium] = (100_000, 750_000), [LevelKind.Federation] = (500_000, 2_000_000), [LevelKind.Agency] = (1_000_000, 6_000_000),
        };
        foreach (var level in levels.Levels)
            foreach (var unit in level.Evaluation.Consortia)
            {
                Assert.True(unit.Pieces == 1, $"{level.Kind} {unit.Name} is in {unit.Pieces} pieces");
                Assert.InRange(unit.Patients, bounds[level.Kind].Min, bounds[level.Kind].Max);
            }
        Assert.All(levels.Nesting, n => Assert.Empty(n.SplitUnits));
        // The consortia meet ±15% deprivation, and so do their unions.
        Assert.True(levels.MeetsAllRules, string.Join("; ", levels.Levels.SelectMany(l => l.Evaluation.Consortia).SelectMany(c => c.Violations).Select(v => v.Message).Take(5)));
    }

    [RealDataFact]
    public void The_transition_from_the_2013_ccgs_matches_an_independent_calculation()
    {
        var plan = real.Outcome.Levels!.Levels[0].Plan;
        var t = (JsonObject)real.Outcome.Sections["transition"]!;
        var report = TransitionReport.Of(real.Study.Practices, plan, "ccg_code");
        var consortiumOf = new Dictionary<string, string>();
        for (int i = 0; i < real.Study.Practices.Count; i++) consortiumOf[real.Study.Practices[i].Code] = plan.ConsortiumNames[plan.ConsortiumOf[i]];

        // From the CSV itself, not through the practice reader: rows with patients, their CCG, list sizes and spend.
        var rows = Csv.Read(Support.RealData.Practices2014).Where(r => Csv.Number(r["list_size"]) > 0).ToList();
        Assert.Equal(consortiumOf.Count, rows.Count);
        var shared = new Dictionary<(string Ccg, string Consortium), double>();
        foreach (var r in rows)
        {
            var key = (r["ccg_code"], consortiumOf[r["practice_code"]]);
            shared[key] = shared.GetValueOrDefault(key) + Csv.Number(r["list_size"]);
        }
        var successor = shared.GroupBy(kv => kv.Key.Ccg).ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).First().Key.Consortium);
        var moved = rows.Where(r => successor[r["ccg_code"]] != consortiumOf[r["practice_code"]]).ToList();
        Assert.Equal(moved.Count, report.PracticesMoved);
        Assert.Equal(moved.Count, (int)t["practices_moved"]!);
        Assert.Equal(moved.Sum(r => Csv.Number(r["list_size"])), report.PatientsMoved, 6);

        var spending = rows.Where(r => r["spend"].Length > 0).ToList();
        double totalSpend = spending.Sum(r => Csv.Number(r["spend"])), totalNeed = spending.Sum(r => Csv.Number(r["weighted_list_size"]));
        Assert.Equal(plan.Count, report.Consortia.Count);
        foreach (var (c, json) in report.Consortia.Zip(t["consortia"]!.AsArray()))
        {
            string name = c.Name;
            Assert.Equal(name, (string)json!["name"]!);
            var mine = spending.Where(r => consortiumOf[r["practice_code"]] == name).ToList();
            double spend = mine.Sum(r => Csv.Number(r["spend"])), fair = totalSpend * mine.Sum(r => Csv.Number(r["weighted_list_size"])) / totalNeed;
            double patients = mine.Sum(r => Csv.Number(r["list_size"]));
            Assert.Equal(100 * (spend - fair) / fair, c.FairShare.DistancePercent, 1e-9);
            Assert.Equal((spend - fair) / patients, c.FairShare.DistancePerHead, 1e-9);
            Assert.Equal(c.FairShare.DistancePercent, (double)json["distance_pct"]!, 0.0051);
            Assert.Equal(moved.Count(r => consortiumOf[r["practice_code"]] == name), c.PracticesMovedIn);
            Assert.Equal(c.PracticesMovedIn, (int)json["practices_moved_in"]!);
            // At 2% a year the gap closes in ⌈ln(fair / spend) / ln(1 ± 2%)⌉ years.
            int years = Math.Abs(spend - fair) <= 1e-9 * fair ? 0 : (int)Math.Ceiling(Math.Log(fair / spend) / Math.Log(spend < fair ? 1.02 : 0.98) - 1e-12);
            Assert.Equal(years, c.YearsToFairShare);
            Assert.Equal(years, (int?)json["years_to_fair_share"]);
        }
    }

    [RealDataFact]
    public void At_most_500_practices_move_from_the_2013_ccgs_and_the_report_says_how_close_the_plan_gets()
    {
        var study = Study.Prepare(RealEnglandPlanFixture.Practices(), RealEnglandPlanFixture.Rules, MissingValuePolicy.FillMean);
        var request = new LevelsRequest { CurrentMap = "ccg_code", MovesBudget = new MovesBudget(500, null) };
        var outcome = LevelsStudy.Solve(study, request, new SolverOptions());
        var section = (JsonObject)outcome.Sections["moves_budget"]!;
        int moved = (int)section["practices_moved"]!;
        Assert.InRange(moved, 1, 500);
        Assert.True((double)section["violation_after"]! < (double)section["violation_before"]!);
        var before = section["current_map"]!;
        var after = section["plan"]!;
        Assert.Equal(211, (int)after["consortia"]!);
        Assert.True((int)after["consortia_meeting_every_rule"]! > (int)before["consortia_meeting_every_rule"]!);
        // The transition counts the same practices as moved (each away from its CCG's successor, the consortium named after it).
        Assert.Equal(moved, (int)outcome.Sections["transition"]!["practices_moved"]!);
        var plan = outcome.Levels!.Levels[0].Plan;
        int changed = 0;
        for (int i = 0; i < study.Practices.Count; i++) changed += plan.ConsortiumNames[plan.ConsortiumOf[i]] == study.Practices[i].Group ? 0 : 1;
        Assert.Equal(moved, changed);
        Assert.All(outcome.Levels.Levels[0].Evaluation.Consortia, c => Assert.True(c.Pieces <= Pieces(study, c.Name), c.Name));
    }

    [RealDataFact]
    public void The_2021_ccgs_and_their_2022_icbs_are_measured_as_two_nested_levels()
    {
        var folder = Support.RealData.Folder!;
        var practices = PracticeReader.ReadFile(Support.RealData.Practices2021, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var study = Study.Prepare(practices, new ConsortiumRules());
        var ccgs = Plan.FromGroups(study.Practices, "ccg_code");
        var table = Csv.Read(Path.Combine(folder, "raw", "ccg_to_icb_2022.csv")).Select(r => new KeyValuePair<string, string>(r["CCG Code"], r["ICB Code"])).ToList();
        var byTable = LevelMaps.FromUnitMapping(ccgs, table, "ccg_to_icb_2022.csv");
        var byField = LevelMaps.FromProperty(study.Practices, "icb_code_2022");
        for (int i = 0; i < study.Practices.Count; i++)
            Assert.Equal(byField.ConsortiumNames[byField.ConsortiumOf[i]], byTable.ConsortiumNames[byTable.ConsortiumOf[i]]);

        var rules = LevelRules.Federations(study.Rules, 500_000, 3_500_000);
        var outcome = LevelsStudy.Evaluate(study, ccgs, [(rules, byTable, "ccg_to_icb_2022.csv")], new LevelsRequest());
        var levels = outcome.Levels!;
        Assert.Equal(106, levels.Levels[0].Plan.Count);
        Assert.Equal(42, levels.Levels[1].Plan.Count);
        Assert.Empty(levels.Nesting[0].SplitUnits);
        Assert.All(levels.Levels[1].Evaluation.Consortia, icb => Assert.InRange(icb.Patients, 500_000, 3_500_000));
        // Pooling never raises the risk: each ICB is at most as likely to overspend as its CCGs on average.
        var section = LevelsReport.LevelsSection(levels, study.Practices, new RiskModel());
        foreach (var icb in section[1]!["units"]!.AsArray())
            foreach (var (_, r) in icb!["risk_pooling"]!.AsObject())
                Assert.True((double)r!["reduction_pct_points"]! >= 0);
    }

    private static int Pieces(Study study, string ccg)
    {
        var plan = Plan.FromGroups(study.Practices, "ccg_code");
        int c = plan.ConsortiumNames.ToList().IndexOf(ccg);
        return study.Geography.PracticeGraph.CountPieces(plan.ConsortiumOf, c, new int[plan.ConsortiumOf.Length], new int[plan.ConsortiumOf.Length], 1);
    }
}

/// <summary>A minimal CSV reader for independent checks (quoted fields with commas and doubled quotes).</summary>
internal static class Csv
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var f = Split(line);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Count; i++) row[header[i]] = i < f.Count ? f[i] : "";
            rows.Add(row);
        }
        return rows;
    }

    public static double Number(string s) => s.Length == 0 ? 0 : double.Parse(s, CultureInfo.InvariantCulture);

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
