using Google.OrTools.Graph;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// What a balance rule costs at the least: a lower bound on the total inertia (patient·km² about the consortium
/// centroids) of every plan whose consortia all meet the problem's deprivation and spend rules, whatever their count,
/// size or shape, contiguous or not.
/// </summary>
/// <remarks>
/// Take the upper edge U of a rule. A practice above it carries p·(v − U) points of excess; a practice below it has room
/// for p·(U − v). A consortium meeting the edge holds at least as much room as excess, so its excess can be sent to its
/// own room, pair by pair. Give each pair the patients its points use (f points from i to j use f/(v_i − U) of i's
/// patients and f/(U − v_j) of j's). Two groups of m_i and m_j patients d km apart have at least m_i·m_j/(m_i + m_j)·d²
/// patient·km² about any centre, which is f·d²/(v_i − v_j). The groups are disjoint parts of the consortium, so its
/// inertia is at least the sum over its pairs, and every plan's is at least the cheapest transport of all the area's
/// excess to all its room, a min-cost flow (Google.OrTools' network solver; see <see cref="Transport"/> for how it is
/// kept to a few hundred megabytes on all England and why the figure stays a bound). The lower edge is the same with the
/// roles swapped. Each edge bounds every plan on its own; the floor is the largest. Practices without a value count in
/// neither, as in the consortium's mean. Tested against every partition of small areas (InertiaFloorTests); measured
/// on real England in tools/Partitioner.Bench/RESULTS.md, "What a band costs at the least".
/// </remarks>
public static class InertiaFloor
{
    private const double CostScale = 1000;

    /// <summary>The floor for the problem's balance rules (<see cref="FloorEdge"/> per edge of each rule; none without rules).</summary>
    /// <remarks>Cancelling stops it between senders and between rounds of the transport (a round's network solve itself
    /// runs to its end, seconds on all England) with <see cref="OperationCanceledException"/>.</remarks>
    public static InertiaFloorResult Of(Problem problem, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var edges = new List<FloorEdge>();
        foreach (var rule in BalanceRule.Of(problem))
        {
            double upper = rule.Mean + rule.Deviation, lower = rule.Mean - rule.Deviation;
            edges.Add(Transport(problem, rule.Name, true, rule.PerPatient.Select(v => v - upper).ToArray(), cancellationToken: cancellationToken));
            edges.Add(Transport(problem, rule.Name, false, rule.PerPatient.Select(v => lower - v).ToArray(), cancellationToken: cancellationToken));
        }
        return new InertiaFloorResult(edges.Count == 0 ? 0 : edges.Max(e => e.InertiaKm2), edges);
    }

