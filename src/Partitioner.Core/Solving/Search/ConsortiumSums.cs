using System.Runtime.CompilerServices;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Running sums of one consortium (or one side of a cut): everything a score term needs, so a move's effect
/// is O(1). Coordinates are km from the study area's patient-weighted centre.
/// </summary>
internal struct ConsortiumSums
{
    public double P, Px, Py, Pq, DepW, DepPd, SpendW, Spend, DeprivedP;
    public double LockUnits;
    public ulong LockHash;
    /// <summary>Zobrist hash of the members: XOR of their <see cref="SearchData.Unit"/> keys (pool deduplication).</summary>
    public ulong Key;
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(SearchData m, int v) => Add(m.Unit[v]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Remove(SearchData m, int v)
    {
        ref readonly var o = ref m.Unit[v];
        P -= o.P; Px -= o.Px; Py -= o.Py; Pq -= o.Pq;
        DepW -= o.DepW; DepPd -= o.DepPd; SpendW -= o.SpendW; Spend -= o.Spend; DeprivedP -= o.DeprivedP;
        LockUnits -= o.LockUnits; LockHash -= o.LockHash; Key ^= o.Key;
        Count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in ConsortiumSums o)
    {
        P += o.P; Px += o.Px; Py += o.Py; Pq += o.Pq;
        DepW += o.DepW; DepPd += o.DepPd; SpendW += o.SpendW; Spend += o.Spend; DeprivedP += o.DeprivedP;
        LockUnits += o.LockUnits; LockHash += o.LockHash; Key ^= o.Key;
        Count += o.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ConsortiumSums Difference(in ConsortiumSums a, in ConsortiumSums b)
    {
        ConsortiumSums r;
        r.P = a.P - b.P; r.Px = a.Px - b.Px; r.Py = a.Py - b.Py; r.Pq = a.Pq - b.Pq;
        r.DepW = a.DepW - b.DepW; r.DepPd = a.DepPd - b.DepPd; r.SpendW = a.SpendW - b.SpendW; r.Spend = a.Spend - b.Spend;
        r.DeprivedP = a.DeprivedP - b.DeprivedP; r.LockUnits = a.LockUnits - b.LockUnits; r.LockHash = a.LockHash - b.LockHash;
        r.Key = a.Key ^ b.Key;
        r.Count = a.Count - b.Count;
        return r;
    }

    /// <summary>Number of distinct locked groups inside, valid when no group is split (hash check).</summary>
    public readonly int Locks => (int)Math.Round(LockUnits);
}
