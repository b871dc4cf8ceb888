using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Levels;

/// <summary>
/// The closest a plan can get to the rules when at most a budget of practices may leave the current map. The solver
/// always carves a fresh plan, so this is a small, separate descent that starts from the current map itself: each step
/// moves the one boundary practice to the neighbouring consortium that lowers the total violation (the one
/// <see cref="RuleCheck"/>) the most, keeping every consortium as connected as it was, within the budget (a practice
/// moved home frees its share again), and never letting a consortium lose half its own former group's patients, so a
/// group's successor stays the consortium that carries its name. It stops when no move lowers the violation.
/// Deterministic: ties go to the lowest practice index, then the lowest consortium.
/// </summary>
public static class MovesBudgetSearch
{
    /// <summary>Improves <paramref name="current"/> (a plan on <paramref name="geography"/>'s practices) within <paramref name="budget"/>.</summary>
    public static MovesBudgetResult Run(PracticeGeography geography, Plan current, ConsortiumRules rules, MovesBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(geography);
        ArgumentNullException.ThrowIfNull(current);
        var practices = geography.Practices;
        var graph = geography.PracticeGraph;
        int n = practices.Count, k = current.Count;
        var patients = new double[n]; var deprivation = new double[n]; var spend = new double[n];
        for (int i = 0; i < n; i++) { patients[i] = practices[i].Patients; deprivation[i] = practices[i].Deprivation; spend[i] = practices[i].Spend; }
        var area = AreaBaseline.Of(patients, deprivation, spend);
        var check = new RuleCheck(rules, area);

        var assign = (int[])current.ConsortiumOf.Clone();
        var home = current.ConsortiumOf;
        var totals = new Totals[k];
        var groupPatients = new double[k];
        var kept = new double[k];
        for (int i = 0; i < n; i++) { totals[assign[i]].Add(practices[i], area, +1); groupPatients[home[i]] += patients[i]; kept[home[i]] += patients[i]; }
        var violation = new double[k];
        double before = 0;
        for (int c = 0; c < k; c++) { violation[c] = check.Violation(totals[c].Of()); before += violation[c]; }

        int movedPractices = 0, moves = 0;
        double movedPatients = 0;
        var reach = new Reach(n);
        var candidates = new List<(double Delta, int Practice, int To)>();
        while (!cancellationToken.IsCancellationRequested)
        {
            candidates.Clear();
            for (int v = 0; v < n; v++)
            {
                int a = assign[v];
                if (totals[a].Count <= 1) continue;
                bool leavesHome = a == home[v];
                if (leavesHome && kept[a] - patients[v] <= 0.5 * groupPatients[a]) continue;
                int lastTo = -1;
                foreach (int w in graph.Neighbours(v))
                {
                    int b = assign[w];
                    if (b == a || b == lastTo) continue;
                    lastTo = b;
                    int dPractices = leavesHome ? 1 : b == home[v] ? -1 : 0;
                    if (dPractices > 0 && !budget.Allows(movedPractices + 1, movedPatients + patients[v])) continue;
                    var fromAfter = totals[a]; fromAfter.Add(practices[v], area, -1);
                    var toAfter = totals[b]; toAfter.Add(practices[v], area, +1);
                    double delta = check.Violation(fromAfter.Of()) + check.Violation(toAfter.Of()) - violation[a] - violation[b];
                    if (delta < -1e-12) candidates.Add((delta, v, b));
                }
            }
            if (candidates.Count == 0) break;
            candidates.Sort((x, y) => x.Delta != y.Delta ? x.Delta.CompareTo(y.Delta) : x.Practice != y.Practice ? x.Practice.CompareTo(y.Practice) : x.To.CompareTo(y.To));
            bool applied = false;
            foreach (var (_, v, b) in candidates)
            {
                int a = assign[v];
                if (!reach.KeepsPieces(graph, assign, v, a)) continue;
                totals[a].Add(practices[v], area, -1);
                totals[b].Add(practices[v], area, +1);
                if (a == home[v]) { movedPractices++; movedPatients += patients[v]; kept[a] -= patients[v]; }
                else if (b == home[v]) { movedPractices--; movedPatients -= patients[v]; kept[b] += patients[v]; }
                assign[v] = b;
                violation[a] = check.Violation(totals[a].Of());
                violation[b] = check.Violation(totals[b].Of());
                moves++;
                applied = true;
                break;
            }
            if (!applied) break;
        }
        double after = 0;
        for (int c = 0; c < k; c++) after += violation[c];
        return new MovesBudgetResult(new Plan(current.ConsortiumNames, assign), movedPractices, movedPatients, before, after, moves);
    }

    /// <summary>A consortium's running totals, in the form the rule check reads.</summary>
    private struct Totals
    {
        public double Patients, DepPatients, DepSum, SpendPatients, Spend, Deprived;
        public int Count;

        public void Add(Practices.Practice p, AreaBaseline area, int sign)
        {
            Patients += sign * p.Patients;
            if (!double.IsNaN(p.Deprivation))
            {
                DepPatients += sign * p.Patients;
                DepSum += sign * p.Patients * p.Deprivation;
                if (p.Deprivation > area.DeprivationMedian) Deprived += sign * p.Patients;
            }
            if (!double.IsNaN(p.Spend)) { SpendPatients += sign * p.Patients; Spend += sign * p.Spend; }
            Count += sign;
        }

        public readonly ConsortiumTotals Of() => new(Patients, DepPatients, DepSum, SpendPatients, Spend, Deprived);
    }

    /// <summary>Whether removing a practice from its consortium leaves it in no more pieces than before (scratch reused).</summary>
    private sealed class Reach(int n)
    {
        private readonly int[] _stack = new int[n];
        private readonly int[] _mark = new int[n];
        private int _stamp;

        public bool KeepsPieces(AdjacencyGraph graph, int[] assign, int v, int a)
        {
            // Pieces before: count with v; after: count without v (v marked as visited first, so searches skip it).
            int beforePieces = graph.CountPieces(assign, a, _stack, _mark, ++_stamp);
            _stamp++;
            _mark[v] = _stamp;
            int after = 0;
            for (int s = 0; s < assign.Length; s++)
            {
                if (assign[s] != a || _mark[s] == _stamp) continue;
                after++;
                int top = 0;
                _stack[top++] = s;
                _mark[s] = _stamp;
                while (top > 0)
                {
                    int x = _stack[--top];
                    foreach (int y in graph.Neighbours(x))
                    {
                        if (assign[y] != a || _mark[y] == _stamp) continue;
                        _mark[y] = _stamp;
                        _stack[top++] = y;
                    }
                }
            }
            return after <= beforePieces;
        }
    }
}
