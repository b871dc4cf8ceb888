using System.Globalization;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Input;

/// <summary>
/// Caps the length of every name a request gives (dataset, grouping field, column names, lock codes and consortium
/// names, the words of text options), and refuses control characters in them, before any is used. A name is quoted in
/// problems and a grouping field in one problem per practice, so an 8-million-character group_by once grew the process
/// by gigabytes; and a NUL in a grouping field was a 500 in cluster mode, whose PostgreSQL text cannot hold it.
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
            if (Problem(where, field, value) is { } problem) problems.Add(problem);
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
        if (Problem(where, field, value) is { } problem) throw new InputException([problem]);
    }

    /// <summary>What is wrong with a name: too long, or holding a control character (a NUL, which no PostgreSQL text
    /// column can store, a line break, a tab…), which no field, dataset or consortium name has.</summary>
    private static InputProblem? Problem(string where, string field, string? value)
    {
        if (value is null) return null;
        if (value.Length > MaxLength)
            return new InputProblem(where, field, SafeText.Of(value, 40), string.Create(CultureInfo.InvariantCulture,
                $"The name is {value.Length:N0} characters long; at most {MaxLength} are accepted."));
        int control = value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f');
        if (control < 0 && value.Contains('\u007f')) control = value.IndexOf('\u007f');
        return control < 0 ? null : new InputProblem(where, field, SafeText.Of(value, 40), string.Create(CultureInfo.InvariantCulture,
            $"The name holds a control character (U+{(int)value[control]:X4}) at position {control + 1}. Names are plain text: check how the request was built."));
    }
}
