using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Rounded capacity cuts: a set S of practices holding w(S) patients meets at least ⌈w(S) / max⌉ localities in any plan,
/// since no locality holds more than the maximum, so Σ x_C over the candidates C that hold a practice of S is at least
/// that. The LP relaxation only knows w(S) / max (each candidate covers at most the maximum of S), and where localities
/// must be nearly full it spreads whole neighbourhoods over fractions of overlapping candidates that no plan can take.
/// Separated greedily: from every practice, a set grows one neighbour at a time, taking the neighbour that adds most
/// patients against the LP weight it brings in, and every set met on the way whose cut is violated is a candidate cut.
/// </summary>
internal sealed class CapacityCuts
{
    /// <summary>Most cuts added per round.</summary>
    private const int CutsPerRound = 60;

    /// <summary>Largest set tried, in localities' worth of patients.</summary>
    private const double LargestSet = 8;

    private readonly int _n;
    private readonly double[] _patients;
    private readonly double _maximum;
    private readonly AdjacencyGraph _graph;

    private CapacityCuts(double[] patients, double maximum, AdjacencyGraph graph)
    {
        _n = patients.Length;
        _patients = patients;
        _maximum = maximum;
        _graph = graph;
    }

    /// <summary>
    /// The cuts of <paramref name="problem"/>'s maximum, or null when it has none to round against. The rounding is against
    /// the most any candidate can hold: the maximum with the rule check's tolerance (as the candidates are listed), or a
    /// practice above it (which can only stand alone), so that no plan breaks a cut.
    /// </summary>
    public static CapacityCuts? For(Problem problem)
    {
        double maximum = problem.Rules.MaxPatients;
        if (!double.IsFinite(maximum) || maximum <= 0) return null;
        maximum = Math.Max(RuleCheck.Highest(maximum), problem.Patients.DefaultIfEmpty(0).Max());
        return new CapacityCuts(problem.Patients, maximum, problem.Graph);
    }

    /// <summary>Localities that must meet the practices <paramref name="set"/>: ⌈w(S) / max⌉.</summary>
    public int Localities(int[] set)
    {
        double w = 0;
        foreach (int i in set) w += _patients[i];
        return Need(w);
    }

    /// <summary>Localities that must meet practices holding <paramref name="patients"/> patients.</summary>
    private int Need(double patients) => (int)Math.Ceiling(patients / _maximum - 1e-9);

    /// <summary>A cut's coefficient of the candidate <paramref name="set"/> (sorted): 1 when it holds one of the cut's
    /// <paramref name="practices"/>, else 0.</summary>
    internal static int Coefficient(int[] set, int[] practices)
    {
        foreach (int i in practices) if (Array.BinarySearch(set, i) >= 0) return 1;
        return 0;
    }

    /// <summary>The columns (indices into <paramref name="holding"/>'s lists) holding one of <paramref name="practices"/>,
    /// each once, and their coefficients (all 1), as <see cref="SubsetRowCuts.CutMembers"/> gives a subset-row cut's;
    /// <paramref name="hits"/> is scratch of one entry per column, all zero before and after.</summary>
    internal static (int[] Columns, int[] Coefficients) CutMembers(List<int>[] holding, int[] hits, int[] practices)
    {
        var columns = new List<int>();
        foreach (int i in practices)
            foreach (int k in holding[i])
                if (hits[k]++ == 0) columns.Add(k);
        foreach (int k in columns) hits[k] = 0;
        var ones = new int[columns.Count];
        Array.Fill(ones, 1);
        return ([.. columns], ones);
    }

    /// <summary>
    /// The most violated capacity cuts (sorted practice sets) at the LP point <paramref name="support"/> (the candidates it
    /// takes, whole ones too, with their values), none cut before (<paramref name="seen"/>, which the chosen join): sets S
    /// where the LP weight on candidates meeting S falls short of ⌈w(S) / max⌉ by more than
    /// <see cref="SubsetRowCuts.MinViolation"/>.
    /// </summary>
    public List<int[]> Separate(IReadOnlyList<int[]> candidates, IReadOnlyList<(int Candidate, double Value)> support, HashSet<string> seen)
    {
        var holding = new List<int>[_n];
        for (int i = 0; i < _n; i++) holding[i] = [];
        for (int s = 0; s < support.Count; s++) foreach (int i in candidates[support[s].Candidate]) holding[i].Add(s);
        var hit = new bool[support.Count];
        var inSet = new bool[_n];
        var found = new Dictionary<string, (double Violation, int[] Set)>();
        var set = new List<int>();
        var frontier = new List<int>();
        for (int start = 0; start < _n; start++)
        {
            Array.Clear(hit);
            Array.Clear(inSet);
            set.Clear();
            double w = 0, lhs = 0;
            Add(start);
            while (w < LargestSet * _maximum)
            {
                int best = -1;
                double bestKey = double.NegativeInfinity;
                frontier.Clear();
                foreach (int i in set)
                    foreach (int j in _graph.Neighbours(i))
                        if (!inSet[j]) frontier.Add(j);
                foreach (int j in frontier)
                {
                    double gain = 0;
                    foreach (int s in holding[j]) if (!hit[s]) gain += support[s].Value;
                    double key = (w + _patients[j]) / _maximum - (lhs + gain);
                    if (key > bestKey || (key == bestKey && j < best))
                    {
                        bestKey = key;
                        best = j;
                    }
                }
                if (best < 0) break;
                Add(best);
                double violation = Need(w) - lhs;
                if (violation > SubsetRowCuts.MinViolation)
                {
                    var sorted = set.ToArray();
                    Array.Sort(sorted);
                    string key = string.Join(',', sorted);
                    if (!seen.Contains(key) && !found.ContainsKey(key)) found[key] = (violation, sorted);
                }
            }

            void Add(int i)
            {
                inSet[i] = true;
                set.Add(i);
                w += _patients[i];
                foreach (int s in holding[i])
                {
                    if (hit[s]) continue;
                    hit[s] = true;
                    lhs += support[s].Value;
                }
            }
        }
        var chosen = found.Values
            .OrderByDescending(f => f.Violation).ThenBy(f => f.Set.Length).ThenBy(f => string.Join(',', f.Set), StringComparer.Ordinal)
            .Take(CutsPerRound).Select(f => f.Set).ToList();
        foreach (var s in chosen) seen.Add(string.Join(',', s));
        return chosen;
    }
}
