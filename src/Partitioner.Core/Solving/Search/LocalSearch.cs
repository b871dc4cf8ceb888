using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// One restart: carve a first plan, then improve it by simulated annealing over single-practice boundary moves and
/// ReCom merge-split steps. Balance and share rules are penalties with an adaptive weight λ (raised while the current
/// plan breaks them, eased while it meets them); the best plan is kept lexicographically by (violation, objective).
/// The temperature follows the step count, never the clock, so a restart is a pure function of (model, seed, index,
/// step budget). The best plan is kept as an undo log from the current state, so leaving it costs O(1) per move.
/// </summary>
internal sealed class LocalSearch
{
    // Counts tried one by one from the first, then in growing jumps (a count preference at the edge of the range may
    // leave many neighbouring counts uncarvable; "fewest" and "most" then climb back by dissolving or splitting).
    private const int MaxCountFallbacks = 8;
    // Bound relaxations tried, in order, when the preferred count cannot be carved within the bounds, and the share of
    // the schedule a restart spends repairing such a plan before it falls back to the next count.
    private static readonly double[] Relaxations = [1.01, 1.02, 1.05, 1.15, 1.4];
    private const double RepairShare = 0.25, DissolveShare = 0.125;
    // Random spanning trees drawn per consortium when splitting one for "most".
    private const int SplitTrees = 8;
    private int _countTry;
    // Strategic oscillation: once every consortium meets the population bounds, moves may cross them by up to this factor,
    // penalised by λ like any broken rule. With nearly full consortia, the plans within the bounds are too far apart for
    // single moves (and ReCom of a pair) to walk between; short excursions outside join them.
    private const double OscillationBounds = 1.2, PolishFrom = 0.85;
    private bool _repairing, _repaired, _oscillating;
    private readonly SearchModel _m;
    private readonly SolverOptions _o;
    private readonly SolveMonitor _mon;
    private readonly int _restart;
    private readonly PartitionState _state;
    private readonly SpanningTreeCarver _carver;
    private readonly ConsortiumPool? _pool;
    private readonly NeighbourRecut _recut;
    private readonly int[] _best, _logV, _logL;
    private int _logLen;
    private bool _logging;
    private Xoshiro256 _rng;
    private double _bestObj, _bestViol, _lambda, _temperature;
    private long _step, _lastImprovement, _moves, _movesAccepted, _recom, _recomAccepted, _recomTicks, _improveTicks;
    private bool _improvedSinceReport;
    private double _meanAbsDelta;
    private long _runStartTicks, _restartStartTicks, _timeShareTicks, _timeShareOriginal, _polishDeadlineTicks;
    // Time-scheduled runs: share of a restart's time kept for the closing polish (NeighbourRecut).
    private const double PolishReserve = 0.1;
    // Enumeration steps the closing polish and each repair by re-cutting may take, per search step taken before it.
    private const long PolishSteps = 8, RepairPolishSteps = 2;
    // Annealing schedule: the temperature falls geometrically from StartFactor to StartFactor × EndRatio times the mean
    // |penalised delta|; λ starts at LambdaStart × the mean |objective delta| and moves by these factors per 1,024 steps.
    private const double StartFactor = 1, EndRatio = 1e-3, LambdaUp = 1.05, LambdaDown = 1.02, LambdaStart = 100;
    // Weight of the balance guidance (squared deviation in tolerance units, see ScoreTerms.Guide) relative to the violation
    // while a rule is unmet; once every rule is met the guidance is off and moves that would break a rule are refused.
    private const double GuideWeight = 0.25;
    // Share of repair ReCom steps aimed at a consortium that breaks a rule (the rest pick a random adjacent pair, which
    // with the guidance spreads imbalance outwards), and pairs sampled to find the most complementary one.
    private const double TargetedShare = 0.5;
    private const int PairSamples = 8;
    // Ejection chains and swaps (repair of population excess; half each): share of repair steps spent on them, a chain's longest path, and the
    // largest area they run on. Measured: on small nearly full areas they helped (tools/Partitioner.Bench.Exact, seed 1:
    // CCG 08D 26.7% → 0% off the optimum, 8×8 grid 10.6% → 0%; seeds 2–4 mean gap 1.27/1.32/3.01% → 0.62/1.17/2.24%),
    // on bundled England with "fewest" (20 s) they hurt (objective 360 and 371 against 210 and 203), so they stay small.
    private const double ChainShare = 0.05;
    private const int ChainDepth = 12, ChainMaxPractices = 500;
    // Chain scratch: consortium adjacency (stamped k × k), hops from each consortium to one with room, BFS queue,
    // and the chain's moves (practice, consortium it left) for reverting.
    private int[] _cAdj = Array.Empty<int>(), _cDist = Array.Empty<int>(), _cQueue = Array.Empty<int>();
    private int _cStamp;
    private readonly int[] _chainV = new int[ChainDepth], _chainFrom = new int[ChainDepth];

    public LocalSearch(SearchModel m, SolverOptions o, SolveMonitor mon, int restart)
    {
        _m = m; _o = o; _mon = mon; _restart = restart;
        var tree = new SpanningTree(m);
        _state = new PartitionState(m, tree);
        _carver = new SpanningTreeCarver(m, tree);
        _best = new int[m.N];
        _logV = new int[2 * m.N + 16];
        _logL = new int[2 * m.N + 16];
        _rng = Xoshiro256.ForRestart(o.Seed, restart);
        _recut = new NeighbourRecut(m);
        if (o.CollectPool > 0) _pool = new ConsortiumPool(m, (o.CollectPool + o.Restarts - 1) / o.Restarts);
    }

