using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Councils;

/// <summary>
/// Whole councils as the solver's units, for plans whose consortia are unions of whole councils. Each council's
/// practices become one unit. A council is one area on the ground even where its practices' cells are not connected
/// (a practice's cell can lie among a neighbouring council's): such a council is kept whole and its parts joined by
/// council bridges (the nearest pair of practices between each smaller part and the rest), which
/// <see cref="ContiguityGraph"/> adds to the practice graph as island bridges are. A council above the maximum is cut,
/// each connected part into the fewest contiguous pieces of at most the maximum (by the solver, fewest first).
/// Practices without a council are units on their own. The unit problem sums patients and spend, takes patient-weighted means of deprivation and
/// position, keeps locks and border lengths, so the solver's compactness differs from the practices' only by a
/// constant (the spread inside the units). Immutable.
/// </summary>
public sealed class CouncilUnits
{
    private CouncilUnits(Problem problem, int[] unitOf, int units, IReadOnlyList<CouncilSplit> splits, IReadOnlyList<CouncilBridge> bridges, AdjacencyGraph contiguity)
    {
        Problem = problem;
        UnitOf = unitOf;
        UnitCount = units;
        Splits = splits;
        Bridges = bridges;
        ContiguityGraph = contiguity;
    }

    /// <summary>The problem over units (unit i is vertex i).</summary>
    public Problem Problem { get; }

    /// <summary>Unit per practice (dense practice index).</summary>
    public IReadOnlyList<int> UnitOf { get; }

    /// <summary>Number of units.</summary>
    public int UnitCount { get; }

    /// <summary>The councils kept in more than one unit, each with the reason.</summary>
    public IReadOnlyList<CouncilSplit> Splits { get; }

    /// <summary>The council bridges joining the parts of councils kept whole whose practices are not connected.</summary>
    public IReadOnlyList<CouncilBridge> Bridges { get; }

    /// <summary>The practice graph with the council bridges: the graph a plan of whole councils is judged contiguous on.</summary>
    public AdjacencyGraph ContiguityGraph { get; }

    /// <summary>
    /// Builds the units of <paramref name="problem"/> (whose practices are numbered as in <paramref name="councils"/>).
    /// <paramref name="pieceOptions"/> drives the cuts of councils above the maximum (a fixed step budget keeps them
    /// deterministic).
    /// </summary>
    public static CouncilUnits Build(Problem problem, CouncilAssignment councils, SolverOptions pieceOptions, CancellationToken cancellationToken = default)
    {
        int n = problem.PracticeCount;
        if (councils.CouncilOf.Count != n) throw new ArgumentException($"The councils cover {councils.CouncilOf.Count} practices but the problem has {n}.", nameof(councils));
        double max = problem.Rules.MaxPatients;
        var members = new List<int>[councils.Count];
        for (int c = 0; c < members.Length; c++) members[c] = new List<int>();
        var unitOf = new int[n];
        Array.Fill(unitOf, -1);
        int units = 0;
        var splits = new List<CouncilSplit>();
        var bridges = new List<CouncilBridge>();
        for (int i = 0; i < n; i++)
        {
            int c = councils.CouncilOf[i];
            if (c >= 0) members[c].Add(i);
        }
        var inCouncil = new bool[n];
        var stack = new Stack<int>();
        for (int c = 0; c < members.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (int i in members[c]) inCouncil[i] = true;
            var parts = Components(problem.Graph, members[c], inCouncil, stack);
            foreach (int i in members[c]) inCouncil[i] = false;
            double total = 0;
            foreach (int i in members[c]) total += problem.Patients[i];
            if (total <= max)
            {
                foreach (int i in members[c]) unitOf[i] = units;
                units++;
                if (parts.Count > 1) Join(problem, councils.Codes[c], parts, bridges);
                continue;
            }
            int pieces = 0;
            bool cut = false;
            foreach (var part in parts)
            {
                double patients = 0;
                foreach (int i in part) patients += problem.Patients[i];
                if (patients <= max || part.Count == 1)
                {
                    foreach (int i in part) unitOf[i] = units;
                    units++;
                    pieces++;
                    continue;
                }
                cut = true;
                var of = Cut(problem, part, max, pieceOptions, cancellationToken);
                int most = 0;
                for (int j = 0; j < part.Count; j++) { unitOf[part[j]] = units + of[j]; most = Math.Max(most, of[j] + 1); }
                units += most;
                pieces += most;
            }
            if (pieces > 1)
            {
                splits.Add(new CouncilSplit(councils.Codes[c], councils.Names[c], total, pieces, parts.Count > 1, cut));
            }
        }
        for (int i = 0; i < n; i++)
            if (unitOf[i] < 0) unitOf[i] = units++;
        return new CouncilUnits(UnitProblem(problem, unitOf, units), unitOf, units, splits, bridges, WithBridges(problem.Graph, bridges));
    }

