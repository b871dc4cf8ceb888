using System.Globalization;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Caps the length of every name a request gives (dataset, grouping field, column names, lock codes and consortium
/// names, the words of text options), before any is used. A name is quoted in problems and a grouping field in one
/// problem per practice, so an 8-million-character group_by once grew the process by gigabytes.
/// </summary>
public static class RequestNames
{
    /// <summary>Longest name accepted, in characters.</summary>
    public const int MaxLength = 200;

    public static void Check(PlanningInput input)
    {
        var problems = new List<InputProblem>();
        void Name(string where, string field, string? value)
        {
            if (value is { Length: > MaxLength })
                problems.Add(new InputProblem(where, field, SafeText.Of(value, 40), string.Create(CultureInfo.InvariantCulture,
                    $"The name is {value.Length:N0} characters long; at most {MaxLength} are accepted.")));
        }
        var o = input.Options;
        Name("body", "dataset", input.Dataset);
        Name("body", "group_by", input.GroupBy);
        Name("options", "group_by", o.GroupBy);
        Name("options", "disruption_field", o.DisruptionField);
        Name("options", "count_preference", o.CountPreference);
        Name("options", "mode", o.Mode);
        Name("options", "crs", o.Crs);
        Name("options", "missing", o.Missing);
        Name("options", "federation_by", o.FederationBy);
        Name("options", "council_field", o.CouncilField);
        foreach (var (field, column) in o.Fields ?? [])
        {
            Name("options", "fields", field);
            Name("options", $"fields.{SafeText.Of(field, 40)}", column);
        }
        foreach (var (code, name) in o.Locks ?? [])
        {
            Name("options", "locks", code);
            Name("options", $"locks.{SafeText.Of(code, 40)}", name);
        }
        if (problems.Count > 0) throw new InputException(problems.Take(ProblemExceptionHandler.MaxListed).ToArray(), Math.Max(0, problems.Count - ProblemExceptionHandler.MaxListed));
    }

    /// <summary>Checks a name given in a path (a consortium to split).</summary>
    public static void Check(string where, string field, string value)
    {
        if (value.Length > MaxLength)
            throw new InputException(where, field, SafeText.Of(value, 40), string.Create(CultureInfo.InvariantCulture,
                $"The name is {value.Length:N0} characters long; at most {MaxLength} are accepted."));
    }
}
