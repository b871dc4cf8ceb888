namespace Partitioner.Core.Practices;

/// <summary>
/// Thrown when input cannot be used; carries every problem found, so the user can fix them all at once.
/// Nothing has been loaded when this is thrown.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<InputProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public InputException(string where, string field, string? value, string message)
        : this(new[] { new InputProblem(where, field, value, message) })
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    private static string Describe(IReadOnlyList<InputProblem> problems)
    {
        const int shown = 50;
        var lines = problems.Take(shown).Select(p => "  - " + p);
        var more = problems.Count > shown ? $"\n  … and {problems.Count - shown} more." : "";
        return $"The input has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was loaded:\n{string.Join("\n", lines)}{more}";
    }
}