    /// <summary>The practices' consortium per practice from a consortium per unit.</summary>
    public int[] Expand(IReadOnlyList<int> consortiumOfUnit)
    {
        var of = new int[UnitOf.Count];
        for (int i = 0; i < of.Length; i++) of[i] = consortiumOfUnit[UnitOf[i]];
        return of;
    }

    /// <summary>
    /// Bridges joining all <paramref name="parts"/> of a council into one: from the largest part outwards, each step
    /// joins the part nearest to those already joined, between its nearest two practices (Prim's rule).
    /// </summary>
    private static void Join(Problem problem, string code, List<List<int>> parts, List<CouncilBridge> bridges)
    {
        int first = 0;
        for (int p = 1; p < parts.Count; p++) if (parts[p].Count > parts[first].Count) first = p;
        var joined = new List<int>(parts[first]);
        var open = Enumerable.Range(0, parts.Count).Where(p => p != first).ToList();
        while (open.Count > 0)
        {
            int from = -1, to = -1, which = -1;
            double best = double.PositiveInfinity;
            foreach (int p in open)
                foreach (int a in parts[p])
                    foreach (int b in joined)
                    {
                        double dx = problem.X[a] - problem.X[b], dy = problem.Y[a] - problem.Y[b], d = dx * dx + dy * dy;
                        if (d < best) { best = d; from = a; to = b; which = p; }
                    }
            bridges.Add(new CouncilBridge(code, from, to, problem.PracticeCodes[from], problem.PracticeCodes[to], Math.Sqrt(best) / 1000.0));
            joined.AddRange(parts[which]);
            open.Remove(which);
        }
    }

    private static AdjacencyGraph WithBridges(AdjacencyGraph graph, List<CouncilBridge> bridges)
    {
        var edges = new List<(int, int)>();
        for (int v = 0; v < graph.VertexCount; v++)
            foreach (int w in graph.Neighbours(v))
                if (v < w) edges.Add((v, w));
        foreach (var b in bridges) edges.Add((Math.Min(b.From, b.To), Math.Max(b.From, b.To)));
        return AdjacencyGraph.FromEdges(graph.VertexCount, edges);
    }

