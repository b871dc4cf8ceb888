namespace Partitioner.Core.Practices;

/// <summary>
/// The problems found in an input, listed up to a limit and counted past it, so that a file whose
/// every row is wrong answers with a short list and a count instead of a list as long as the file.
/// </summary>
internal sealed class ProblemList(int maxListed)
{
    private readonly List<InputProblem> _listed = [];

    /// <summary>Problems found, listed or not.</summary>
    public int Count { get; private set; }

    public void Add(InputProblem problem)
    {
        Count++;
        if (_listed.Count < maxListed) _listed.Add(problem);
    }

    public void Add(string where, string field, string? value, string message) => Add(new InputProblem(where, field, value, message));

    /// <summary>Throws an <see cref="InputException"/> with every listed problem and the count of the rest, if any was found.</summary>
    public void ThrowIfAny()
    {
        if (Count > 0) throw new InputException(_listed.ToArray(), Count - _listed.Count);
    }
}
