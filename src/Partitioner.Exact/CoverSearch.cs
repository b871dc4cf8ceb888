using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// Decides whether the area can be split into at most a given number of consortia by depth-first exact cover over the
/// listed candidates (Knuth's algorithm X): the uncovered practice with the fewest candidates left is covered next, by each
/// of them in turn (fullest first). A node is pruned when the uncovered practices' connected parts need more consortia
/// than are left (⌈patients / max⌉ each: a consortium is connected, so it lies within one part). Where every consortium
/// must be nearly full (the count one below the seed's, with the relaxation already at that count) that bound cuts the
/// tree at a few levels: a part that cannot be filled shows at once. Deterministic; thread-safe.
/// </summary>
internal static class CoverSearch
{
    /// <summary>How the search ended: <see cref="EngineStatus.Infeasible"/> (no plan has at most that many consortia),
    /// <see cref="EngineStatus.Optimal"/> with the plan's candidates, or <see cref="EngineStatus.Stopped"/>; nodes explored.</summary>
    public sealed record Outcome(EngineStatus Status, int[]? Chosen, long Nodes);

    /// <summary>Whether some plan of at most <paramref name="maxCount"/> candidates from <paramref name="columns"/> covers every practice once.</summary>
    public static Outcome Solve(Problem problem, IReadOnlyList<int[]> candidates, int[] columns, int maxCount, TimeSpan limit,
        CancellationToken stop = default)
    {
        var search = new Search(problem, candidates, columns, maxCount, limit, stop);
        var status = search.Run();
        return new Outcome(status, status == EngineStatus.Optimal ? [.. search.Chosen] : null, search.Nodes);
    }

    private sealed class Search
    {
        private readonly Problem _problem;
        private readonly IReadOnlyList<int[]> _candidates;
        private readonly int[] _columns;
        private readonly int _maxCount;
        private readonly TimeSpan _limit;
        private readonly CancellationToken _stop;
        private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
        private readonly int[][] _holding; // positions in _columns of the candidates holding each practice, fullest first
        private readonly int[] _blocked;   // per position: members already covered
        private readonly int[] _options;   // per practice: unblocked candidates holding it
        private readonly bool[] _covered;
        private readonly int[] _stamp;
        private readonly int[] _queue;
        private int _uncovered;
        private int _visit;
        private bool _timedOut;

        public Search(Problem problem, IReadOnlyList<int[]> candidates, int[] columns, int maxCount, TimeSpan limit, CancellationToken stop)
        {
            _problem = problem;
            _candidates = candidates;
            _columns = columns;
            _maxCount = maxCount;
            _limit = limit;
            _stop = stop;
            int n = problem.PracticeCount;
            var patients = new double[columns.Length];
            var lists = new List<int>[n];
            for (int i = 0; i < n; i++) lists[i] = [];
            for (int k = 0; k < columns.Length; k++)
                foreach (int i in candidates[columns[k]])
                {
                    patients[k] += problem.Patients[i];
                    lists[i].Add(k);
                }
            _holding = new int[n][];
            _options = new int[n];
            for (int i = 0; i < n; i++)
            {
                lists[i].Sort((a, b) => patients[b] != patients[a] ? patients[b].CompareTo(patients[a]) : a.CompareTo(b));
                _holding[i] = [.. lists[i]];
                _options[i] = _holding[i].Length;
            }
            _blocked = new int[columns.Length];
            _covered = new bool[n];
            _stamp = new int[n];
            _queue = new int[n];
            _uncovered = n;
        }

        public List<int> Chosen { get; } = [];

        public long Nodes { get; private set; }

        public EngineStatus Run()
        {
            bool found = Descend();
            return found ? EngineStatus.Optimal : _timedOut ? EngineStatus.Stopped : EngineStatus.Infeasible;
        }

        private bool Descend()
        {
            if (_uncovered == 0) return true;
            if ((++Nodes & 255) == 0 && (_stop.IsCancellationRequested || System.Diagnostics.Stopwatch.GetElapsedTime(_started) >= _limit))
                _timedOut = true;
            if (_timedOut) return false;
            int left = _maxCount - Chosen.Count;
            if (left <= 0 || FewestForUncovered(left) > left) return false;
            // The uncovered practice with the fewest candidates left (lowest index on ties).
            int pick = -1;
            for (int i = 0; i < _covered.Length; i++)
                if (!_covered[i] && (pick < 0 || _options[i] < _options[pick])) pick = i;
            if (_options[pick] == 0) return false;
            foreach (int k in _holding[pick])
            {
                if (_blocked[k] > 0) continue;
                Take(k, +1);
                Chosen.Add(_columns[k]);
                if (Descend()) return true;
                Chosen.RemoveAt(Chosen.Count - 1);
                Take(k, -1);
                if (_timedOut) return false;
            }
            return false;
        }

        /// <summary>Covers (+1) or uncovers (−1) the members of the candidate at position <paramref name="k"/>, blocking or unblocking every candidate that shares one.</summary>
        private void Take(int k, int sign)
        {
            foreach (int i in _candidates[_columns[k]])
            {
                _covered[i] = sign > 0;
                _uncovered -= sign;
                foreach (int other in _holding[i])
                {
                    if (sign > 0 && _blocked[other]++ == 0) Adjust(other, -1);
                    else if (sign < 0 && --_blocked[other] == 0) Adjust(other, +1);
                }
            }
        }

        private void Adjust(int k, int delta)
        {
            foreach (int i in _candidates[_columns[k]]) _options[i] += delta;
        }

        /// <summary>Σ ⌈patients / max⌉ over the connected parts of the uncovered practices, stopping once above <paramref name="left"/>.</summary>
        private long FewestForUncovered(int left)
        {
            _visit++;
            var graph = _problem.Graph;
            double max = _problem.Rules.MaxPatients;
            long fewest = 0;
            for (int s = 0; s < _covered.Length && fewest <= left; s++)
            {
                if (_covered[s] || _stamp[s] == _visit) continue;
                double pop = 0;
                int head = 0, tail = 0;
                _stamp[s] = _visit;
                _queue[tail++] = s;
                while (head < tail)
                {
                    int v = _queue[head++];
                    pop += _problem.Patients[v];
                    foreach (int u in graph.Neighbours(v))
                    {
                        if (_covered[u] || _stamp[u] == _visit) continue;
                        _stamp[u] = _visit;
                        _queue[tail++] = u;
                    }
                }
                fewest += RuleCheck.FewestParts(pop, max);
            }
            return fewest;
        }
    }
}