    private static List<List<int>> Components(AdjacencyGraph graph, List<int> members, bool[] inCouncil, Stack<int> stack)
    {
        var parts = new List<List<int>>();
        var seen = new HashSet<int>();
        foreach (int start in members)
        {
            if (!seen.Add(start)) continue;
            var part = new List<int>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                int v = stack.Pop();
                part.Add(v);
                foreach (int w in graph.Neighbours(v))
                    if (inCouncil[w] && seen.Add(w)) stack.Push(w);
            }
            part.Sort();
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>The fewest contiguous pieces of at most <paramref name="max"/> patients (piece per member, 0-based);
    /// every practice its own piece when the solver finds no cut.</summary>
    private static int[] Cut(Problem problem, List<int> part, double max, SolverOptions options, CancellationToken ct)
    {
        var rules = new ConsortiumRules { MinPatients = 1, MaxPatients = max, CountPreference = CountPreference.Fewest };
        var area = ProblemArea.Of(problem, part, rules);
        var result = Solver.Solve(area, options with { Progress = null, CollectPool = 0, Mode = SolveMode.BestEffort }, ct);
        if (result.ConsortiumOf.Length == part.Count && result.Issues.Count == 0) return result.ConsortiumOf;
        var alone = new int[part.Count];
        for (int j = 0; j < alone.Length; j++) alone[j] = j;
        return alone;
    }

    private static Problem UnitProblem(Problem problem, int[] unitOf, int units)
    {
        int n = problem.PracticeCount;
        var patients = new double[units];
        var depSum = new double[units];
        var depP = new double[units];
        var spend = new double[units];
        var spendP = new double[units];
        var x = new double[units];
        var y = new double[units];
        var largest = new int[units];
        Array.Fill(largest, -1);
        for (int i = 0; i < n; i++)
        {
            int u = unitOf[i];
            double p = problem.Patients[i];
            patients[u] += p;
            x[u] += p * problem.X[i];
            y[u] += p * problem.Y[i];
            if (!double.IsNaN(problem.Deprivation[i])) { depSum[u] += p * problem.Deprivation[i]; depP[u] += p; }
            if (!double.IsNaN(problem.Spend[i])) { spend[u] += problem.Spend[i]; spendP[u] += p; }
            if (largest[u] < 0 || p > problem.Patients[largest[u]]) largest[u] = i;
        }
        var deprivation = new double[units];
        var unitSpend = new double[units];
        var locked = new int[units];
        var existing = new int[units];
        var codes = new string[units];
        Array.Fill(locked, -1);
        for (int u = 0; u < units; u++)
        {
            x[u] /= patients[u];
            y[u] /= patients[u];
            // A unit's patients all count in its balance sums: a practice without a value takes its unit's mean.
            deprivation[u] = depP[u] > 0 ? depSum[u] / depP[u] : double.NaN;
            unitSpend[u] = spendP[u] > 0 ? spend[u] * patients[u] / spendP[u] : double.NaN;
            existing[u] = problem.ExistingGroup[largest[u]];
            codes[u] = problem.PracticeCodes[largest[u]];
        }
        for (int i = 0; i < n; i++)
        {
            int l = problem.Locked[i], u = unitOf[i];
            if (l < 0) continue;
            if (locked[u] >= 0 && locked[u] != l)
                throw new Practices.InputException("options", "locks", problem.PracticeCodes[i],
                    $"Practice {problem.PracticeCodes[i]} is locked to '{problem.LockNames[l]}' but its council also holds a practice locked to '{problem.LockNames[locked[u]]}'; with whole councils a council is in one consortium. Lock them to one name, or leave out whole_councils.");
            locked[u] = l;
        }
        var lengths = new Dictionary<(int, int), double>();
        var offsets = problem.Graph.Offsets;
        var targets = problem.Graph.Targets;
        for (int v = 0; v < n; v++)
            for (int e = offsets[v]; e < offsets[v + 1]; e++)
            {
                int a = unitOf[v], b = unitOf[targets[e]];
                if (a >= b) continue;
                lengths[(a, b)] = lengths.GetValueOrDefault((a, b)) + problem.BorderMetres[e];
            }
        var edges = lengths.Keys.OrderBy(k => k.Item1).ThenBy(k => k.Item2).ToList();
        var graph = AdjacencyGraph.FromEdges(units, edges);
        var borders = new double[graph.Targets.Length];
        for (int u = 0, e = 0; u < units; u++)
            foreach (int w in graph.Neighbours(u)) borders[e++] = lengths[(Math.Min(u, w), Math.Max(u, w))];
        return new Problem(graph, patients, deprivation, unitSpend, x, y, problem.Rules, existing, locked, problem.LockNames, codes, borders);
    }
}
