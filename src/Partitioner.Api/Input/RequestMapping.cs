using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Core.Councils;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Input;

/// <summary>
/// Maps a request's JSON options onto the Core <see cref="StudyRequest"/>: the API's syntax only (balance as an object,
/// a list or strings; locks and fields as objects; an inline boundary). Meanings, defaults and checks live in Core, so
/// the API and the command line accept the same options with the same messages. Every problem is reported at once.
/// </summary>
public static class RequestMapping
{
    /// <summary>
    /// Refuses the members of a request's body beside the practices and options that <paramref name="endpoint"/> does not
    /// take (true: it takes them): a mapping (a plan to measure), a sweep's bands, a federation mapping. One place says
    /// which endpoint takes which, so none is taken and ignored. Throws <see cref="InputException"/>.
    /// </summary>
    public static void RefuseMembers(PlanningInput input, string endpoint, bool mapping = false, bool sweep = false, bool federationMapping = false)
    {
        if (!sweep && input.Sweep is not null)
            throw new InputException("body", "sweep", null, $"{endpoint} does not solve a series of bands: a sweep is submitted to POST /v1/sweeps.");
        if (!mapping && input.Mapping is not null)
            throw new InputException("body", "mapping", null, $"{endpoint} does not take a mapping, a plan to measure: send it to POST /v1/evaluations or POST /v1/federations, or test it against an ensemble (POST /v1/ensembles/{{id}}/outliers).");
        if (!federationMapping && input.FederationMapping is not null)
            throw new InputException("body", "federation_mapping", null, $"{endpoint} does not measure federations; send the federation mapping to POST /v1/federations.");
    }

    /// <summary>
    /// The options of a request that plans (a solve, a job, a sweep): a <c>group_by</c> given beside the options (at the
    /// body's top level, as a form part or in the query) names the current map, as <c>options.group_by</c> does (it is set
    /// there, so a job stores it). Throws <see cref="InputException"/>.
    /// </summary>
    public static PlanningOptions ForPlanning(PlanningInput input)
    {
        var o = input.Options;
        // A JSON body's group_by falls back to options.group_by when read, so only a different one is news.
        if (input.GroupBy is { } groupBy && !string.IsNullOrWhiteSpace(groupBy) && groupBy.Trim() != o.GroupBy?.Trim())
        {
            string? given = o.DisruptionField ?? o.GroupBy;
            if (given is not null && given.Trim() != groupBy.Trim())
                throw new InputException("body", "group_by", groupBy, $"The current map is named twice, as '{groupBy.Trim()}' and as options '{given.Trim()}'. Give it once.");
            o.GroupBy ??= groupBy;
        }
        return o;
    }

    /// <summary>
    /// The options some endpoints do not use (those that shape what a search finds, and the share rule), each with the
    /// test that says a request gives it: a false flag or a zero weight says nothing.
    /// </summary>
    private static readonly (string Name, Func<PlanningOptions, bool> Given)[] Refusable =
    [
        ("count_min", o => o.CountMin is not null),
        ("count_max", o => o.CountMax is not null),
        ("target_size", o => o.TargetSize is not null),
        ("count_preference", o => o.CountPreference is not null),
        ("locks", o => o.Locks is { Count: > 0 }),
        ("objective", o => o.Objective is { } w && (w.Spread > 0 || w.Disruption > 0 || w.Boundary > 0 || w.Risk > 0 || w.Coterminosity > 0)),
        ("whole_councils", o => o.WholeCouncils == true),
        ("deprived_share", o => o.DeprivedShare is not null),
        ("seeds", o => o.Seeds is not null),
        ("exact", o => o.Exact == true),
        ("recombine", o => o.Recombine == true),
        ("recut", o => o.Recut == true),
        ("localities", o => o.Localities is not null),
    ];

