using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Levels;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>
/// The options of the levels around a plan, shared by <c>solve</c> and <c>federate</c>: federations and support agencies,
/// the overspend-risk model and rule, the mosaic, the pace of change and the moves budget.
/// </summary>
internal sealed class LevelOptions
{
    public Option<double?> Federations { get; } = new("--federations") { Description = "Group the consortia into contiguous federations of at least this many patients (e.g. 500000, the BMA's recommended minimum)." };
    public Option<double> FederationMax { get; } = new("--federation-max") { Description = "Largest federation, in patients.", DefaultValueFactory = _ => 2_000_000 };
    public Option<string> FederationPrefer { get; } = new("--federation-prefer") { Description = "Federation count preference: none, fewest or most.", DefaultValueFactory = _ => "none" };
    public Option<int?> FederationCountMax { get; } = new("--federation-count-max") { Description = "Most federations allowed (e.g. 100 across England)." };
    public Option<string[]> FederationBalance { get; } = new("--federation-balance") { Description = "Balance tolerance of federations, as --balance (default: the consortia's). Repeatable." };
    public Option<string[]> FederationLock { get; } = new("--federation-lock") { Description = "Pin a consortium to a named federation: --federation-lock C012=Tees. Repeatable." };
    public Option<double?> Agencies { get; } = new("--agencies") { Description = "Group the federations into support agencies of at least this many patients (e.g. 1000000)." };
    public Option<double> AgencyMax { get; } = new("--agency-max") { Description = "Largest support agency, in patients.", DefaultValueFactory = _ => 6_000_000 };
    public Option<string> AgencyPrefer { get; } = new("--agency-prefer") { Description = "Support agency count preference: none, fewest or most.", DefaultValueFactory = _ => "none" };
    public Option<int?> AgencyCountMax { get; } = new("--agency-count-max") { Description = "Most support agencies allowed." };
    public Option<string[]> AgencyBalance { get; } = new("--agency-balance") { Description = "Balance tolerance of support agencies, as --balance (default: the federations'). Repeatable." };
    public Option<string[]> AgencyLock { get; } = new("--agency-lock") { Description = "Pin a federation to a named support agency: --agency-lock F03=North. Repeatable." };
    public Option<double> RiskCv { get; } = new("--risk-cv") { Description = "Overspend-risk model: coefficient of variation of one patient's annual cost (default derived from the 2014/15 payments).", DefaultValueFactory = _ => RiskModel.DefaultPerPatientCv };
    public Option<double> RiskPracticeSd { get; } = new("--risk-practice-sd") { Description = "Overspend-risk model: sd of a practice-level annual cost shock, as a share (default 0).", DefaultValueFactory = _ => 0 };
    public Option<string> Reserves { get; } = new("--reserves") { Description = "Reserves the overspend risk is reported for, as shares of the budget.", DefaultValueFactory = _ => "0.01,0.02" };
    public Option<double> RiskReserve { get; } = new("--risk-reserve") { Description = "The reserve of the risk rule and the risk objective term (share of the budget).", DefaultValueFactory = _ => 0.02 };
    public Option<double?> MaxOverspendRisk { get; } = new("--max-overspend-risk") { Description = "Rule: each consortium's probability of overspending by more than --risk-reserve at most this (e.g. 0.05)." };
    public Option<double?> MosaicDistance { get; } = new("--mosaic-distance") { Description = "Mosaic: in dense areas, practices within this many km count as neighbours (contiguity relaxed). Off by default." };
    public Option<double?> MosaicDensity { get; } = new("--mosaic-density") { Description = "Mosaic: a site is dense when its cell holds at least this many patients per km²." };
    public Option<string?> MosaicArea { get; } = new("--mosaic-area") { Description = "Mosaic: a GeoJSON Polygon/MultiPolygon of the dense area." };
    public Option<double> PaceCap { get; } = new("--pace-cap") { Description = "Transition: the largest yearly change of a budget on its way to fair share, as a share (default 0.02).", DefaultValueFactory = _ => 0.02 };
    public Option<int?> MaxMoves { get; } = new("--max-moves") { Description = "Start from the current map (--group-by) and move at most this many practices to get as close to the rules as possible." };
    public Option<double?> MaxMovedPatients { get; } = new("--max-moved-patients") { Description = "As --max-moves, counting patients." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[]
                 {
                     Federations, FederationMax, FederationPrefer, FederationCountMax, FederationBalance, FederationLock,
                     Agencies, AgencyMax, AgencyPrefer, AgencyCountMax, AgencyBalance, AgencyLock,
                     RiskCv, RiskPracticeSd, Reserves, RiskReserve, MaxOverspendRisk, MosaicDistance, MosaicDensity, MosaicArea, PaceCap, MaxMoves, MaxMovedPatients,
                 })
            command.Options.Add(o);
    }

    /// <summary>The overspend-risk model the options give.</summary>
    public RiskModel Risk(ParseResult r, List<InputProblem> problems)
    {
        var reserves = new List<double>();
        foreach (var part in (r.GetValue(Reserves) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                problems.Add(new InputProblem("--reserves", "reserve", part, "Give shares of the budget separated by commas, e.g. 0.01,0.02."));
                continue;
            }
            reserves.Add(part.EndsWith('%') ? v / 100 : v);
        }
        return new RiskModel { PerPatientCv = r.GetValue(RiskCv), PracticeSd = r.GetValue(RiskPracticeSd), Reserves = reserves };
    }

    /// <summary>
    /// The levels request the options give for consortia under <paramref name="rules"/>; <paramref name="currentMap"/> is
    /// --group-by. Syntax problems are added to <paramref name="problems"/>; the request's own checks run with the study request's.
    /// </summary>
    public LevelsRequest Request(ParseResult r, ConsortiumRules rules, string? currentMap, IReadOnlyList<KeyValuePair<string, string>> locks, List<InputProblem> problems)
    {
        LevelRules? federations = null, agencies = null;
        if (r.GetValue(Federations) is { } fmin)
            federations = Group(r, LevelRules.Federations(rules, fmin, r.GetValue(FederationMax)), "federation", FederationPrefer, FederationCountMax, FederationBalance, FederationLock,
                "CONSORTIUM=FEDERATION, e.g. C012=Tees", problems);
        if (r.GetValue(Agencies) is { } amin)
            agencies = Group(r, LevelRules.Agencies(federations?.Rules ?? rules, amin, r.GetValue(AgencyMax)), "agency", AgencyPrefer, AgencyCountMax, AgencyBalance, AgencyLock,
                "FEDERATION=AGENCY, e.g. F03=North", problems);

        MosaicOptions? mosaic = null;
        if (r.GetValue(MosaicDistance) is { } d)
        {
            var areaPath = r.GetValue(MosaicArea);
            NetTopologySuite.Geometries.Geometry? area = null;
            if (areaPath is not null)
            {
                try { area = BoundaryReader.ReadFile(areaPath); }
                catch (InputException e) { problems.AddRange(e.Problems); }
            }
            mosaic = new MosaicOptions { DistanceKm = d, MinDensity = r.GetValue(MosaicDensity), Area = area };
            if (r.GetValue(MosaicDensity) is null && areaPath is null)
                problems.Add(new InputProblem("--mosaic-distance", "mosaic", null, "Say where the mosaic applies: --mosaic-density (patients per km²) or --mosaic-area (a polygon)."));
        }
        else if (r.GetValue(MosaicDensity) is not null || r.GetValue(MosaicArea) is not null)
            problems.Add(new InputProblem("--mosaic-distance", "distance", null, "A mosaic needs its distance D: add --mosaic-distance KM (e.g. 2)."));

        MovesBudget? budget = null;
        int? moves = r.GetValue(MaxMoves);
        double? movedPatients = r.GetValue(MaxMovedPatients);
        if (moves is not null || movedPatients is not null) budget = new MovesBudget(moves, movedPatients);
        return new LevelsRequest
        {
            Federations = federations,
            Agencies = agencies,
            Risk = Risk(r, problems),
            MaxOverspendRisk = r.GetValue(MaxOverspendRisk),
            Mosaic = mosaic,
            CurrentMap = currentMap,
            Transition = new TransitionOptions { PaceCap = r.GetValue(PaceCap) },
            MovesBudget = budget,
            Locks = locks,
        };
    }

    /// <summary>
    /// A level's rules with its own options (--LEVEL-prefer, --LEVEL-count-max, --LEVEL-balance, --LEVEL-lock) applied to
    /// <paramref name="level"/>; <paramref name="name"/> is the flags' level word.
    /// </summary>
    private static LevelRules Group(ParseResult r, LevelRules level, string name, Option<string> preferOption, Option<int?> countMax, Option<string[]> balance,
        Option<string[]> locks, string lockForm, List<InputProblem> problems)
    {
        string prefer = (r.GetValue(preferOption) ?? "none").Trim().ToLowerInvariant();
        var rules = level.Rules with
        {
            MaxCount = r.GetValue(countMax),
            CountPreference = prefer switch
            {
                "none" => CountPreference.None,
                "fewest" => CountPreference.Fewest,
                "most" => CountPreference.Most,
                _ => Problem(problems, $"--{name}-prefer", prefer, "Use none, fewest or most.", CountPreference.None),
            },
        };
        foreach (var spec in r.GetValue(balance) ?? [])
        {
            if (Pair(spec, $"--{name}-balance", "attribute=tolerance, e.g. deprivation=0.1", problems) is not { } pair) continue;
            var tolerance = RequestText.Tolerance(pair.Value, spec, problems);
            if (tolerance is null) continue;
            rules = pair.Name.ToLowerInvariant() switch
            {
                "deprivation" or "imd" => rules with { Deprivation = tolerance },
                "spend" => rules with { Spend = tolerance },
                _ => Problem(problems, $"--{name}-balance", pair.Name, "Balance can be set for deprivation or spend.", rules),
            };
        }
        var pinned = new List<KeyValuePair<string, string>>();
        foreach (var spec in r.GetValue(locks) ?? [])
            if (Pair(spec, $"--{name}-lock", lockForm, problems) is { } pair)
                pinned.Add(new(pair.Name, pair.Value));
        return level with { Rules = rules, Locks = pinned };
    }

    private static T Problem<T>(List<InputProblem> problems, string flag, string? value, string message, T fallback)
    {
        problems.Add(new InputProblem(flag, flag.TrimStart('-'), value, message));
        return fallback;
    }

    private static (string Name, string Value)? Pair(string spec, string flag, string form, List<InputProblem> problems)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1 || spec[..eq].Trim().Length == 0 || spec[(eq + 1)..].Trim().Length == 0)
        {
            problems.Add(new InputProblem(flag, flag.TrimStart('-'), spec, $"Expected {form}."));
            return null;
        }
        return (spec[..eq].Trim(), spec[(eq + 1)..].Trim());
    }

    /// <summary>Writes the outcome and prints each level's summary; returns the exit code (0 all rules met, 3 some broken, 4 no plan).</summary>
    public static int Finish(Study study, LevelsOutcome outcome, JsonObject parameters, string outDir, string? format)
    {
        if (outcome.Levels is null)
        {
            foreach (var issue in outcome.ConsortiumResult?.Issues ?? [])
                Console.Error.WriteLine($"  {(issue.Proven ? "cannot be met" : "not met")}: {issue.Message}");
            Console.Error.WriteLine("No plan meets every rule (strict mode). Relax the rules named above, or use --mode best-effort to get the least-violating plan.");
            return 4;
        }
        LevelsStudy.Write(outDir, study, outcome, parameters);
        foreach (var level in outcome.Levels.Levels)
            Summary.Print(level.Evaluation, outDir, level.Name.Many, written: false);
        foreach (var (kind, result) in outcome.Levels.Unsolved)
        {
            Console.Error.WriteLine($"  No {LevelRules.Name(kind).Many} meeting every rule were found:");
            foreach (var issue in result.Issues) Console.Error.WriteLine($"    {(issue.Proven ? "cannot be met" : "not met")}: {issue.Message}");
        }
        foreach (var nesting in outcome.Levels.Nesting)
            if (nesting.SplitUnits.Count > 0) Console.Error.WriteLine($"  {nesting.SplitUnits.Count} units are split between two or more units of the level above (listed in report.json, levels[].not_nested).");
        var files = string.Join(", ", outcome.Levels.Levels.Select(l => LevelLayers.FileName(l.Kind)));
        Console.WriteLine($"Wrote {Path.Combine(outDir, files.Split(", ")[0])}, {string.Join(", ", files.Split(", ").Skip(1).Append("practices.geojson").Append("report.json"))}.");
        OutputFormat.Write(format, outDir, outcome.Levels.Levels.Select(l => l.Name.Many).ToArray());
        return outcome.MeetsAllRules ? 0 : 3;
    }
}
