namespace Partitioner.Core.Practices;

/// <summary>
/// Thrown when input cannot be used; carries every problem found, so the user can fix them all at once.
/// Nothing has been loaded when this is thrown.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<InputProblem> problems)
        : this(problems, 0)
    {
    }

    /// <summary>An exception listing <paramref name="problems"/> and counting <paramref name="notListed"/> more of the same kind that were found but not listed.</summary>
    public InputException(IReadOnlyList<InputProblem> problems, int notListed)
        : base(Describe(problems, notListed))
    {
        Problems = problems;
        NotListed = notListed;
    }

    public InputException(string where, string field, string? value, string message)
        : this(new[] { new InputProblem(where, field, value, message) })
    {
    }

    /// <summary>The problems listed: every problem found, or the first ones when there were more than a reader lists.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    /// <summary>How many more problems were found than <see cref="Problems"/> lists (0 when it lists them all).</summary>
    public int NotListed { get; }

    /// <summary>
    /// True when the input was refused for its size (more practices or bytes than a limit allows) rather than for
    /// what it holds, so a service can answer "too large" instead of "malformed".
    /// </summary>
    public bool ExceedsLimit { get; init; }

    private static string Describe(IReadOnlyList<InputProblem> problems, int notListed)
    {
        const int shown = 50;
        int total = problems.Count + notListed;
        var lines = problems.Take(shown).Select(p => "  - " + p);
        int more = total - Math.Min(shown, problems.Count);
        var tail = more > 0 ? $"\n  … and {more:N0} more." : "";
        return $"The input has {total:N0} problem{(total == 1 ? "" : "s")}; nothing was loaded:\n{string.Join("\n", lines)}{tail}";
    }
}
