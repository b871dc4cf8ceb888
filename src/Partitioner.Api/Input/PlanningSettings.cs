using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Partitioner.Api.Contracts;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Api.Input;

/// <summary>
/// The Core settings a request's options stand for: how to read the practices, the rules, the solver options, locks.
/// Built in one pass that collects every problem, so the user sees them all in one 400.
/// </summary>
public sealed record PlanningSettings(
    PracticeReadOptions Read,
    ConsortiumRules Rules,
    MissingValuePolicy Missing,
    Geometry? Boundary,
    bool BridgeIslands,
    SolverOptions Solver,
    IReadOnlyList<KeyValuePair<string, string>>? Locks,
    bool MinimiseDisruption,
    string? GroupField)
{
    /// <summary>
    /// Converts options; <paramref name="timeLimit"/> is the limit to use when the request gives none and
    /// <paramref name="maxTimeLimit"/> the largest allowed; <paramref name="evaluating"/> makes group_by the plan's grouping.
    /// </summary>
    public static PlanningSettings From(PlanningOptions o, double timeLimit, double maxTimeLimit, bool evaluating = false, string? groupBy = null)
    {
        var problems = new List<InputProblem>();
        void Add(string field, object? value, string message) =>
            problems.Add(new InputProblem("options", field, value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), message));

        // Reading.
        var fields = new FieldMapping();
        foreach (var (field, column) in o.Fields ?? [])
        {
            if (string.IsNullOrWhiteSpace(column)) { Add($"fields.{field}", column, "Give the column name."); continue; }
            try { fields = fields.With(field.Trim(), column.Trim()); }
            catch (InputException e) { foreach (var p in e.Problems) Add($"fields.{field}", field, p.Message); }
        }
        string? disruptionField = o.DisruptionField ?? (evaluating ? null : o.GroupBy);
        string? groupField = evaluating ? groupBy ?? o.GroupBy : disruptionField;
        if (groupField is not null && fields.Group is null) fields = fields with { Group = groupField.Trim() };
        var crs = (o.Crs ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" => CoordinateSystem.Auto,
            "wgs84" or "epsg:4326" or "4326" => CoordinateSystem.Wgs84,
            "bng" or "epsg:27700" or "27700" => CoordinateSystem.BritishNationalGrid,
            _ => Invalid(CoordinateSystem.Auto, () => Add("crs", o.Crs, "Unknown coordinate system. Use auto, wgs84 or bng (EPSG:27700).")),
        };
        var missing = (o.Missing ?? "error").Trim().ToLowerInvariant() switch
        {
            "error" => MissingValuePolicy.Error,
            "mean" or "fill" => MissingValuePolicy.FillMean,
            "exclude" => MissingValuePolicy.Exclude,
            _ => Invalid(MissingValuePolicy.Error, () => Add("missing", o.Missing, "Use error, mean or exclude.")),
        };

        // Rules.
        double min = o.Min ?? 100_000, max = o.Max ?? 750_000;
        if (!(min >= 0) || !double.IsFinite(min)) Add("min", min, "The minimum must be a number of patients, 0 or more.");
        if (!(max > 0) || !double.IsFinite(max)) Add("max", max, "The maximum must be a positive number of patients.");
        else if (min > max) Add("min", $"{min}–{max}", "The minimum is larger than the maximum. Swap them or widen the range.");
        if (o.CountMin is < 1) Add("count_min", o.CountMin, "Give 1 or more consortia.");
        if (o.CountMax is < 1) Add("count_max", o.CountMax, "Give 1 or more consortia.");
        if (o.CountMin is { } cmin && o.CountMax is { } cmax && cmin > cmax) Add("count_min", $"{cmin}–{cmax}", "count_min is larger than count_max.");
        if (o.TargetSize is { } ts && !(ts > 0)) Add("target_size", ts, "Give a positive number of patients.");
        var preference = (o.CountPreference ?? "none").Trim().ToLowerInvariant() switch
        {
            "none" or "" => CountPreference.None,
            "fewest" => CountPreference.Fewest,
            "most" => CountPreference.Most,
            "nearest" or "nearest_target" or "target" => CountPreference.NearestTarget,
            _ => Invalid(CountPreference.None, () => Add("count_preference", o.CountPreference, "Use fewest, most or nearest.")),
        };
        if (preference == CountPreference.NearestTarget && o.TargetSize is null) Add("count_preference", "nearest", "count_preference=nearest needs target_size (patients).");
        if (o.DeprivedShare is { } share && !(share is >= 0 and <= 1)) Add("deprived_share", share, "Give a fraction between 0 and 1, e.g. 0.3.");
        double spread = o.Objective?.Spread ?? 0, disruption = o.Objective?.Disruption ?? 0;
        if (!(spread >= 0) || !double.IsFinite(spread)) Add("objective.spread", spread, "Give a weight of 0 or more.");
        if (!(disruption >= 0) || !double.IsFinite(disruption)) Add("objective.disruption", disruption, "Give a weight of 0 or more.");
        if (disruption > 0 && disruptionField is null && !evaluating) Add("objective.disruption", disruption, "The disruption weight needs disruption_field (e.g. \"ccg_code\") naming each practice's existing group.");

        var rules = new ConsortiumRules
        {
            MinPatients = min,
            MaxPatients = max,
            MinCount = o.CountMin,
            MaxCount = o.CountMax,
            TargetSize = o.TargetSize,
            CountPreference = preference,
            MinDeprivedShare = o.DeprivedShare,
            SpreadWeight = spread,
            DisruptionWeight = disruption,
            RiskWeight = o.Objective?.Risk ?? 0,
            RiskReserve = o.Risk?.Reserve ?? 0.02,
        };
        foreach (var (attribute, tolerance) in Balances(o.Balance, problems))
        {
            switch (attribute.ToLowerInvariant())
            {
                case "deprivation" or "imd": rules = rules with { Deprivation = tolerance }; break;
                case "spend": rules = rules with { Spend = tolerance }; break;
                default: Add($"balance.{attribute}", attribute, "Balance can be set for deprivation or spend."); break;
            }
        }

        // Solver.
        double limit = o.TimeLimitSeconds ?? timeLimit;
        if (!(limit > 0) || !double.IsFinite(limit)) Add("time_limit_seconds", limit, "Give a positive number of seconds.");
        else if (limit > maxTimeLimit) Add("time_limit_seconds", limit, $"The longest allowed is {maxTimeLimit.ToString(CultureInfo.InvariantCulture)} s here. Ask for less, or set max_steps for a deterministic budget.");
        if (o.MaxSteps is < 1) Add("max_steps", o.MaxSteps, "Give 1 or more steps.");
        if (o.Restarts is < 1 or > 64) Add("restarts", o.Restarts, "Give 1 to 64 restarts.");
        var mode = (o.Mode ?? "strict").Trim().ToLowerInvariant() switch
        {
            "strict" => SolveMode.Strict,
            "best_effort" or "besteffort" or "best-effort" => SolveMode.BestEffort,
            _ => Invalid(SolveMode.Strict, () => Add("mode", o.Mode, "Use strict or best_effort.")),
        };
        var solver = new SolverOptions
        {
            Seed = o.Seed ?? 1,
            MaxSteps = o.MaxSteps,
            Restarts = o.Restarts ?? 4,
            TimeLimit = TimeSpan.FromSeconds(Math.Clamp(double.IsFinite(limit) ? limit : 1, 0.001, maxTimeLimit)),
            Mode = mode,
            MaxDegreeOfParallelism = 1,
        };

        // Locks and boundary.
        List<KeyValuePair<string, string>>? locks = null;
        if (o.Locks is { Count: > 0 })
        {
            locks = [];
            foreach (var (code, name) in o.Locks)
            {
                if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(name)) { Add($"locks.{code}", name, "Give a practice code and a consortium name."); continue; }
                locks.Add(new(code.Trim(), name.Trim()));
            }
        }
        Geometry? boundary = null;
        if (o.Boundary is not null)
        {
            try { boundary = BoundaryReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(o.Boundary.ToJsonString())), "options.boundary"); }
            catch (InputException e) { problems.AddRange(e.Problems); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
            {
                Add("boundary", null, $"The boundary is not a valid GeoJSON Polygon or MultiPolygon ({e.Message}).");
            }
        }
        if (problems.Count > 0) throw new InputException(problems);
        return new PlanningSettings(new PracticeReadOptions { Fields = fields, CoordinateSystem = crs }, rules, missing, boundary,
            o.BridgeIslands ?? true, solver, locks, disruption > 0 && disruptionField is not null, groupField);
    }

    private static T Invalid<T>(T fallback, Action report)
    {
        report();
        return fallback;
    }

    /// <summary>Reads the balance member in any accepted form.</summary>
    internal static IEnumerable<(string Attribute, BalanceTolerance Tolerance)> Balances(JsonNode? node, List<InputProblem> problems)
    {
        var result = new List<(string, BalanceTolerance)>();
        switch (node)
        {
            case null: break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                foreach (var spec in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) FromSpec(spec);
                break;
            case JsonArray a:
                foreach (var item in a)
                    if (item is JsonValue iv && iv.TryGetValue<string>(out var spec)) FromSpec(spec.Trim());
                    else problems.Add(new InputProblem("options", "balance", item?.ToJsonString(), "Each list item must be a string such as \"deprivation=0.2\" or \"spend=15abs\"."));
                break;
            case JsonObject o:
                foreach (var (attribute, value) in o) FromMember(attribute, value);
                break;
            default:
                problems.Add(new InputProblem("options", "balance", node.ToJsonString(), "Give balance as {\"deprivation\": {\"tolerance\": 0.2, \"kind\": \"relative\"}} or \"deprivation=0.2\"."));
                break;
        }
        return result;

        void FromSpec(string spec)
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1)
            {
                problems.Add(new InputProblem("options", "balance", spec, "Expected attribute=tolerance, e.g. deprivation=0.2 (±20%) or spend=15abs (±£15 per patient)."));
                return;
            }
            var t = ParseText(spec[(eq + 1)..].Trim(), spec);
            if (t is not null) result.Add((spec[..eq].Trim(), t));
        }

        void FromMember(string attribute, JsonNode? value)
        {
            string field = $"balance.{attribute}";
            switch (value)
            {
                case JsonValue v when v.TryGetValue<double>(out var d):
                    Add(field, d, null, ToleranceKind.Relative);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    if (ParseText(s.Trim(), $"{attribute}={s}") is { } t) result.Add((attribute, t));
                    break;
                case JsonObject o:
                {
                    var unknown = o.Select(m => m.Key).Where(k => k is not ("tolerance" or "kind")).ToList();
                    foreach (var k in unknown) problems.Add(new InputProblem("options", $"{field}.{k}", k, "Unknown member: use tolerance and kind."));
                    double tol = double.NaN;
                    if (o["tolerance"] is JsonValue tv && (tv.TryGetValue<double>(out tol) || (tv.TryGetValue<string>(out var ts) && double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out tol)))) { }
                    else { problems.Add(new InputProblem("options", $"{field}.tolerance", o["tolerance"]?.ToJsonString(), "Give the tolerance as a number: a fraction for relative (0.2 = ±20%) or units for absolute.")); return; }
                    var kindText = (o["kind"] is JsonValue kv && kv.TryGetValue<string>(out var ks) ? ks : "relative").Trim().ToLowerInvariant();
                    ToleranceKind? kind = kindText switch { "relative" or "rel" => ToleranceKind.Relative, "absolute" or "abs" => ToleranceKind.Absolute, _ => null };
                    if (kind is null) { problems.Add(new InputProblem("options", $"{field}.kind", kindText, "Use relative or absolute.")); return; }
                    Add(field, tol, attribute, kind.Value);
                    break;
                }
                default:
                    problems.Add(new InputProblem("options", field, value?.ToJsonString(), "Give {\"tolerance\": 0.2, \"kind\": \"relative\"}, a number, or a string such as \"15abs\"."));
                    break;
            }

            void Add(string f, double tol, string? _, ToleranceKind kind)
            {
                if (!(tol >= 0) || !double.IsFinite(tol)) problems.Add(new InputProblem("options", f, tol.ToString(CultureInfo.InvariantCulture), "The tolerance must be a number of 0 or more."));
                else result.Add((attribute, new BalanceTolerance(tol, kind)));
            }
        }

        BalanceTolerance? ParseText(string value, string spec)
        {
            bool absolute = value.EndsWith("abs", StringComparison.OrdinalIgnoreCase);
            bool percent = value.EndsWith('%');
            var number = absolute ? value[..^3] : percent ? value[..^1] : value;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            {
                problems.Add(new InputProblem("options", "balance", spec, "The tolerance must be a number of 0 or more: a fraction (0.2), a percentage (20%) or an absolute value (3abs)."));
                return null;
            }
            return absolute ? new BalanceTolerance(v, ToleranceKind.Absolute) : new BalanceTolerance(percent ? v / 100 : v, ToleranceKind.Relative);
        }
    }
}