    /// <summary>Sends every practice's excess (p·e points where e &gt; 0) to the practices with room (p·(−e) where e &lt; 0),
    /// a point from i to j costing d²/(e_i − e_j): the cheapest transport's cost, by its dual.</summary>
    /// <remarks>
    /// Every sender to every taker would be millions of arcs on all England (gigabytes in the network solver), so the
    /// transport is solved over each sender's <paramref name="nearest"/> cheapest takers (plus an arc to nowhere at a
    /// price above any real one, so that it always has an answer). Its node potentials give each taker a price v ≥ 0
    /// for its room, and for any such prices Σ_i s_i · min_j (c_ij + v_j) − Σ_j t_j · v_j over every pair is at most the
    /// cheapest transport (weak duality): that is the floor, computed in full precision, valid whatever the arcs were.
    /// While it is below the restricted transport's cost, the takers cheapest at those prices join each sender's arcs and
    /// the transport is solved again.
    /// </remarks>
    internal static FloorEdge Transport(Problem problem, string rule, bool upper, double[] excess, int nearest = NearestTakers,
        CancellationToken cancellationToken = default)
    {
        int n = problem.PracticeCount;
        var patients = problem.Patients;
        var senders = new List<int>();
        var takers = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (excess[i] > 0) senders.Add(i);
            else if (excess[i] < 0) takers.Add(i);
        }
        var sentFrom = new double[n];
        if (senders.Count == 0 || takers.Count == 0) return new FloorEdge(rule, upper, 0, senders.Count, sentFrom);
        int sCount = senders.Count, tCount = takers.Count;
        var supply = new double[sCount];
        var room = new double[tCount];
        for (int s = 0; s < sCount; s++) supply[s] = patients[senders[s]] * excess[senders[s]];
        for (int t = 0; t < tCount; t++) room[t] = -patients[takers[t]] * excess[takers[t]];
        double Cost(int s, int t)
        {
            int i = senders[s], j = takers[t];
            return Compactness.SquaredKm(problem, i, j) / (excess[i] - excess[j]);
        }
        var arcs = new HashSet<int>[sCount];
        var prices = new double[tCount];
        var heap = new TakerHeap(Math.Min(nearest, tCount));
        double highest = 0;
        for (int s = 0; s < sCount; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            arcs[s] = [.. heap.Cheapest(s, tCount, Cost, null)];
            foreach (int t in arcs[s]) highest = Math.Max(highest, Cost(s, t));
        }
        // Dearer than any first arc, so that a sender overflows only when its takers are full (then it gets more).
        double overflowCost = 2 * highest + 1;
        double floor = 0;
        for (int round = 0; round < MaxRounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answer = Restricted(arcs, supply, room, Cost, overflowCost, prices);
            if (answer is null)
            {
                // The network solver gave no answer (its cost range, say): the prices of the last round that had one
                // (at first none) still give a floor, if a weaker one.
                floor = Math.Max(floor, DualBound(supply, room, prices, Cost, cancellationToken));
                break;
            }
            var (restricted, flows) = answer.Value;
            double bound = DualBound(supply, room, prices, Cost, cancellationToken);
            floor = Math.Max(floor, bound);
            Array.Clear(sentFrom);
            foreach (var (s, t, f) in flows) sentFrom[senders[s]] += f * Cost(s, t);
            if (bound >= restricted * (1 - Tolerance) || round == MaxRounds - 1) break;
            // The takers cheapest at these prices join each sender's arcs. When none is new, the next round would solve
            // the same transport again (its whole points and scaled costs keep it a hair above the bound), so it stops.
            int added = 0;
            for (int s = 0; s < sCount; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (int t in heap.Cheapest(s, tCount, Cost, prices)) if (arcs[s].Add(t)) added++;
            }
            if (added == 0) break;
        }
        // Share the floor out as the last restricted transport sent it.
        double total = sentFrom.Sum();
        if (total > 0) for (int i = 0; i < n; i++) sentFrom[i] *= floor / total;
        return new FloorEdge(rule, upper, floor, sCount, sentFrom);
    }

    /// <summary>The k takers of one sender cheapest by cost plus price, ties to the lower taker: one pass over the takers
    /// with a heap of k, the dearest on top (a sort of every taker per sender was most of the floor's time). One heap
    /// serves every sender, so choosing allocates nothing.</summary>
    internal sealed class TakerHeap(int k)
    {
        private readonly double[] key = new double[k];
        private readonly int[] taker = new int[k];

        /// <summary>The takers chosen, in the heap's order (its array, which the next call reuses).</summary>
        public ArraySegment<int> Cheapest(int s, int tCount, Func<int, int, double> cost, double[]? prices)
        {
            int size = 0;
            for (int t = 0; t < tCount; t++)
            {
                double c = cost(s, t) + (prices?[t] ?? 0);
                if (size < k)
                {
                    // Sift up.
                    int at = size++;
                    while (at > 0)
                    {
                        int parent = (at - 1) / 2;
                        if (!Dearer(c, t, key[parent], taker[parent])) break;
                        key[at] = key[parent];
                        taker[at] = taker[parent];
                        at = parent;
                    }
                    key[at] = c;
                    taker[at] = t;
                }
                else if (Dearer(key[0], taker[0], c, t))
                {
                    // Replace the dearest and sift down.
                    int at = 0;
                    while (true)
                    {
                        int child = 2 * at + 1;
                        if (child >= size) break;
                        if (child + 1 < size && Dearer(key[child + 1], taker[child + 1], key[child], taker[child])) child++;
                        if (!Dearer(key[child], taker[child], c, t)) break;
                        key[at] = key[child];
                        taker[at] = taker[child];
                        at = child;
                    }
                    key[at] = c;
                    taker[at] = t;
                }
            }
            return new ArraySegment<int>(taker, 0, size);
        }

        private static bool Dearer(double aKey, int a, double bKey, int b) => aKey > bKey || (aKey == bKey && a > b);
    }

    /// <summary>Most rounds of adding takers; each round's floor is valid, the last one's the best.</summary>
    private const int MaxRounds = 12;

    /// <summary>Takers first offered to each sender.</summary>
    private const int NearestTakers = 48;

    /// <summary>The floor is taken as the transport's cost when within this share of it.</summary>
    private const double Tolerance = 1e-6;

    /// <summary>The transport over the given arcs in whole points and scaled costs (points rounded down at the senders,
    /// room up at the takers); its cost in full precision, its flows, and the takers' prices from its node potentials
    /// (written to <paramref name="prices"/>; 0 where none is found). Null when the network solver gives no answer;
    /// the prices are then left as they were.</summary>
    private static (double Cost, List<(int Sender, int Taker, long Flow)> Flows)? Restricted(HashSet<int>[] arcs, double[] supply, double[] room,
        Func<int, int, double> cost, double overflowCost, double[] prices)
    {
        int sCount = supply.Length, tCount = room.Length;
        int sink = sCount + tCount;
        var flow = new MinCostFlow();
        var arcSender = new List<int>();
        var arcTaker = new List<int>();
        var arcCost = new List<long>();
        long total = 0;
        for (int s = 0; s < sCount; s++)
        {
            long points = (long)Math.Floor(supply[s]);
            flow.SetNodeSupply(s, points);
            total += points;
            foreach (int t in arcs[s].Order())
            {
                long scaled = Scaled(cost(s, t));
                flow.AddArcWithCapacityAndUnitCost(s, sCount + t, points, scaled);
                arcSender.Add(s);
                arcTaker.Add(t);
                arcCost.Add(scaled);
            }
        }
        int takerArcs = arcSender.Count;
        for (int t = 0; t < tCount; t++) flow.AddArcWithCapacityAndUnitCost(sCount + t, sink, (long)Math.Ceiling(room[t]), 0);
        for (int s = 0; s < sCount; s++) flow.AddArcWithCapacityAndUnitCost(s, sink, (long)Math.Floor(supply[s]), Scaled(overflowCost));
        flow.SetNodeSupply(sink, -total);
        var status = flow.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL) return null;

        var flows = new List<(int, int, long)>();
        double value = 0;
        var intoSink = new long[tCount];
        var overflow = new long[sCount];
        for (int a = 0; a < takerArcs; a++)
        {
            long f = flow.Flow(a);
            if (f == 0) continue;
            flows.Add((arcSender[a], arcTaker[a], f));
            value += f * cost(arcSender[a], arcTaker[a]);
        }
        for (int t = 0; t < tCount; t++) intoSink[t] = flow.Flow(takerArcs + t);
        for (int s = 0; s < sCount; s++) { overflow[s] = flow.Flow(takerArcs + tCount + s); value += overflow[s] * overflowCost; }

        // Potentials: each node's shortest distance to the sink in the residual network (scaled costs, so that the
        // optimum leaves no negative cycle), by Bellman–Ford over the reversed arcs from the sink.
        var into = new List<(int From, long Cost)>[sink + 1];
        for (int v = 0; v <= sink; v++) into[v] = new();
        for (int a = 0; a < takerArcs; a++)
        {
            int s = arcSender[a], t = sCount + arcTaker[a];
            long c = arcCost[a];
            into[t].Add((s, c));                                   // s → t, always open (the supply bounds it)
            if (flow.Flow(a) > 0) into[s].Add((t, -c));            // t → s, undoing a flow
        }
        for (int t = 0; t < tCount; t++)
        {
            if (intoSink[t] < (long)Math.Ceiling(room[t])) into[sink].Add((sCount + t, 0));
            if (intoSink[t] > 0) into[sCount + t].Add((sink, 0));
        }
        for (int s = 0; s < sCount; s++)
        {
            into[sink].Add((s, Scaled(overflowCost)));
            if (overflow[s] > 0) into[s].Add((sink, -Scaled(overflowCost)));
        }
        var distance = new long[sink + 1];
        Array.Fill(distance, long.MaxValue);
        distance[sink] = 0;
        var queue = new Queue<int>();
        var queued = new bool[sink + 1];
        queue.Enqueue(sink);
        queued[sink] = true;
        // Bellman–Ford's own limit (nodes × arcs); past it the prices stay 0, which still gives a floor.
        long relaxations = 0, most = (long)(sink + 1) * (2L * takerArcs + 2L * (tCount + sCount));
        while (queue.Count > 0 && relaxations < most)
        {
            int v = queue.Dequeue();
            queued[v] = false;
            foreach (var (from, c) in into[v])
            {
                relaxations++;
                if (distance[v] + c >= distance[from]) continue;
                distance[from] = distance[v] + c;
                if (!queued[from]) { queued[from] = true; queue.Enqueue(from); }
            }
        }
        bool settled = queue.Count == 0;
        for (int t = 0; t < tCount; t++)
            prices[t] = settled && distance[sCount + t] != long.MaxValue ? Math.Max(0, distance[sCount + t] / CostScale) : 0;
        return (value, flows);
    }

    /// <summary>Σ_i s_i · min_j (c_ij + v_j) − Σ_j t_j · v_j over every pair: at most the cheapest transport for any v ≥ 0.</summary>
    private static double DualBound(double[] supply, double[] room, double[] prices, Func<int, int, double> cost,
        CancellationToken cancellationToken)
    {
        double bound = 0;
        for (int s = 0; s < supply.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double best = double.PositiveInfinity;
            for (int t = 0; t < room.Length; t++) best = Math.Min(best, cost(s, t) + prices[t]);
            bound += supply[s] * best;
        }
        for (int t = 0; t < room.Length; t++) bound -= room[t] * prices[t];
        return bound;
    }

    /// <summary>A cost in the network solver's whole units, held below what its cost scaling can multiply without
    /// overflow (a pair of practices a hair either side of an edge costs d² over almost nothing). Only the prices
    /// depend on it: the floor itself is computed in full precision.</summary>
    private static long Scaled(double cost) => (long)Math.Round(Math.Min(cost * CostScale, MaxScaledCost));

    private const double MaxScaledCost = 1e11;
}

/// <summary>The floor under every plan meeting the balance rules: the largest of its edges' bounds.</summary>
/// <param name="InertiaKm2">No plan meeting every balance rule has less total inertia, patient·km² (0 without rules).</param>
/// <param name="Edges">Each rule's upper and lower edge.</param>
public sealed record InertiaFloorResult(double InertiaKm2, IReadOnlyList<FloorEdge> Edges);

/// <summary>One edge of a balance rule and the floor it gives alone.</summary>
/// <param name="Rule">The balance rule's name ("deprivation", "spend per patient").</param>
/// <param name="Upper">True for the upper edge (practices above it send), false for the lower.</param>
/// <param name="InertiaKm2">The cheapest transport, patient·km².</param>
/// <param name="Senders">Practices past the edge.</param>
/// <param name="SentFrom">Per practice, the part of <paramref name="InertiaKm2"/> sent from it (0 for takers).</param>
public sealed record FloorEdge(string Rule, bool Upper, double InertiaKm2, int Senders, double[] SentFrom);
