namespace Partitioner.Core.Practices;

/// <summary>
/// The practices of one study area, validated, with dense indices 0..n-1 in input order.
/// Practices with no patients (closed) are not in it; they are named in <see cref="Warnings"/>.
/// Immutable; safe to share between threads.
/// </summary>
public sealed class PracticeSet
{
    private readonly Dictionary<string, int> _indexByCode;

    public PracticeSet(IReadOnlyList<Practice> practices, IReadOnlyList<InputWarning> warnings, CoordinateSystem inputCoordinates)
    {
        Practices = practices;
        Warnings = warnings;
        InputCoordinates = inputCoordinates;
        _indexByCode = new Dictionary<string, int>(practices.Count, StringComparer.Ordinal);
        for (int i = 0; i < practices.Count; i++) _indexByCode[practices[i].Code] = i;
    }

    /// <summary>The practices, index = dense practice index.</summary>
    public IReadOnlyList<Practice> Practices { get; }

    /// <summary>Number of practices.</summary>
    public int Count => Practices.Count;

    /// <summary>Indexer by dense practice index.</summary>
    public Practice this[int index] => Practices[index];

    /// <summary>What was excluded or changed while reading, practice by practice.</summary>
    public IReadOnlyList<InputWarning> Warnings { get; }

    /// <summary>The coordinate system the input was read in.</summary>
    public CoordinateSystem InputCoordinates { get; }

    /// <summary>Total registered patients.</summary>
    public double TotalPatients => Practices.Sum(p => p.Patients);

    /// <summary>Dense index of the practice with this code, or -1.</summary>
    public int IndexOf(string code) => _indexByCode.TryGetValue(code, out int i) ? i : -1;

    /// <summary>A new set with other practices (same order) and more warnings.</summary>
    public PracticeSet With(IReadOnlyList<Practice> practices, IEnumerable<InputWarning> moreWarnings) =>
        new(practices, Warnings.Concat(moreWarnings).ToArray(), InputCoordinates);
}
