namespace Partitioner.Exact;

/// <summary>
/// A deduplicated, size-capped collection of candidate consortia (sorted practice indices) for
/// <see cref="PoolRecombination"/>, e.g. every consortium seen by heuristic restarts. Candidates are stored in
/// insertion order; once <see cref="Capacity"/> is reached new candidates are refused. Not thread-safe.
/// </summary>
public sealed class CandidatePool
{
    private readonly Dictionary<int[], int> _index = new(MembersComparer.Instance);
    private readonly List<int[]> _candidates = new();

    /// <summary>Creates an empty pool holding at most <paramref name="capacity"/> candidates.</summary>
    public CandidatePool(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Most candidates kept.</summary>
    public int Capacity { get; }

    /// <summary>Number of distinct candidates held.</summary>
    public int Count => _candidates.Count;

    /// <summary>Candidates refused because the pool was full.</summary>
    public int Refused { get; private set; }

    /// <summary>The candidates, each sorted ascending without repeats.</summary>
    public IReadOnlyList<int[]> Candidates => _candidates;

    /// <summary>Adds one consortium; false when it is already present, empty, or the pool is full.</summary>
    public bool Add(ReadOnlySpan<int> members)
    {
        if (members.IsEmpty) return false;
        var sorted = members.ToArray();
        Array.Sort(sorted);
        int distinct = 1;
        for (int k = 1; k < sorted.Length; k++) if (sorted[k] != sorted[distinct - 1]) sorted[distinct++] = sorted[k];
        if (distinct != sorted.Length) Array.Resize(ref sorted, distinct);
        if (_index.ContainsKey(sorted)) return false;
        if (_candidates.Count >= Capacity)
        {
            Refused++;
            return false;
        }
        _index.Add(sorted, _candidates.Count);
        _candidates.Add(sorted);
        return true;
    }

    /// <summary>Adds every consortium of a plan (consortium label per practice); returns how many were new.</summary>
    public int AddPlan(ReadOnlySpan<int> consortiumOf)
    {
        int added = 0;
        foreach (var members in Compactness.Groups(consortiumOf)) if (Add(members)) added++;
        return added;
    }

    /// <summary>Whether the consortium is in the pool.</summary>
    public bool Contains(ReadOnlySpan<int> members)
    {
        var sorted = members.ToArray();
        Array.Sort(sorted);
        return _index.ContainsKey(sorted);
    }

    /// <summary>Equality and FNV-style hashing of sorted member arrays.</summary>
    internal sealed class MembersComparer : IEqualityComparer<int[]>
    {
        public static readonly MembersComparer Instance = new();

        public bool Equals(int[]? a, int[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);

        public int GetHashCode(int[] members)
        {
            unchecked
            {
                uint h = 2166136261;
                foreach (int m in members) h = (h ^ (uint)m) * 16777619;
                return (int)h;
            }
        }
    }
}