    /// <summary>The search state (for tests).</summary>
    internal PartitionState State => _state;

    /// <summary>The next position in the count order to try after <paramref name="t"/>: one by one for the first
    /// <see cref="MaxCountFallbacks"/>, then half as far again each time.</summary>
    private static int NextCountTry(int t) => t < MaxCountFallbacks ? t + 1 : t + Math.Max(1, t / 2);

    /// <summary>Carves a first plan, trying counts in the model's order from this restart's starting point.</summary>
    public int Construct() => Construct(0, out _);

    /// <summary>
    /// Carves a first plan, trying counts in this restart's order from its <paramref name="fromTry"/>-th entry. When a
    /// count preference is set and the preferred count (the first tried) cannot be carved within the bounds, it is
    /// carved with relaxed bounds instead (<paramref name="relaxed"/>) for the search to repair: random spanning trees
    /// rarely reach counts whose consortia must be nearly full, which is exactly where "fewest" lies.
    /// </summary>
    private int Construct(int fromTry, out bool relaxed)
    {
        var m = _m;
        relaxed = false;
        _repairing = _repaired = _oscillating = false;
        var perComponent = new int[m.ComponentCount];
        var assign = new int[m.N];
        int len = m.CountOrder.Length;
        int first = m.FixedCount ? 0 : _restart % len;
        for (int t = fromTry; t < len; t = NextCountTry(t))
        {
            int k = m.CountOrder[(first + t) % len];
            if (!m.AllocateCounts(k, perComponent)) continue;
            if (_carver.Carve(perComponent, assign, _o.ConstructionAttempts, ref _rng, _mon, _mon.Token))
            {
                _state.Load(assign, k);
                _countTry = t;
                return k;
            }
            if (_mon.ShouldStop()) break;
            if (t != 0 || !m.FixedCount) continue;
            foreach (double factor in Relaxations)
            {
                if (!_carver.Carve(perComponent, assign, Math.Max(8, _o.ConstructionAttempts / 8), ref _rng, _mon, _mon.Token, factor)) continue;
                _state.Load(assign, k);
                _state.Relax(factor);
                _repairing = true;
                _countTry = t;
                relaxed = true;
                return k;
            }
            if (_mon.ShouldStop()) break;
        }
        return -1;
    }

