using System.Globalization;
using System.Text;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Levels;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Levels;

/// <summary>The levels request a request's options stand for (federations, agencies, risk, mosaic, transition), every
/// problem collected so the user sees them all in one 400.</summary>
public static class LevelSettings
{
    /// <summary>Whether the options ask for anything beyond a plain plan.</summary>
    public static bool Requested(PlanningOptions o) =>
        o.Federations is not null || o.Agencies is not null || o.MaxOverspendRisk is not null || o.Mosaic is not null || o.MaxMoves is not null || o.MaxMovedPatients is not null;

    /// <summary>
    /// Converts the options for consortia under <paramref name="rules"/>; <paramref name="currentMap"/> is the grouping
    /// field of the current map (or null). Syntax problems are added to <paramref name="problems"/>; the levels' own
    /// checks run with the rest of the request's (<see cref="StudyRequest.Validate"/>).
    /// </summary>
    public static LevelsRequest From(PlanningOptions o, ConsortiumRules rules, string? currentMap, IReadOnlyList<KeyValuePair<string, string>>? locks, List<InputProblem> problems)
    {
        void Add(string field, object? value, string message) =>
            problems.Add(new InputProblem("options", field, value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), message));

        var federations = o.Federations is null ? null : Level(o.Federations, LevelRules.Federations(rules), "federations", problems);
        var agencies = o.Agencies is null ? null : Level(o.Agencies, LevelRules.Agencies(federations?.Rules ?? rules), "agencies", problems);
        var risk = new RiskModel();
        if (o.Risk is { } r)
            risk = risk with
            {
                PerPatientCv = r.Cv ?? risk.PerPatientCv,
                PracticeSd = r.PracticeSd ?? risk.PracticeSd,
                Reserves = r.Reserves is { Count: > 0 } reserves ? reserves : risk.Reserves,
            };
        MosaicOptions? mosaic = null;
        if (o.Mosaic is { } m)
        {
            if (m.DistanceKm is not { } d) Add("mosaic.distance_km", null, "Give the mosaic distance D in km, e.g. 2.");
            else
            {
                NetTopologySuite.Geometries.Geometry? area = null;
                if (m.Area is not null)
                {
                    try { area = BoundaryReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(m.Area.ToJsonString())), "options.mosaic.area"); }
                    catch (InputException e) { problems.AddRange(e.Problems); }
                }
                mosaic = new MosaicOptions { DistanceKm = d, MinDensity = m.MinDensity, Area = area };
                if (m.MinDensity is null && m.Area is null) Add("mosaic", null, "Say where the mosaic applies: min_density (patients per km²) or area (a polygon).");
            }
        }
        if (o.MaxMoves is < 0) Add("max_moves", o.MaxMoves, "Give 0 or more practices.");
        return new LevelsRequest
        {
            Federations = federations,
            Agencies = agencies,
            Risk = risk,
            MaxOverspendRisk = o.MaxOverspendRisk,
            Mosaic = mosaic,
            CurrentMap = currentMap,
            Transition = new TransitionOptions { PaceCap = o.PaceCap ?? 0.02 },
            MovesBudget = o.MaxMoves is not null || o.MaxMovedPatients is not null ? new MovesBudget(o.MaxMoves, o.MaxMovedPatients) : null,
            Locks = locks ?? [],
        };
    }

    private static LevelRules Level(LevelGroupOptions g, LevelRules defaults, string name, List<InputProblem> problems)
    {
        var rules = defaults.Rules with
        {
            MinPatients = g.Min ?? defaults.Rules.MinPatients,
            MaxPatients = g.Max ?? defaults.Rules.MaxPatients,
            MaxCount = g.CountMax,
        };
        switch ((g.CountPreference ?? "none").Trim().ToLowerInvariant())
        {
            case "none" or "": break;
            case "fewest": rules = rules with { CountPreference = CountPreference.Fewest }; break;
            case "most": rules = rules with { CountPreference = CountPreference.Most }; break;
            default: problems.Add(new InputProblem("options", $"{name}.count_preference", g.CountPreference, "Use none, fewest or most.")); break;
        }
        if (g.CountMax is < 1) problems.Add(new InputProblem("options", $"{name}.count_max", g.CountMax.ToString(), "Give 1 or more."));
        var (deprivation, spend) = RequestMapping.Balances(g.Balance, $"{name}.balance", problems);
        if (deprivation is not null) rules = rules with { Deprivation = deprivation };
        if (spend is not null) rules = rules with { Spend = spend };
        var locks = new List<KeyValuePair<string, string>>();
        foreach (var (unit, group) in g.Locks ?? [])
        {
            if (string.IsNullOrWhiteSpace(unit) || string.IsNullOrWhiteSpace(group)) { problems.Add(new InputProblem("options", $"{name}.locks.{unit}", group, "Give a consortium name and a group name.")); continue; }
            locks.Add(new(unit.Trim(), group.Trim()));
        }
        return defaults with { Rules = rules, Locks = locks };
    }
}
