namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The distinct valid consortia one restart meets (contiguous by construction of the moves, within the rule's
/// population bounds, breaking no balance or share rule), for <see cref="SolverOptions.CollectPool"/>. A consortium is
/// identified by its Zobrist key and size (<see cref="ConsortiumSums.Key"/>, kept in O(1) per move by the running
/// sums), so checking whether it is new costs one lookup; only new valid consortia are materialised. Holds the most
/// recent <c>capacity</c> entries (a ring, oldest evicted first), so a long search keeps its later, better consortia.
/// Never touches the search state or the random stream: collecting cannot change the plan. Owned by one restart.
/// </summary>
internal sealed class ConsortiumPool
{
    private readonly SearchData _m;
    private readonly int _capacity;
    private readonly Dictionary<(ulong Key, int Size), int> _slotOf = new();
    private readonly int[][] _members;
    private readonly (ulong Key, int Size)[] _ids;
    private int _next, _count;
    private int[] _wanted = Array.Empty<int>(), _fill = Array.Empty<int>();
    private int[][] _pending = Array.Empty<int[]>();

    public ConsortiumPool(SearchData m, int capacity)
    {
        _m = m;
        _capacity = Math.Max(1, capacity);
        _members = new int[_capacity][];
        _ids = new (ulong, int)[_capacity];
    }

    /// <summary>Entries held.</summary>
    public int Count => _count;

    /// <summary>True when a consortium with these running sums and cached violation (<see cref="Partitioner.Core.Rules.RuleCheck.Violation"/>,
    /// exactly 0 when it breaks no rule: population bounds, balance, share) meets every rule on its own.</summary>
    private static bool Valid(in ConsortiumSums s, double violation) => violation == 0 && s.Count > 0;

    /// <summary>Checks every consortium of the current plan (O(k) lookups) and materialises the new valid ones in one
    /// pass over the practices. Called every few thousand steps, off the move loop.</summary>
    public void OfferAll(PartitionState st)
    {
        int k = st.K;
        if (_wanted.Length < k) { _wanted = new int[k]; _fill = new int[k]; _pending = new int[k][]; }
        int wanted = 0;
        for (int c = 0; c < k; c++)
        {
            _wanted[c] = -1;
            ref readonly var s = ref st.Sums[c];
            if (!Valid(s, st.ViolTerm[c]) || _slotOf.ContainsKey((s.Key, s.Count))) continue;
            _wanted[c] = wanted;
            _pending[wanted] = new int[s.Count];
            _fill[wanted] = 0;
            wanted++;
        }
        if (wanted == 0) return;
        var assign = st.Assign;
        for (int v = 0; v < _m.N; v++)
        {
            int w = _wanted[assign[v]];
            if (w >= 0) _pending[w][_fill[w]++] = v;
        }
        for (int c = 0; c < k; c++)
        {
            int w = _wanted[c];
            if (w < 0) continue;
            Store(st.Sums[c].Key, _pending[w]);
            _pending[w] = null!;
        }
    }

    /// <summary>Offers the two consortia just re-cut by an accepted ReCom step (members read from the drawn tree).</summary>
    public void OfferRecom(PartitionState st, int a, int b)
    {
        var tree = st.Tree;
        for (int side = 0; side < 2; side++)
        {
            int c = side == 0 ? a : b;
            ref readonly var s = ref st.Sums[c];
            if (!Valid(s, st.ViolTerm[c]) || _slotOf.ContainsKey((s.Key, s.Count))) continue;
            var members = new int[s.Count];
            int f = 0;
            for (int i = 0; i < tree.Count; i++) if (tree.InSub[i] == side) members[f++] = tree.Verts[i];
            Array.Sort(members);
            Store(s.Key, members);
        }
    }

    /// <summary>Offers every consortium of a plan (labels 0..k-1 per practice), the restart's best plan, and keeps all its
    /// valid consortia (up to the capacity) as the newest entries: ones already held move to the end of the ring instead
    /// of staying where the plan's new ones would evict them.</summary>
    public void OfferPlan(int[] assign, int k)
    {
        var m = _m;
        var sums = new ConsortiumSums[k];
        for (int v = 0; v < m.N; v++) sums[assign[v]].Add(m, v);
        var lists = new List<int>[k];
        for (int v = 0; v < m.N; v++) (lists[assign[v]] ??= new List<int>()).Add(v);
        var plan = new List<(ulong Key, int[] Members)>();
        var planIds = new HashSet<(ulong Key, int Size)>();
        for (int c = 0; c < k; c++)
        {
            ref readonly var s = ref sums[c];
            if (Valid(s, ScoreTerms.Violation(s, m)) && planIds.Add((s.Key, s.Count))) plan.Add((s.Key, lists[c].ToArray()));
        }
        if (plan.Count == 0) return;
        var held = new List<int[]>(_count);
        var heldIds = new List<(ulong Key, int Size)>(_count);
        CopyTo(held, heldIds);
        _slotOf.Clear();
        _count = _next = 0;
        // The other entries, oldest first, then the plan's: the ring's eviction keeps the newest of the others the plan leaves
        // room for (and the plan's last ones when it has more valid consortia than the capacity).
        for (int i = 0; i < held.Count; i++)
            if (!planIds.Contains(heldIds[i])) Store(heldIds[i].Key, held[i]);
        foreach (var (key, members) in plan) Store(key, members);
    }

    private void Store(ulong key, int[] members)
    {
        if (_count == _capacity) _slotOf.Remove(_ids[_next]);
        else _count++;
        var id = (key, members.Length);
        _members[_next] = members;
        _ids[_next] = id;
        _slotOf[id] = _next;
        if (++_next == _capacity) _next = 0;
    }

    /// <summary>The entries, oldest first, with their (key, size) identities.</summary>
    public void CopyTo(List<int[]> members, List<(ulong Key, int Size)> ids)
    {
        int start = _count == _capacity ? _next : 0;
        for (int i = 0; i < _count; i++)
        {
            int slot = (start + i) % _capacity;
            members.Add(_members[slot]);
            ids.Add(_ids[slot]);
        }
    }

    /// <summary>Joins the restarts' pools in restart order, dropping repeats, up to <paramref name="capacity"/> entries.</summary>
    public static IReadOnlyList<int[]> Merge(RestartOutcome[] outcomes, int capacity)
    {
        var result = new List<int[]>();
        if (capacity <= 0) return result;
        var seen = new HashSet<(ulong, int)>();
        foreach (var o in outcomes)
        {
            if (o?.Pool is null) continue;
            for (int i = 0; i < o.Pool.Count && result.Count < capacity; i++)
                if (seen.Add(o.PoolIds![i])) result.Add(o.Pool[i]);
        }
        return result;
    }
}
