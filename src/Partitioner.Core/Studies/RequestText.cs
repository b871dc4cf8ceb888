using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The text forms every front end accepts for a request's options (the command line's arguments, the API's strings):
/// names of modes and preferences, tolerances such as <c>0.2</c>, <c>20%</c> or <c>15abs</c>, and <c>name=value</c>
/// pairs. Each parser adds a problem naming the option, the value and what to write instead, and returns null, so a
/// front end reports every problem of a request at once.
/// </summary>
public static class RequestText
{
    /// <summary>The objective terms a weight can be given (compactness is always on), as they are written.</summary>
    public static IReadOnlyList<string> WeightedObjectiveTerms { get; } = ["spread", "disruption", "boundary", "risk", "coterminosity"];

    /// <summary>A count preference: none, fewest, most or nearest (also nearest_target, target).</summary>
    public static CountPreference? Preference(string? text, List<InputProblem> problems) =>
        Norm(text) switch
        {
            null or "" or "none" => CountPreference.None,
            "fewest" => CountPreference.Fewest,
            "most" => CountPreference.Most,
            "nearest" or "nearest_target" or "target" => CountPreference.NearestTarget,
            _ => Problem<CountPreference>(problems, RequestOption.CountPreference, text, "Use none, fewest, most or nearest (to the target size)."),
        };

    /// <summary>A solve mode: strict or best_effort (also best-effort, besteffort).</summary>
    public static SolveMode? Mode(string? text, List<InputProblem> problems) =>
        Norm(text) switch
        {
            null or "" or "strict" => SolveMode.Strict,
            "best_effort" or "best-effort" or "besteffort" => SolveMode.BestEffort,
            _ => Problem<SolveMode>(problems, RequestOption.Mode, text, "Use strict or best-effort (also written best_effort)."),
        };

    /// <summary>Input coordinates: auto, wgs84 (EPSG:4326) or bng (EPSG:27700).</summary>
    public static CoordinateSystem? Crs(string? text, List<InputProblem> problems) =>
        Norm(text) switch
        {
            null or "" or "auto" => CoordinateSystem.Auto,
            "wgs84" or "epsg:4326" or "4326" => CoordinateSystem.Wgs84,
            "bng" or "epsg:27700" or "27700" => CoordinateSystem.BritishNationalGrid,
            _ => Problem<CoordinateSystem>(problems, RequestOption.Crs, text, "Unknown coordinate system. Use auto, wgs84 or bng (EPSG:27700)."),
        };

    /// <summary>What to do with a missing deprivation or spend value a rule needs: error, mean (also fill) or exclude.</summary>
    public static MissingValuePolicy? Missing(string? text, List<InputProblem> problems) =>
        Norm(text) switch
        {
            null or "" or "error" => MissingValuePolicy.Error,
            "mean" or "fill" => MissingValuePolicy.FillMean,
            "exclude" => MissingValuePolicy.Exclude,
            _ => Problem<MissingValuePolicy>(problems, RequestOption.Missing, text, "Use error, mean or exclude."),
        };

    /// <summary>
    /// A balance tolerance: a fraction of the area mean (<c>0.2</c> = ±20%), a percentage (<c>20%</c>) or an absolute
    /// deviation in the attribute's units (<c>15abs</c>: ±£15 per patient). <paramref name="spec"/> is what the user wrote.
    /// </summary>
    public static BalanceTolerance? Tolerance(string text, string spec, List<InputProblem> problems)
    {
        text = text.Trim();
        bool absolute = text.EndsWith("abs", StringComparison.OrdinalIgnoreCase);
        bool percent = text.EndsWith('%');
        var number = absolute ? text[..^3] : percent ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            return Problem(problems, RequestOption.Balance, spec, "The tolerance must be a number of 0 or more: a fraction (0.2), a percentage (20%) or an absolute value (3abs).");
        return Tolerance(v, absolute ? ToleranceKind.Absolute : ToleranceKind.Relative, percent, spec, problems);
    }

    /// <summary>A balance tolerance given as a number and its kind (<paramref name="percent"/>: the value is in %).</summary>
    public static BalanceTolerance? Tolerance(double value, ToleranceKind kind, bool percent, string spec, List<InputProblem> problems)
    {
        if (!double.IsFinite(value) || value < 0)
            return Problem(problems, RequestOption.Balance, spec, "The tolerance must be a number of 0 or more: a fraction (0.2), a percentage (20%) or an absolute value (3abs).");
        if (percent) value /= 100;
        if (kind == ToleranceKind.Relative && value > 100)
            return Problem(problems, RequestOption.Balance, spec, "A relative tolerance above 100 (10,000%) sets no rule at all. Give a fraction such as 0.2 (±20%), or leave the rule out.");
        return new BalanceTolerance(value, kind);
    }