    public RestartOutcome Run()
    {
        _runStartTicks = _restartStartTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_o.ScheduleByTime && _o.TimeLimit is { } limit)
        {
            int workers = Math.Max(1, Math.Min(_o.MaxDegreeOfParallelism ?? Environment.ProcessorCount, _o.Restarts));
            double share = limit.TotalSeconds * workers / _o.Restarts * 0.98;
            // The schedules take PolishReserve less, so the closing polish has time before the share ends.
            _polishDeadlineTicks = _restartStartTicks + Math.Max(1, (long)(share * System.Diagnostics.Stopwatch.Frequency));
            _timeShareTicks = _timeShareOriginal = Math.Max(1, (long)(share * (1 - PolishReserve) * System.Diagnostics.Stopwatch.Frequency));
        }
        var outcome = new RestartOutcome { Restart = _restart };
        if (_mon.ShouldStop()) { outcome.Reason = StopReason(); return outcome; }
        outcome.Ran = true;
        int k = Construct(0, out bool relaxed);
        if (k < 0) { outcome.Reason = _mon.ShouldStop() ? StopReason() : TerminationReason.StepBudget; return outcome; }
        _mon.PlanBuilt();
        _mon.Report(_restart, 0, _state.Objective, _state.Violation, true);
        long budget = _o.MaxSteps ?? SolverOptions.DefaultSteps(_m.N);
        long used = 0;
        // Phase 1, the count. A preferred count carved with relaxed bounds gets a share of the schedule to be repaired;
        // if it is not, the restart carves the next count within the bounds.
        if (relaxed)
        {
            outcome.Reason = Improve(budget, RepairShare);
            used += _step;
            if (!_repaired && !_mon.ShouldStop() && RecutRepair((long)(budget * RepairShare))) k = _state.K;
            else if (!_repaired && !_mon.ShouldStop())
            {
                var repairBest = (int[])_best.Clone();
                int kRepair = k;
                k = Construct(_countTry + 1, out _);
                if (k < 0)
                {
                    // No count can be carved within the bounds: the repair attempt's best plan stands (it breaks them).
                    k = kRepair;
                    Array.Copy(repairBest, _best, _m.N);
                    return Finish(outcome, k, used);
                }
                _mon.Report(_restart, 0, _state.Objective, _state.Violation, true);
            }
        }
        // "Fewest": from a plan within the bounds, dissolve the smallest consortium not yet tried into its neighbours and
        // repair, while the first half of the budget lasts (each attempt at most DissolveShare of it); a failed attempt
        // goes back to the plan it started from.
        if (_m.Problem.Rules.CountPreference == CountPreference.Fewest)
        {
            var tried = new bool[k];
            while (used < budget / 2 && !_mon.ShouldStop())
            {
                var kept = (int[])_state.Assign.Clone();
                if (!Dissolve(k, tried)) break;
                if (_timeShareTicks > 0) PhaseClock(DissolveShare);
                outcome.Reason = Improve(Math.Max(1, (long)(budget * DissolveShare)), 1.0);
                used += _step;
                if (_repaired) { k--; Array.Clear(tried); continue; }
                if (!_mon.ShouldStop() && RecutRepair((long)(budget * DissolveShare))) { k = _state.K; Array.Clear(tried); continue; }
                LoadPlan(kept, k);
                Array.Copy(kept, _best, _m.N);
            }
        }
        // "Most": from a plan within the bounds, split the largest consortia in two while cuts meeting every rule exist,
        // improve for a while, and repeat while splits happen and the first half of the budget lasts.
        if (_m.Problem.Rules.CountPreference == CountPreference.Most && _state.Violation <= RuleCheck.Tolerance)
        {
            while (used < budget / 2 && !_mon.ShouldStop())
            {
                var tried = new bool[_m.KMax + 1];
                int splits = 0;
                while (k < _m.KMax && Split(k, tried)) { k++; splits++; }
                if (splits == 0) break;
                if (_timeShareTicks > 0) PhaseClock(DissolveShare);
                outcome.Reason = Improve(Math.Max(1, (long)(budget * DissolveShare)), double.PositiveInfinity);
                used += _step;
            }
        }
        // Phase 2: improve the plan with the rest of the budget, at least half of it, on a fresh schedule.
        if (used > 0 && _mon.ShouldStop()) return Finish(outcome, k, used);
        if (_timeShareTicks > 0 && used > 0) FinalClock();
        outcome.Reason = Improve(used == 0 ? budget : Math.Max(budget - used, budget / 2), double.PositiveInfinity);
        used += _step;
        return Finish(outcome, k, used);
    }

    /// <summary>
    /// After a repair schedule that left a consortium outside the population bounds: re-cuts groups of neighbouring
    /// consortia of its best plan exactly (<see cref="NeighbourRecut"/>), which can pass the excess on to consortia with
    /// room. When every consortium then meets the bounds, the plan is loaded as repaired and becomes the best plan (true);
    /// otherwise nothing changes but the loaded state, which the caller replaces. The enumeration may take <see cref="RepairPolishSteps"/> per step
    /// of the repair's schedule (<paramref name="scheduled"/>; the schedule itself may have ended sooner).
    /// </summary>
    private bool RecutRepair(long scheduled)
    {
        if (_logging) Materialise();
        var plan = (int[])_best.Clone();
        int k = _recut.Polish(plan, _state.K, PolishNodes(RepairPolishSteps, scheduled), _mon.ShouldStop);
        LoadPlan(plan, k);
        if (!_state.WithinAreaBounds()) return false;
        // The repaired plan is the restart's best from here (it may also have fewer consortia than the relaxed one).
        Array.Copy(plan, _best, _m.N);
        _repaired = true;
        return true;
    }

    /// <summary>Fills the outcome from the best plan (count <paramref name="k"/>) and the counters.</summary>
    private RestartOutcome Finish(RestartOutcome outcome, int k, long used)
    {
        // Exact re-cuts of small groups of neighbouring consortia (NeighbourRecut) make the plan a local optimum for them.
        if (!PolishShouldStop()) k = _recut.Polish(_best, k, PolishNodes(PolishSteps, used), PolishShouldStop);
        outcome.K = k;
        outcome.Assign = (int[])_best.Clone();
        var (obj, viol) = FullScoreCalculator.Score(_m, outcome.Assign, k);
        outcome.Objective = obj;
        outcome.Violation = viol;
        if (_pool is not null)
        {
            _pool.OfferPlan(outcome.Assign, k);
            outcome.Pool = new List<int[]>(_pool.Count);
            outcome.PoolIds = new List<(ulong, int)>(_pool.Count);
            _pool.CopyTo(outcome.Pool, outcome.PoolIds);
        }
        outcome.Steps = used;
        outcome.MovesEvaluated = _moves; outcome.MovesAccepted = _movesAccepted;
        outcome.RecomSteps = _recom; outcome.RecomAccepted = _recomAccepted;
        outcome.RecomSeconds = _recomTicks / (double)System.Diagnostics.Stopwatch.Frequency;
        outcome.MoveSeconds = Math.Max(0, _improveTicks - _recomTicks) / (double)System.Diagnostics.Stopwatch.Frequency;
        _mon.Report(_restart, 0, obj.Total, viol, true);
        return outcome;
    }

    /// <summary>Enumeration steps for a polish: <paramref name="perStep"/> per search step taken (<paramref name="steps"/>;
    /// saturating), so a restart cut short by a stall limit polishes less.</summary>
    private static long PolishNodes(long perStep, long steps) => Math.Min(Math.Max(steps, 1), long.MaxValue / perStep) * perStep;

    /// <summary>Whether the polish must stop: the solve is stopping, or (time-scheduled) the restart's share is spent.</summary>
    private bool PolishShouldStop() =>
        _mon.ShouldStop() || (_polishDeadlineTicks > 0 && System.Diagnostics.Stopwatch.GetTimestamp() > _polishDeadlineTicks);

    /// <summary>Time-scheduled runs: the next schedule gets <paramref name="share"/> of the restart's time share.</summary>
    private void PhaseClock(double share)
    {
        _timeShareTicks = Math.Max(1, (long)(share * _timeShareOriginal));
        _runStartTicks = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Time-scheduled runs: the last schedule gets the rest of the restart's time share, at least half of it.</summary>
    private void FinalClock()
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        _timeShareTicks = Math.Max(_timeShareOriginal / 2, _timeShareOriginal - (now - _restartStartTicks));
        _runStartTicks = now;
    }

    /// <summary>Loads a plan within the bounds (no repair, no oscillation yet).</summary>
    private void LoadPlan(int[] assign, int k)
    {
        _state.Load(assign, k);
        _repairing = _repaired = _oscillating = false;
    }

    /// <summary>
    /// Dissolves the consortium with the fewest patients (not in <paramref name="tried"/>, which it joins; holding no
    /// locked practice; in an area with more consortia than its fewest) into its neighbours: its practices join neighbouring consortia one layer at a time, each the lightest
    /// one it touches, so every consortium stays contiguous. The plan of <paramref name="k"/> − 1 consortia is loaded with
    /// bounds relaxed just enough to hold it, for the search to repair. False when no consortium can be dissolved.
    /// Runs a few times per restart, off the move loop.
    /// </summary>
    private bool Dissolve(int k, bool[] tried)
    {
        var st = _state;
        var m = _m;
        if (k <= m.KMin) return false; // the fewest the rules allow, count bounds included
        var assign = st.Assign;
        var perArea = new int[m.ComponentCount];
        for (int c = 0; c < k; c++) perArea[st.AreaOf(c)]++;
        int victim = -1;
        for (int c = 0; c < k; c++)
        {
            int area = st.AreaOf(c);
            if (tried[c] || perArea[area] <= m.CompKMin[area] || st.Sums[c].LockUnits > 0) continue;
            if (victim < 0 || st.Sums[c].P < st.Sums[victim].P) victim = c;
        }
        if (victim < 0) return false;
        tried[victim] = true;
        var next = (int[])assign.Clone();
        var load = new double[k];
        for (int c = 0; c < k; c++) load[c] = st.Sums[c].P;
        var members = new List<int>();
        for (int v = 0; v < m.N; v++) if (assign[v] == victim) members.Add(v);
        var joined = new List<(int Practice, int Consortium)>();
        while (members.Count > 0)
        {
            // One layer: every remaining member touching another consortium joins the lightest of them.
            joined.Clear();
            foreach (int v in members)
            {
                int to = -1;
                for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
                {
                    int l = next[m.Targets[e]];
                    if (l != victim && (to < 0 || load[l] < load[to])) to = l;
                }
                if (to >= 0) joined.Add((v, to));
            }
            if (joined.Count == 0) return false; // cannot happen in a connected area with k > 1
            foreach (var (v, to) in joined) { next[v] = to; load[to] += m.P[v]; }
            members.RemoveAll(v => next[v] != victim);
        }
        double factor = 1;
        for (int c = 0; c < k; c++)
        {
            if (c == victim) continue;
            factor = Math.Max(factor, load[c] / m.CompMax[st.AreaOf(c)]);
        }
        // Labels stay dense: the last consortium takes the dissolved one's label.
        if (victim != k - 1)
            for (int v = 0; v < m.N; v++) if (next[v] == k - 1) next[v] = victim;
        LoadPlan(next, k - 1);
        st.Relax(factor * (1 + 1e-9));
        _repairing = true;
        return true;
    }

    /// <summary>
    /// "Most": splits the consortium with the most patients (not in <paramref name="tried"/>, which it joins; no locked
    /// practice; in an area with fewer consortia than its most) in two along random spanning trees of its practices: of
    /// the cuts whose two sides meet the population bounds and break no rule the consortium did not already break, the
    /// most compact wins, and the plan of <paramref name="k"/> + 1 consortia is loaded. Tries the next largest when a
    /// consortium has no such cut; false when none has. Off the move loop.
    /// </summary>
    private bool Split(int k, bool[] tried)
    {
        var st = _state;
        var m = _m;
        var perArea = new int[m.ComponentCount];
        for (int c = 0; c < k; c++) perArea[st.AreaOf(c)]++;
        var tree = st.Tree;
        var members = new int[m.N];
        while (true)
        {
            int victim = -1;
            for (int c = 0; c < k; c++)
            {
                int area = st.AreaOf(c);
                if (tried[c] || perArea[area] >= m.CompKMax[area] || st.Sums[c].LockUnits > 0 || st.Sums[c].P < 2 * m.CompMin[area]) continue;
                if (victim < 0 || st.Sums[c].P > st.Sums[victim].P) victim = c;
            }
            if (victim < 0) return false;
            tried[victim] = true;
            int n = 0;
            for (int v = 0; v < m.N; v++) if (st.Assign[v] == victim) members[n++] = v;
            int comp = st.AreaOf(victim);
            double min = m.CompMin[comp] * (1 - 1e-12), max = m.CompMax[comp] * (1 + 1e-12);
            double before = ScoreTerms.Violation(st.Sums[victim], m), inv = 1.0 / (k + 1);
            // Tags below every stamp PartitionState and the carver use, so they never collide.
            const int Tag = int.MinValue;
            for (int i = 0; i < n; i++) tree.RegionTag[members[i]] = Tag;
            int[]? best = null;
            double bestObj = double.MaxValue;
            for (int draw = 0; draw < SplitTrees; draw++)
            {
                if (!tree.Draw(members, 0, n, Tag, ref _rng)) break;
                ref readonly var total = ref tree.Sub[tree.Root];
                int cut = -1;
                double cutObj = bestObj;
                for (int i = 0; i < n; i++)
                {
                    if (i == tree.Root) continue;
                    ref readonly var sub = ref tree.Sub[i];
                    var rest = ConsortiumSums.Difference(total, sub);
                    if (sub.P < min || sub.P > max || rest.P < min || rest.P > max) continue;
                    if (ScoreTerms.Violation(sub, m) + ScoreTerms.Violation(rest, m) > before + ViolationSlack) continue;
                    double o = ScoreTerms.Objective(sub, m, inv) + ScoreTerms.Objective(rest, m, inv);
                    if (o < cutObj) { cutObj = o; cut = i; }
                }
                if (cut < 0) continue;
                tree.MarkSubtree(cut);
                best ??= new int[n];
                for (int i = 0; i < n; i++) best[i] = tree.InSub[i];
                bestObj = cutObj;
            }
            for (int i = 0; i < n; i++) tree.RegionTag[members[i]] = 0;
            if (best is null) continue;
            var next = (int[])st.Assign.Clone();
            for (int i = 0; i < n; i++) if (best[i] == 1) next[members[i]] = k;
            LoadPlan(next, k + 1);
            return true;
        }
    }

    /// <summary>Whether the search oscillates across the population bounds once it meets them (see <see cref="OscillationBounds"/>).</summary>
    /// <remarks>Only without balance or share rules: with them, a plan that meets every rule is costly to regain (measured on
    /// bundled England at ±10%: objective 1,641 oscillating against 1,115 staying feasible, in 30 s), while without them
    /// oscillation helps at every size (bundled England, 10 s: 62.2 against 67.4).</remarks>
    private bool Oscillates => !(_m.BalanceRules || _m.ShareRule);

    private TerminationReason StopReason() => _mon.Token.IsCancellationRequested ? TerminationReason.Cancelled : TerminationReason.TimeLimit;

    /// <summary>Simulated annealing from the loaded plan for at most <paramref name="maxSteps"/> steps; leaves the best plan in _best.</summary>
    public TerminationReason Improve(long maxSteps) => Improve(maxSteps, double.PositiveInfinity);

    /// <summary>
    /// As <see cref="Improve(long)"/>; while the state's bounds are relaxed it restores them as soon as every consortium
    /// meets them, and gives up (returning with the bounds still relaxed) once the schedule passes
    /// <paramref name="repairUntil"/> (a share of it) without that.
    /// </summary>
    private TerminationReason Improve(long maxSteps, double repairUntil)
    {
        var st = _state;
        double t0 = EstimateTemperature();
        double logRatio = Math.Log(EndRatio);
        double lambda0 = Math.Max(LambdaStart * t0, 1e-12);
        _lambda = lambda0;
        _temperature = t0;
        _meanAbsDelta = t0;
        _bestObj = st.Objective; _bestViol = st.Violation;
        _logging = true; _logLen = 0;
        _lastImprovement = 0;
        long reported = 0;
        long stall = _o.StallLimit ?? long.MaxValue;
        double recomShare = _o.RecomShare;
        double repairShare = Math.Max(recomShare, _o.RepairRecomShare);
        var reason = TerminationReason.StepBudget;
        bool polishing = false;
        long startTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        for (_step = 0; _step < maxSteps; _step++)
        {
            if ((_step & 1023) == 0)
            {
                // Pool collection reads the state only (O(k) lookups, members materialised only for new valid consortia).
                if ((_step & 4095) == 0) _pool?.OfferAll(st);
                // The temperature follows the typical size of a penalised move, so it stays meaningful while λ adapts.
                double progress = (double)_step / maxSteps;
                if (_timeShareTicks > 0)
                {
                    double byTime = (System.Diagnostics.Stopwatch.GetTimestamp() - _runStartTicks) / (double)_timeShareTicks;
                    if (byTime >= 1) { reason = TerminationReason.TimeLimit; break; }
                    progress = Math.Max(progress, byTime);
                }
                if (_repairing)
                {
                    // Repaired: end this schedule, so the plan is improved by a fresh one (Run), not by the tail of this one.
                    if (st.TryTighten()) { _repairing = false; _repaired = true; break; }
                    if (progress >= repairUntil) break;
                }
                if (_oscillating && progress >= PolishFrom)
                {
                    // The end of the schedule polishes the best plan within the bounds, instead of wandering outside them.
                    if (_logging) Materialise();
                    st.Load(_best, st.K);
                    _oscillating = false;
                    polishing = true;
                    _logging = true; _logLen = 0;
                    _bestObj = st.Objective; _bestViol = st.Violation;
                }
                if (!_repairing && !_oscillating && !polishing && Oscillates && st.Violation <= RuleCheck.Tolerance)
                {
                    st.Relax(OscillationBounds);
                    _oscillating = true;
                }
                _temperature = Math.Max(_meanAbsDelta, 1e-300) * StartFactor * Math.Exp(logRatio * progress);
                if (st.Violation > RuleCheck.Tolerance) _lambda = Math.Min(_lambda * LambdaUp, lambda0 * 1e6);
                else _lambda = Math.Max(_lambda / LambdaDown, lambda0 * 1e-3);
                if ((_step & 4095) == 0 && _step > 0)
                {
                    if (_mon.ShouldStop()) { reason = StopReason(); break; }
                    if ((_step & 65535) == 0)
                    {
                        st.Resync();
                        _mon.Report(_restart, _step - reported, _bestObj, _bestViol, _improvedSinceReport);
                        reported = _step;
                        _improvedSinceReport = false;
                    }
                }
                if (_step - _lastImprovement > stall) { reason = TerminationReason.Stalled; break; }
                if (st.BoundaryCount == 0) break; // a single consortium per area: nothing can move
            }
            // ReCom is what repairs balance (it can re-cut two whole consortia at once), so it runs more while a rule is unmet.
            bool feasible = st.Violation <= RuleCheck.Tolerance;
            // Lexicographic once feasible (a move that would break a rule is refused outright), unless oscillating.
            bool strict = feasible && !_oscillating;
            double share = feasible ? recomShare : repairShare;
            if ((_repairing || _oscillating) && !feasible && _m.N <= ChainMaxPractices && _rng.NextDouble() < ChainShare)
            {
                if (_rng.NextDouble() < 0.5) EjectionChain(); else SwapRepair();
                continue;
            }
            if (share > 0 && _rng.NextDouble() < share)
            {
                long t = System.Diagnostics.Stopwatch.GetTimestamp();
                RecomStep(feasible, strict);
                _recomTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t;
                continue;
            }
            // Boundary move: a random boundary practice to the consortium of a neighbour in another consortium.
            if (!PickBoundaryPair(out int v, out int b) || !st.BoundsAllowMove(v, b)) continue;
            st.EvaluateMove(v, b, out double dObj, out double dViol, out double dGuide);
            _moves++;
            if (strict && dViol > ViolationSlack) continue;
            double d = strict ? dObj : dObj + _lambda * (dViol + (feasible ? 0 : GuideWeight * dGuide));
            _meanAbsDelta += (Math.Abs(d) - _meanAbsDelta) * (1.0 / 1024);
            if (d > 0 && _rng.NextDouble() >= Math.Exp(-d / _temperature)) continue;
            if (!st.CanLeave(v)) continue;
            bool better = BeforeApply(st.Objective + dObj, st.Violation + dViol);
            if (!better && _logging) { _logV[_logLen] = v; _logL[_logLen] = st.Assign[v]; _logLen++; }
            st.ApplyMove(v, b, dObj, dViol);
            _movesAccepted++;
            AfterApply(better);
        }
        _improveTicks += System.Diagnostics.Stopwatch.GetTimestamp() - startTicks;
        _mon.Report(_restart, _step - reported, _bestObj, _bestViol, _improvedSinceReport);
        if (_logging) Materialise();
        return reason;
    }

    private void RecomStep(bool feasible, bool strict)
    {
        var st = _state;
        {
            if (!PickBoundaryPair(out int v, out int b)) return;
            if (!feasible && _rng.NextDouble() < TargetedShare) PickRepairPair(ref v, ref b);
            int a = st.Assign[v];
            _recom++;
            double guide = feasible ? 0 : GuideWeight;
            if (!st.ProposeRecom(v, a, b, _lambda, guide, strict, ref _rng, out double dObj, out double dViol, out double dGuide)) return;
            if (strict && dViol > ViolationSlack) return;
            double d = strict ? dObj : dObj + _lambda * (dViol + guide * dGuide);
            if (d > 0 && _rng.NextDouble() >= Math.Exp(-d / _temperature)) return;
            bool better = BeforeApply(st.Objective + dObj, st.Violation + dViol);
            if (!better && _logging)
            {
                var tree = st.Tree;
                for (int i = 0; i < tree.Count; i++) { int w = tree.Verts[i]; _logV[_logLen] = w; _logL[_logLen] = st.Assign[w]; _logLen++; }
            }
            st.ApplyRecom(a, b, dObj, dViol);
            _pool?.OfferRecom(st, a, b);
            _recomAccepted++;
            AfterApply(better);
            return;
        }
    }

    /// <summary>
    /// Ejection chain for population excess: from a random over-full consortium, moves a boundary practice to a neighbour
    /// one hop nearer (in the consortium adjacency graph) to a consortium with room, then from that neighbour onwards,
    /// until a consortium with room takes the last practice. Each move keeps contiguity and the allowed bounds; at every
    /// hop the practice is the one whose move best trades the objective against the excess left behind. The chain is
    /// accepted or reverted as one move by the annealing test on its penalised delta.
    /// </summary>
    private void EjectionChain()
    {
        var st = _state;
        var m = _m;
        int k = st.K;
        int start = RandomOverFull();
        if (start < 0) return;
        if (_cDist.Length < k) { _cAdj = new int[k * k]; _cDist = new int[k]; _cQueue = new int[k]; _cStamp = 0; }
        if (++_cStamp == int.MaxValue) { Array.Clear(_cAdj); _cStamp = 1; }
        int stamp = _cStamp;
        int[] off = m.Offsets, tgt = m.Targets;
        var assign = st.Assign;
        for (int i = 0; i < st.BoundaryCount; i++)
        {
            int v = st.Boundary[i], a = assign[v];
            for (int e = off[v]; e < off[v + 1]; e++) { int l = assign[tgt[e]]; if (l != a) _cAdj[a * k + l] = stamp; }
        }
        // Hops to the nearest consortium with room (multi-source search).
        int head = 0, tail = 0;
        for (int c = 0; c < k; c++)
        {
            if (st.Sums[c].P < m.CompMax[st.AreaOf(c)] * (1 - 1e-9)) { _cDist[c] = 0; _cQueue[tail++] = c; }
            else _cDist[c] = int.MaxValue;
        }
        while (head < tail)
        {
            int c = _cQueue[head++];
            for (int l = 0; l < k; l++)
                if (_cAdj[c * k + l] == stamp && _cDist[l] == int.MaxValue) { _cDist[l] = _cDist[c] + 1; _cQueue[tail++] = l; }
        }
        if (_cDist[start] == int.MaxValue) return;
        int len = 0, cur = start;
        double dObjSum = 0, dViolSum = 0;
        int logStart = _logLen;
        bool logging = _logging;
        while (len < ChainDepth)
        {
            double max = m.CompMax[st.AreaOf(cur)];
            double pc = st.Sums[cur].P;
            if (pc <= max * (1 + 1e-12)) break;
            int dc = _cDist[cur];
            int bestV = -1, bestTo = -1;
            double bestKey = double.MaxValue;
            int n = st.BoundaryCount, from = _rng.NextInt(n);
            for (int i = 0; i < n; i++)
            {
                int j = from + i;
                if (j >= n) j -= n;
                int v = st.Boundary[j];
                if (assign[v] != cur) continue;
                double p = m.P[v];
                for (int e = off[v]; e < off[v + 1]; e++)
                {
                    int y = assign[tgt[e]];
                    if (y == cur) continue;
                    // Towards room; once at a consortium that had room but overflows, on to another one (not yet in the chain).
                    if (dc > 0 ? _cDist[y] != dc - 1 : _cDist[y] != 0 || InChain(y, len)) continue;
                    if (!st.BoundsAllowMove(v, y)) continue;
                    // Excess left after the hop, in cur and in y (y's is passed on or, at the end, stays).
                    double maxY = m.CompMax[st.AreaOf(y)];
                    double left = Math.Max(0, pc - p - max) / max + Math.Max(0, st.Sums[y].P + p - maxY) / maxY;
                    double key = _lambda * left;
                    if (key > bestKey) continue;
                    st.EvaluateMove(v, y, out double dObj, out _);
                    key += dObj;
                    if (key < bestKey && st.CanLeave(v)) { bestKey = key; bestV = v; bestTo = y; }
                }
            }
            if (bestV < 0) break;
            st.EvaluateMove(bestV, bestTo, out double dO, out double dV);
            if (logging) { _logV[_logLen] = bestV; _logL[_logLen] = cur; _logLen++; }
            _chainV[len] = bestV; _chainFrom[len] = cur; len++;
            st.ApplyMove(bestV, bestTo, dO, dV);
            dObjSum += dO; dViolSum += dV;
            cur = bestTo;
        }
        if (len == 0) return;
        _moves += len;
        double d = dObjSum + _lambda * dViolSum;
        if (d <= 0 || _rng.NextDouble() < Math.Exp(-d / _temperature))
        {
            _movesAccepted += len;
            AfterApply(new Score(st.Violation, st.Objective).IsBetterThan(new Score(_bestViol, _bestObj)));
            return;
        }
        // Rejected: undo newest first (each undo is the reverse of a move that kept contiguity, so it keeps it too).
        for (int i = len - 1; i >= 0; i--) st.Move(_chainV[i], _chainFrom[i]);
        if (logging) _logLen = logStart;
    }

    /// <summary>
    /// Swap for a small population excess, which single moves cannot fix when every practice is larger than the room
    /// around: an over-full consortium A gives a boundary practice v to a neighbour B and takes back a practice w of B
    /// that touches A, with p(v) − p(w) at least A's excess and at most B's room (and A's room above its minimum). Contiguity is checked for each half;
    /// the pair is accepted or undone as one move by the annealing test. Picks the pair with the best objective among
    /// those that fit, scanning the boundary once.
    /// </summary>
    private void SwapRepair()
    {
        var st = _state;
        var m = _m;
        int k = st.K;
        var assign = st.Assign;
        int[] off = m.Offsets, tgt = m.Targets;
        int a = RandomOverFull();
        if (a < 0) return;
        double maxA = m.CompMax[st.AreaOf(a)], excess = st.Sums[a].P - maxA;
        // A keeps at least the area's minimum: it may give away at most this much more than it takes back.
        double slackA = st.Sums[a].P - m.CompMin[st.AreaOf(a)];
        int n = st.BoundaryCount, from = _rng.NextInt(Math.Max(1, n));
        int bestV = -1, bestW = -1, bestB = -1;
        double bestObj = double.MaxValue;
        for (int i = 0; i < n; i++)
        {
            int j = from + i;
            if (j >= n) j -= n;
            int w = st.Boundary[j], b = assign[w];
            if (b == a || m.Lock[w] >= 0) continue;
            double room = m.CompMax[st.AreaOf(b)] - st.Sums[b].P;
            // w must touch A; v is an A-practice next to w (so v touches B).
            for (int e = off[w]; e < off[w + 1]; e++)
            {
                int v = tgt[e];
                if (assign[v] != a || m.Lock[v] >= 0) continue;
                double diff = m.P[v] - m.P[w];
                if (diff < excess || diff > room || diff > slackA) continue;
                double dObj = SwapObjective(v, w, a, b);
                if (dObj < bestObj) { bestObj = dObj; bestV = v; bestW = w; bestB = b; }
            }
        }
        if (bestV < 0 || !st.CanLeave(bestV)) return;
        st.EvaluateMove(bestV, bestB, out double dO1, out double dV1);
        st.ApplyMove(bestV, bestB, dO1, dV1);
        bool touches = false;
        for (int e = off[bestW]; e < off[bestW + 1] && !touches; e++) touches = assign[tgt[e]] == a;
        if (!touches || !st.CanLeave(bestW))
        {
            st.Move(bestV, a);
            return;
        }
        st.EvaluateMove(bestW, a, out double dO2, out double dV2);
        _moves += 2;
        double d = dO1 + dO2 + _lambda * (dV1 + dV2);
        if (d > 0 && _rng.NextDouble() >= Math.Exp(-d / _temperature))
        {
            st.Move(bestV, a);
            return;
        }
        bool better = BeforeApply(st.Objective + dO2, st.Violation + dV2);
        if (!better && _logging)
        {
            _logV[_logLen] = bestV; _logL[_logLen] = a; _logLen++;
            _logV[_logLen] = bestW; _logL[_logLen] = bestB; _logLen++;
        }
        st.ApplyMove(bestW, a, dO2, dV2);
        _movesAccepted += 2;
        AfterApply(better);
    }

    /// <summary>A consortium above its area's maximum, drawn uniformly (reservoir over the consortia); −1 when none is.</summary>
    private int RandomOverFull()
    {
        var st = _state;
        int pick = -1, over = 0;
        for (int c = 0; c < st.K; c++)
            if (st.Sums[c].P > _m.CompMax[st.AreaOf(c)] * (1 + 1e-12) && _rng.NextInt(++over) == 0) pick = c;
        return pick;
    }

    /// <summary>Objective change of swapping v (in a) and w (in b), from the running sums, without applying anything
    /// (used to choose the pair; the acceptance test scores the two moves in full).</summary>
    private double SwapObjective(int v, int w, int a, int b)
    {
        var m = _m;
        var sa = _state.Sums[a];
        sa.Remove(m, v); sa.Add(m, w);
        var sb = _state.Sums[b];
        sb.Remove(m, w); sb.Add(m, v);
        // The consortia's own objective terms (disruption, a whole-plan term, is left out).
        double inv = _state.InvK;
        return ScoreTerms.Objective(sa, m, inv) + ScoreTerms.Objective(sb, m, inv)
            - ScoreTerms.Objective(_state.Sums[a], m, inv) - ScoreTerms.Objective(_state.Sums[b], m, inv);
    }

    /// <summary>Whether consortium <paramref name="c"/> was left by one of the chain's first <paramref name="len"/> moves.</summary>
    private bool InChain(int c, int len)
    {
        for (int i = 0; i < len; i++) if (_chainFrom[i] == c) return true;
        return false;
    }

    /// <summary>
    /// Repair targeting: among a few sampled adjacent pairs that include a consortium breaking a rule, the one whose
    /// merged means lie nearest the area's (a deprived consortium with an affluent neighbour), since only such a pair
    /// can be re-cut into two balanced halves. Keeps (v, b) when no sample breaks a rule.
    /// </summary>
    private void PickRepairPair(ref int v, ref int b)
    {
        var st = _state;
        var m = _m;
        double bestKey = double.MaxValue;
        int bv = v, bb = b;
        for (int t = 0; t < PairSamples * 2; t++)
        {
            int a = st.Assign[v];
            if (st.ViolTerm[a] > 0 || st.ViolTerm[b] > 0)
            {
                var merged = st.Sums[a];
                merged.Add(st.Sums[b]);
                double key = ScoreTerms.WorstZ(merged, m) - 1e-3 * (st.ViolTerm[a] + st.ViolTerm[b]);
                if (key < bestKey) { bestKey = key; bv = v; bb = b; }
                if (t >= PairSamples && bestKey < double.MaxValue) break;
            }
            if (!PickBoundaryPair(out v, out b)) break;
        }
        v = bv; b = bb;
    }

    /// <summary>A uniformly random boundary practice and the consortium of one of its other-consortium neighbours
    /// (scanning cyclically from a random neighbour).</summary>
    private bool PickBoundaryPair(out int v, out int b)
    {
        var st = _state;
        b = -1;
        v = -1;
        if (st.BoundaryCount == 0) return false;
        v = st.Boundary[_rng.NextInt(st.BoundaryCount)];
        int[] off = _m.Offsets, tgt = _m.Targets;
        int o = off[v], deg = off[v + 1] - o;
        int a = st.Assign[v];
        int start = _rng.NextInt(deg);
        for (int i = 0; i < deg; i++)
        {
            int j = start + i;
            if (j >= deg) j -= deg;
            int l = st.Assign[tgt[o + j]];
            if (l != a) { b = l; return true; }
        }
        return false;
    }

    // Violation increases below this count as none (floating noise in the incremental sums).
    private const double ViolationSlack = Score.Rounding;

    private bool BeforeApply(double newObj, double newViol) => new Score(newViol, newObj).IsBetterThan(new Score(_bestViol, _bestObj));

    private void AfterApply(bool better)
    {
        if (better)
        {
            _bestObj = _state.Objective;
            _bestViol = _state.Violation;
            _lastImprovement = _step;
            _improvedSinceReport = true;
            _logging = true;
            _logLen = 0;
        }
        else if (_logging && _logLen > _m.N) Materialise();
    }

    /// <summary>Writes the best plan into _best: the current plan with the logged moves undone, newest first.</summary>
    private void Materialise()
    {
        Array.Copy(_state.Assign, _best, _m.N);
        for (int i = _logLen - 1; i >= 0; i--) _best[_logV[i]] = _logL[i];
        _logging = false;
        _logLen = 0;
    }

    private double EstimateTemperature()
    {
        var st = _state;
        double sum = 0;
        int count = 0;
        // An oscillating search crosses the bounds, so every boundary move shows its scale (in a plan of nearly full
        // consortia, the moves within the bounds may be too few to measure).
        bool anyMove = Oscillates;
        for (int i = 0; i < 2000 && count < 200; i++)
        {
            if (!PickBoundaryPair(out int v, out int b) || !(anyMove || st.BoundsAllowMove(v, b))) continue;
            st.EvaluateMove(v, b, out double dObj, out _);
            sum += Math.Abs(dObj);
            count++;
        }
        double t = count > 0 ? sum / count : 0;
        if (!(t > 0)) t = Math.Max(1e-12, Math.Abs(st.Objective) * 1e-6 / Math.Max(1, st.K));
        return t;
    }
}