    /// <summary>
    /// Refuses the options among <paramref name="unused"/> (names of <see cref="Refusable"/>) that the request gives:
    /// <paramref name="what"/> does not use them, and an option taken and then ignored would look applied. One problem per
    /// option; throws <see cref="InputException"/>.
    /// </summary>
    public static void RefuseUnused(PlanningOptions o, string what, params string[] unused)
    {
        var problems = Refusable.Where(x => unused.Contains(x.Name) && x.Given(o))
            .Select(x => new InputProblem("options", x.Name, null, $"{what} does not use {x.Name}; leave it out.")).ToList();
        if (problems.Count > 0) throw new InputException(problems);
    }

    /// <summary>
    /// Refuses the level options (federations, agencies, the risk rule, the mosaic, the moves budget, federation_by) for
    /// an endpoint that plans consortia only, saying <paramref name="what"/> it does and where they are planned.
    /// </summary>
    public static void RefuseLevels(PlanningOptions o, StudyRequest request, string what)
    {
        if (request.Levels.Any || o.FederationBy is not null)
            throw new InputException("options", "federations", null, $"{what}; federations, agencies, max_overspend_risk, mosaic and max_moves are planned by jobs (POST /v1/jobs) and POST /v1/federations.");
    }

    /// <summary>
    /// The request <paramref name="o"/> states. <paramref name="timeLimit"/> is used when the options give none and
    /// <paramref name="threads"/> when they give no thread count; <paramref name="limits"/> bound the solver options;
    /// <paramref name="evaluating"/>: the request checks the plan given by <paramref name="groupBy"/> (or group_by);
    /// <paramref name="boundaryLimits"/> bound an inline boundary; <paramref name="maxSeeds"/>: how many seeds a job may
    /// ask for (0: the endpoint takes no seeds option). Throws <see cref="InputException"/> listing every problem.
    /// </summary>
    public static StudyRequest From(PlanningOptions o, double timeLimit, RequestLimits limits, int? threads = null, bool evaluating = false, string? groupBy = null,
        BoundaryReadOptions? boundaryLimits = null, int maxSeeds = 0)
    {
        var problems = new List<InputProblem>();
        // Maps and lists are capped before they are mapped one entry at a time.
        Cap(RequestOption.Fields.Name, o.Fields?.Count ?? 0, MaxFields);
        Cap(RequestOption.Locks.Name, o.Locks?.Count ?? 0, MaxLocks);
        Cap(RequestOption.Balance.Name, o.Balance switch { JsonArray a => a.Count, JsonObject b => b.Count, _ => 0 }, MaxBalanceRules);
        if (o.Seeds is { } seeds && maxSeeds == 0)
            problems.Add(new InputProblem("options", "seeds", seeds.ToString(CultureInfo.InvariantCulture), "Several seeds are for jobs only: submit the request to POST /v1/jobs, or leave seeds out."));
        else if (o.Seeds is { } n && (n < 1 || n > maxSeeds))
            problems.Add(new InputProblem("options", "seeds", n.ToString(CultureInfo.InvariantCulture), $"Give 1 to {maxSeeds} seeds."));
        var defaults = new StudyRequest();
        var request = new StudyRequest
        {
            Crs = RequestText.Crs(o.Crs, problems) ?? defaults.Crs,
            Missing = RequestText.Missing(o.Missing, problems) ?? defaults.Missing,
            GroupBy = Trimmed(evaluating ? groupBy ?? o.GroupBy : o.DisruptionField ?? o.GroupBy),
            BridgeIslands = o.BridgeIslands ?? defaults.BridgeIslands,
            MinPatients = o.Min ?? defaults.MinPatients,
            MaxPatients = o.Max ?? defaults.MaxPatients,
            CountMin = o.CountMin,
            CountMax = o.CountMax,
            TargetSize = o.TargetSize,
            CountPreference = o.CountPreference is null ? null : RequestText.Preference(o.CountPreference, problems),
            DeprivedShare = o.DeprivedShare,
            Seed = o.Seed ?? defaults.Seed,
            TimeLimitSeconds = o.TimeLimitSeconds ?? timeLimit,
            MaxSteps = o.MaxSteps,
            Restarts = o.Restarts ?? defaults.Restarts,
            Threads = o.Threads ?? threads,
            Mode = RequestText.Mode(o.Mode, problems) ?? defaults.Mode,
            Exact = o.Exact ?? false,
            Recombine = o.Recombine ?? false,
            Recut = o.Recut ?? false,
            WholeCouncils = o.WholeCouncils ?? false,
            LocalityMax = o.Localities,
            RiskReserve = o.Risk?.Reserve ?? defaults.RiskReserve,
            CouncilField = Trimmed(o.CouncilField),
        };
        if (o.Objective?.Spread is { } spread) request = RequestText.WithObjective(request, "spread", spread, problems);
        if (o.Objective?.Disruption is { } disruption) request = RequestText.WithObjective(request, "disruption", disruption, problems);
        if (o.Objective?.Boundary is { } boundary) request = RequestText.WithObjective(request, "boundary", boundary, problems);
        if (o.Objective?.Risk is { } risk) request = RequestText.WithObjective(request, "risk", risk, problems);
        if (o.Objective?.Coterminosity is { } coterminosity) request = RequestText.WithObjective(request, "coterminosity", coterminosity, problems);
        foreach (var (field, column) in o.Fields ?? []) request = RequestText.WithField(request, field, column, problems);
        foreach (var (code, name) in o.Locks ?? []) request = RequestText.WithLock(request, code, name, problems);
        request = Balance(request, o.Balance, problems);
        if (o.Boundary is not null)
        {
            try { request = request with { Boundary = BoundaryReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(o.Boundary.ToJsonString())), "options.boundary", boundaryLimits), BoundarySource = "inline" }; }
            catch (InputException e) { problems.AddRange(e.Problems); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
            {
                problems.Add(new InputProblem("options", RequestOption.Boundary.Name, null, $"The boundary is not a valid GeoJSON Polygon or MultiPolygon ({e.Message})."));
            }
        }
        request = request with { Levels = Levels.LevelSettings.From(o, request.Rules(), request.GroupBy, request.Locks, problems) };
        if (o.Councils is not null)
        {
            try { request = request with { Councils = AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes(o.Councils.ToJsonString())), "options.councils", AreaKind.Council) }; }
            catch (InputException e) { problems.AddRange(e.Problems); }
        }
        return request.Checked(problems, limits, evaluating);
    }

    /// <summary>
    /// The deprivation and spend tolerances a balance member states (any form <c>options.balance</c> accepts), null where
    /// it names none; problems are named under <paramref name="prefix"/> (e.g. <c>federations.balance</c>).
    /// </summary>
    internal static (BalanceTolerance? Deprivation, BalanceTolerance? Spend) Balances(JsonNode? node, string prefix, List<InputProblem> problems)
    {
        var found = new List<InputProblem>();
        var request = Balance(new StudyRequest(), node, found);
        string own = RequestOption.Balance.Name;
        foreach (var p in found)
            problems.Add(p.Field.StartsWith(own, StringComparison.Ordinal) ? p with { Field = prefix + p.Field[own.Length..] } : p);
        return (request.Deprivation, request.Spend);
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Practice fields a mapping can name (code, name, patients, deprivation, spend, group, x, y), with room for aliases.</summary>
    private const int MaxFields = 16;

    /// <summary>Locks: one per practice at most.</summary>
    private const int MaxLocks = 20_000;

    /// <summary>Balance rules: one per attribute.</summary>
    private const int MaxBalanceRules = 16;

    private static void Cap(string option, int count, int max)
    {
        if (count > max)
            throw new InputException("options", option, count.ToString("N0", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture,
                $"The option has {count:N0} entries; at most {max:N0} are meaningful. Check the request."));
    }

    /// <summary>Reads the balance member in any accepted form: "deprivation=0.2,spend=15abs", a list of such strings, or
    /// an object whose members are a number, a string ("15abs", "20%") or {"tolerance": 0.2, "kind": "relative"}.</summary>
    private static StudyRequest Balance(StudyRequest request, JsonNode? node, List<InputProblem> problems)
    {
        string option = RequestOption.Balance.Name;
        switch (node)
        {
            case null:
                return request;
            case JsonValue v when v.TryGetValue<string>(out var s):
            {
                var specs = s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Cap(option, specs.Length, MaxBalanceRules);
                foreach (var spec in specs)
                    request = RequestText.WithBalance(request, spec, problems);
                return request;
            }
            case JsonArray a:
                foreach (var item in a)
                    if (item is JsonValue iv && iv.TryGetValue<string>(out var spec)) request = RequestText.WithBalance(request, spec.Trim(), problems);
                    else problems.Add(new InputProblem("options", option, Errors.SafeText.Of(item), "Each list item must be a string such as \"deprivation=0.2\" or \"spend=15abs\"."));
                return request;
            case JsonObject o:
                foreach (var (attribute, value) in o)
                    if (Tolerance(attribute, value, problems) is { } t) request = RequestText.WithBalance(request, attribute, t, problems);
                return request;
            default:
                problems.Add(new InputProblem("options", option, Errors.SafeText.Of(node), "Give balance as {\"deprivation\": {\"tolerance\": 0.2, \"kind\": \"relative\"}} or \"deprivation=0.2\"."));
                return request;
        }
    }

    private static BalanceTolerance? Tolerance(string attribute, JsonNode? value, List<InputProblem> problems)
    {
        string field = $"{RequestOption.Balance.Name}.{attribute}";
        switch (value)
        {
            case JsonValue v when v.TryGetValue<double>(out var d):
                return RequestText.Tolerance(d, ToleranceKind.Relative, false, $"{attribute}={d.ToString(CultureInfo.InvariantCulture)}", problems);
            case JsonValue v when v.TryGetValue<string>(out var s):
                return RequestText.Tolerance(s, $"{attribute}={s}", problems);
            case JsonObject o:
            {
                foreach (var k in o.Select(m => m.Key).Where(k => k is not ("tolerance" or "kind")))
                    problems.Add(new InputProblem("options", $"{field}.{k}", k, "Unknown member: use tolerance and kind."));
                double tol = double.NaN;
                if (!(o["tolerance"] is JsonValue tv && (tv.TryGetValue(out tol) || (tv.TryGetValue<string>(out var ts) && double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out tol)))))
                {
                    problems.Add(new InputProblem("options", $"{field}.tolerance", Errors.SafeText.Of(o["tolerance"]), "Give the tolerance as a number: a fraction for relative (0.2 = ±20%) or units for absolute."));
                    return null;
                }
                var kindText = (o["kind"] is JsonValue kv && kv.TryGetValue<string>(out var ks) ? ks : "relative").Trim().ToLowerInvariant();
                ToleranceKind? kind = kindText switch { "relative" or "rel" => ToleranceKind.Relative, "absolute" or "abs" => ToleranceKind.Absolute, _ => null };
                if (kind is null)
                {
                    problems.Add(new InputProblem("options", $"{field}.kind", kindText, "Use relative or absolute."));
                    return null;
                }
                return RequestText.Tolerance(tol, kind.Value, false, $"{attribute}={tol.ToString(CultureInfo.InvariantCulture)}{(kind == ToleranceKind.Absolute ? "abs" : "")}", problems);
            }
            default:
                problems.Add(new InputProblem("options", field, Errors.SafeText.Of(value), "Give {\"tolerance\": 0.2, \"kind\": \"relative\"}, a number, or a string such as \"15abs\"."));
                return null;
        }
    }
}