    /// <summary>Sets the balance tolerance of <paramref name="attribute"/> (deprivation, imd or spend) on the request.</summary>
    public static StudyRequest WithBalance(StudyRequest request, string attribute, BalanceTolerance tolerance, List<InputProblem> problems)
    {
        switch (attribute.Trim().ToLowerInvariant())
        {
            case "deprivation" or "imd": return request with { Deprivation = tolerance };
            case "spend": return request with { Spend = tolerance };
            default:
                problems.Add(new InputProblem("options", $"{RequestOption.Balance.Name}.{attribute}", attribute, "Balance can be set for deprivation or spend."));
                return request;
        }
    }

    /// <summary>A balance rule written <c>attribute=tolerance</c>, e.g. <c>deprivation=0.2</c> or <c>spend=15abs</c>.</summary>
    public static StudyRequest WithBalance(StudyRequest request, string spec, List<InputProblem> problems)
    {
        var pair = Pair(spec, RequestOption.Balance, "attribute=tolerance, e.g. deprivation=0.2 (±20%) or spend=15abs (±£15 per patient)", problems);
        if (pair is not { } p) return request;
        var t = Tolerance(p.Value, spec, problems);
        return t is null ? request : WithBalance(request, p.Name, t, problems);
    }

    /// <summary>An objective weight written <c>term=weight</c>: spread, disruption, boundary, risk, coterminosity (compactness is always on).</summary>
    public static StudyRequest WithObjective(StudyRequest request, string spec, List<InputProblem> problems)
    {
        var pair = Pair(spec, RequestOption.Objective, "term=weight, e.g. spread=0.5 or disruption=1", problems);
        if (pair is not { } p) return request;
        if (!double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
        {
            problems.Add(new InputProblem("options", $"{RequestOption.Objective.Name}.{p.Name}", p.Value, "The weight must be a number of 0 or more."));
            return request;
        }
        return WithObjective(request, p.Name, w, problems);
    }

    /// <summary>Sets the weight of objective term <paramref name="term"/>.</summary>
    public static StudyRequest WithObjective(StudyRequest request, string term, double weight, List<InputProblem> problems)
    {
        switch (term.Trim().ToLowerInvariant())
        {
            case "spread": return request with { SpreadWeight = weight };
            case "disruption": return request with { DisruptionWeight = weight };
            case "boundary": return request with { BoundaryWeight = weight };
            case "risk": return request with { RiskWeight = weight };
            case "coterminosity": return request with { CoterminosityWeight = weight };
            case "compactness": return request;
            default:
                problems.Add(new InputProblem("options", $"{RequestOption.Objective.Name}.{term}", term, $"Objective terms are compactness (always on), {string.Join(", ", WeightedObjectiveTerms.SkipLast(1))} and {WeightedObjectiveTerms[^1]}."));
                return request;
        }
    }

    /// <summary>Reads practice field <paramref name="field"/> from column <paramref name="column"/>.</summary>
    public static StudyRequest WithField(StudyRequest request, string field, string? column, List<InputProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(column))
        {
            problems.Add(new InputProblem("options", $"{RequestOption.Fields.Name}.{field}", column, "Give the column name."));
            return request;
        }
        try { return request with { Fields = request.Fields.With(field.Trim(), column.Trim()) }; }
        catch (InputException e)
        {
            foreach (var p in e.Problems) problems.Add(new InputProblem("options", $"{RequestOption.Fields.Name}.{field}", field, p.Message));
            return request;
        }
    }

    /// <summary>Adds a lock of practice <paramref name="code"/> to consortium <paramref name="name"/>.</summary>
    public static StudyRequest WithLock(StudyRequest request, string? code, string? name, List<InputProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new InputProblem("options", $"{RequestOption.Locks.Name}.{code}", name, "Give a practice code and a consortium name, e.g. A81001=Tees."));
            return request;
        }
        return request with { Locks = [.. request.Locks, new(code.Trim(), name.Trim())] };
    }

    /// <summary>Splits <c>name=value</c> (both non-empty, trimmed).</summary>
    public static (string Name, string Value)? Pair(string spec, RequestOption option, string form, List<InputProblem> problems)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1 || spec[..eq].Trim().Length == 0 || spec[(eq + 1)..].Trim().Length == 0)
        {
            problems.Add(new InputProblem("options", option.Name, spec, $"Expected {form}."));
            return null;
        }
        return (spec[..eq].Trim(), spec[(eq + 1)..].Trim());
    }

    private static string? Norm(string? text) => text?.Trim().ToLowerInvariant();

    private static T? Problem<T>(List<InputProblem> problems, RequestOption option, string? value, string message) where T : struct
    {
        problems.Add(new InputProblem("options", option.Name, value, message));
        return null;
    }

    private static BalanceTolerance? Problem(List<InputProblem> problems, RequestOption option, string? value, string message)
    {
        problems.Add(new InputProblem("options", option.Name, value, message));
        return null;
    }
}
