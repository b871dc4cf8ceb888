using System.Globalization;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The problem flattened for the search: CSR adjacency, per-practice contributions to the running sums, connected
/// areas with their effective population bounds and allowed consortium counts, dense lock and group ids, and the
/// area-wide means the balance rules measure against. Built once per solve by <see cref="Build"/>, which also runs the
/// pre-solve checks; read-only afterwards and shared by all restarts.
/// </summary>
internal sealed class SearchModel
{
    public required Problem Problem { get; init; }
    public int N;
    public int[] Offsets = null!, Targets = null!;
    /// <summary>For edge e = (v, w), the index of the reverse edge (w, v) in <see cref="Targets"/>.</summary>
    public int[] Reverse = null!;
    public double[] P = null!, Px = null!, Py = null!, Pq = null!, DepW = null!, DepPd = null!, SpendW = null!, SpendS = null!, DeprivedP = null!, LockUnit = null!;
    public ulong[] LockHash = null!;
    /// <summary>
    /// Each practice's contribution to the running sums as one record (Count 1), so adding or removing a practice reads
    /// one or two cache lines instead of eleven arrays: the boundary-move loop picks practices at random.
    /// </summary>
    public ConsortiumSums[] Unit = null!;
    public int[] Lock = null!;          // effective lock id per practice, -1 free
    public int LockCount;
    public int[] LockNameOf = null!;    // effective lock id -> index into Problem.LockNames
    public int[] Group = null!;         // dense existing-group id, -1 none
    public int GroupCount;
    public double[] GroupPatients = null!;
    public double GroupedPatients;
    public int[] Component = null!;
    public int ComponentCount;
    public double[] CompPatients = null!, CompMin = null!, CompMax = null!;
    public int[] CompKMin = null!, CompKMax = null!, CompSize = null!, CompSample = null!;
    public double TotalP;
    /// <summary>The area's figures and the one rule check (shared with the plan evaluation and the exact models).</summary>
    public AreaBaseline Area = null!;
    public RuleCheck Check = null!;
    public double RuleMin, RuleMax;
    public bool DepRule, SpendRule, ShareRule;
    public double DepMean, SpendMean, DepScale, SpendScale, DepTol, SpendTol, MinShare, DeprivationMedian;
    public double SpreadWeight, DisruptionWeight;
    /// <summary>1 / allowed deviation (0 when the rule is off or has no tolerance) and allowed deviation / area mean.</summary>
    public double DepInvTol, SpendInvTol, DepTolRel, SpendTolRel;
    /// <summary>True when a deprivation or spend rule is set (search guidance and balance-aware carving apply).</summary>
    public bool BalanceRules;
    public int KMin, KMax;
    public int[] CountOrder = null!;
    public bool FixedCount;

    /// <summary>Mean consortium size, as a share of the maximum, that the count search starts from when balance rules are set.</summary>
    public const double BalancedFill = 0.88;

    private static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public string DescribeComponent(int c) =>
        $"connected area #{c} ({CompSize[c]} practice{(CompSize[c] == 1 ? "" : "s")}, {N0(CompPatients[c])} patients, e.g. practice {Problem.PracticeCodes[CompSample[c]]})";

    /// <summary>Flattens <paramref name="problem"/> and appends every pre-solve finding to <paramref name="issues"/>.</summary>
    public static SearchModel Build(Problem problem, SolveMode mode, List<Infeasibility> issues)
    {
        var rules = problem.Rules;
        int n = problem.PracticeCount;
        var m = new SearchModel { Problem = problem, N = n };
        m.Offsets = problem.Graph.Offsets.ToArray();
        m.Targets = problem.Graph.Targets.ToArray();
        m.Reverse = new int[m.Targets.Length];
        for (int v = 0; v < n; v++)
            for (int e = m.Offsets[v]; e < m.Offsets[v + 1]; e++)
            {
                int w = m.Targets[e];
                int r = Array.BinarySearch(m.Targets, m.Offsets[w], m.Offsets[w + 1] - m.Offsets[w], v);
                m.Reverse[e] = r >= 0 ? r : throw new ArgumentException($"The practice graph is not symmetric: practice {problem.PracticeCodes[v]} lists {problem.PracticeCodes[w]} as a neighbour but not the other way round.");
            }
        m.RuleMin = rules.MinPatients;
        m.RuleMax = rules.MaxPatients;
        if (!(rules.MinPatients > 0) || !(rules.MaxPatients >= rules.MinPatients))
            throw new ArgumentException($"Population bounds must satisfy 0 < minimum <= maximum; got minimum {rules.MinPatients} and maximum {rules.MaxPatients}.");
        for (int i = 0; i < n; i++)
        {
            if (!(problem.Patients[i] > 0) || double.IsInfinity(problem.Patients[i]))
                throw new ArgumentException($"Practice {problem.PracticeCodes[i]} has {problem.Patients[i]} patients; every practice needs a positive list size.");
            if (!double.IsFinite(problem.X[i]) || !double.IsFinite(problem.Y[i]))
                throw new ArgumentException($"Practice {problem.PracticeCodes[i]} has no valid coordinates ({problem.X[i]}, {problem.Y[i]}).");
        }

        // Area figures (means, median, tolerances) and the patient-weighted centre.
        m.Area = AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend);
        var check = m.Check = new RuleCheck(rules, m.Area);
        double cx = 0, cy = 0;
        for (int i = 0; i < n; i++) { cx += problem.Patients[i] * problem.X[i]; cy += problem.Patients[i] * problem.Y[i]; }
        m.TotalP = m.Area.Patients;
        cx /= m.TotalP; cy /= m.TotalP;
        m.DepMean = check.DeprivationMean;
        m.SpendMean = check.SpendMean;
        m.DepScale = check.DeprivationScale;
        m.SpendScale = check.SpendScale;
        m.DepRule = check.DeprivationRule;
        m.SpendRule = check.SpendRule;
        m.DepTol = check.DeprivationAllowed;
        m.SpendTol = check.SpendAllowed;
        m.ShareRule = check.ShareRule;
        // A zero tolerance is treated as a tiny one, so guidance stays finite.
        m.DepInvTol = m.DepRule ? 1.0 / Math.Max(m.DepTol, 1e-6 * m.DepScale) : 0;
        m.SpendInvTol = m.SpendRule ? 1.0 / Math.Max(m.SpendTol, 1e-6 * m.SpendScale) : 0;
        m.DepTolRel = m.DepRule ? Math.Max(m.DepTol, 1e-6 * m.DepScale) / m.DepScale : 0;
        m.SpendTolRel = m.SpendRule ? Math.Max(m.SpendTol, 1e-6 * m.SpendScale) / m.SpendScale : 0;
        m.BalanceRules = m.DepRule || m.SpendRule;
        m.MinShare = check.MinShare;
        m.SpreadWeight = rules.SpreadWeight;
        m.DisruptionWeight = rules.DisruptionWeight;
        m.DeprivationMedian = m.Area.DeprivationMedian;

        m.P = new double[n]; m.Px = new double[n]; m.Py = new double[n]; m.Pq = new double[n];
        m.DepW = new double[n]; m.DepPd = new double[n]; m.SpendW = new double[n]; m.SpendS = new double[n]; m.DeprivedP = new double[n];
        for (int i = 0; i < n; i++)
        {
            double p = problem.Patients[i];
            double x = (problem.X[i] - cx) / 1000.0, y = (problem.Y[i] - cy) / 1000.0;
            m.P[i] = p; m.Px[i] = p * x; m.Py[i] = p * y; m.Pq[i] = p * (x * x + y * y);
            double d = problem.Deprivation[i];
            if (!double.IsNaN(d)) { m.DepW[i] = p; m.DepPd[i] = p * d; if (d > m.DeprivationMedian) m.DeprivedP[i] = p; }
            double s = problem.Spend[i];
            if (!double.IsNaN(s)) { m.SpendW[i] = p; m.SpendS[i] = s; }
        }

        // Existing groups, dense.
        m.Group = new int[n];
        var groupIds = new Dictionary<int, int>();
        var gp = new List<double>();
        for (int i = 0; i < n; i++)
        {
            int g = problem.ExistingGroup[i];
            if (g < 0) { m.Group[i] = -1; continue; }
            if (!groupIds.TryGetValue(g, out int id)) { id = groupIds.Count; groupIds.Add(g, id); gp.Add(0); }
            m.Group[i] = id;
            gp[id] += problem.Patients[i];
            m.GroupedPatients += problem.Patients[i];
        }
        m.GroupCount = groupIds.Count;
        m.GroupPatients = gp.ToArray();

        BuildComponents(m, mode, issues);
        BuildLocks(m, mode, issues);
        CheckBalance(m, issues);
        BuildCounts(m, mode, issues);
        m.Unit = new ConsortiumSums[n];
        // Fixed stream: the keys only identify member sets (pool deduplication), they never steer the search.
        var keys = new Xoshiro256(0x2087_0B15_7C0DUL);
        for (int i = 0; i < n; i++)
        {
            ref var u = ref m.Unit[i];
            u.P = m.P[i]; u.Px = m.Px[i]; u.Py = m.Py[i]; u.Pq = m.Pq[i];
            u.DepW = m.DepW[i]; u.DepPd = m.DepPd[i]; u.SpendW = m.SpendW[i]; u.Spend = m.SpendS[i]; u.DeprivedP = m.DeprivedP[i];
            u.LockUnits = m.LockUnit[i]; u.LockHash = m.LockHash[i];
            u.Key = keys.NextUInt64();
            u.Count = 1;
        }
        return m;
    }

    private static void BuildComponents(SearchModel m, SolveMode mode, List<Infeasibility> issues)
    {
        var problem = m.Problem;
        m.Component = problem.Graph.Components(out int cc);
        m.ComponentCount = cc;
        m.CompPatients = new double[cc]; m.CompMin = new double[cc]; m.CompMax = new double[cc];
        m.CompKMin = new int[cc]; m.CompKMax = new int[cc]; m.CompSize = new int[cc]; m.CompSample = new int[cc];
        var biggest = new double[cc];
        var biggestAt = new int[cc];
        Array.Fill(m.CompSample, -1);
        for (int i = 0; i < m.N; i++)
        {
            int c = m.Component[i];
            m.CompPatients[c] += m.P[i];
            m.CompSize[c]++;
            if (m.CompSample[c] < 0) m.CompSample[c] = i;
            if (m.P[i] > biggest[c]) { biggest[c] = m.P[i]; biggestAt[c] = i; }
        }
        double min = m.RuleMin, max = m.RuleMax;
        for (int c = 0; c < cc; c++)
        {
            double pc = m.CompPatients[c];
            double effMax = max;
            if (biggest[c] > max)
            {
                issues.Add(new Infeasibility(InfeasibilityKind.PracticeAboveMaximum,
                    $"Practice {problem.PracticeCodes[biggestAt[c]]} alone has {N0(biggest[c])} patients, above the maximum consortium size of {N0(max)}; no plan can hold it. Fix: raise the maximum to at least {N0(biggest[c])}.",
                    true, Component: c, SamplePracticeCode: problem.PracticeCodes[biggestAt[c]], Value: biggest[c], Limit: max));
                effMax = biggest[c];
            }
            int kmin = (int)Math.Ceiling(pc / effMax - 1e-9);
            int kmax = (int)Math.Floor(pc / min + 1e-9);
            kmin = Math.Max(kmin, 1);
            double effMin = min;
            if (kmin > kmax)
            {
                if (pc < min)
                {
                    issues.Add(new Infeasibility(InfeasibilityKind.ComponentBelowMinimum,
                        $"The {m.DescribeComponent(c)} is cut off from the rest of the study area and has fewer patients than the minimum consortium size of {N0(min)}. Fix: add a bridge joining it to a neighbouring area (e.g. a ferry link), or lower the minimum to at most {N0(pc)}.",
                        true, Component: c, SamplePracticeCode: problem.PracticeCodes[m.CompSample[c]], Value: pc, Limit: min));
                }
                else
                {
                    int k1 = Math.Max(kmax, 1), k2 = kmin;
                    issues.Add(new Infeasibility(InfeasibilityKind.ComponentNoValidCount,
                        $"The {m.DescribeComponent(c)} cannot be split into whole consortia of {N0(min)}–{N0(max)} patients: {k1} consortium{(k1 == 1 ? "" : "s")} would need at most {N0(k1 * max)} patients and {k2} would need at least {N0(k2 * min)}. Fix: raise the maximum to at least {N0(Math.Ceiling(pc / k1))}, lower the minimum to at most {N0(Math.Floor(pc / k2))}, or bridge it to a neighbouring area.",
                        true, Component: c, SamplePracticeCode: problem.PracticeCodes[m.CompSample[c]], Value: pc, Limit: min));
                }
                // Best effort: the count whose equal pieces break the bounds least, with slack for carving.
                int ka = Math.Max(1, kmax), kb = Math.Max(1, kmin);
                int k = PieceViolation(pc / ka, min, max) <= PieceViolation(pc / kb, min, max) ? ka : kb;
                if (k == 1) { effMin = Math.Min(min, pc); effMax = Math.Max(effMax, pc); }
                else { effMin = Math.Min(min, 0.8 * pc / k); effMax = Math.Max(effMax, 1.2 * pc / k); }
                kmin = kmax = k;
            }
            m.CompMin[c] = effMin; m.CompMax[c] = effMax; m.CompKMin[c] = kmin; m.CompKMax[c] = kmax;
        }
        _ = mode;
    }

    private static double PieceViolation(double size, double min, double max) =>
        Math.Max(0, min - size) / min + Math.Max(0, size - max) / max;

    private static void BuildLocks(SearchModel m, SolveMode mode, List<Infeasibility> issues)
    {
        var problem = m.Problem;
        int names = problem.LockNames.Count;
        var count = new int[names];
        var patients = new double[names];
        var comp = new int[names];
        var sample = new int[names];
        Array.Fill(comp, -1);
        var split = new bool[names];
        for (int i = 0; i < m.N; i++)
        {
            int l = problem.Locked[i];
            if (l < 0) continue;
            if (l >= names) throw new ArgumentException($"Practice {problem.PracticeCodes[i]} is locked to lock #{l}, but only {names} lock names were given.");
            if (count[l] == 0) sample[l] = i;
            count[l]++;
            patients[l] += m.P[i];
            if (comp[l] < 0) comp[l] = m.Component[i];
            else if (comp[l] != m.Component[i]) split[l] = true;
        }
        var drop = new bool[names];
        for (int l = 0; l < names; l++)
        {
            if (count[l] == 0) continue;
            string name = problem.LockNames[l];
            if (patients[l] > m.RuleMax)
            {
                issues.Add(new Infeasibility(InfeasibilityKind.LockAboveMaximum,
                    $"The practices locked to consortium \"{name}\" ({count[l]} practices, e.g. {problem.PracticeCodes[sample[l]]}) have {N0(patients[l])} patients together, above the maximum consortium size of {N0(m.RuleMax)}. Fix: unlock some of them, split the lock into two names, or raise the maximum to at least {N0(patients[l])}.",
                    true, SamplePracticeCode: problem.PracticeCodes[sample[l]], Value: patients[l], Limit: m.RuleMax));
                drop[l] = true;
            }
            if (split[l])
            {
                issues.Add(new Infeasibility(InfeasibilityKind.LockNotContiguous,
                    $"The practices locked to consortium \"{name}\" (e.g. {problem.PracticeCodes[sample[l]]}) lie in separate connected areas, so they cannot form one contiguous consortium. Fix: lock only practices in one area, or add a bridge between the areas.",
                    true, SamplePracticeCode: problem.PracticeCodes[sample[l]]));
                drop[l] = true;
            }
        }
        // Distinct locks per component must fit the component's consortium count.
        var locksIn = new int[m.ComponentCount];
        for (int l = 0; l < names; l++) if (count[l] > 0 && !drop[l]) locksIn[comp[l]]++;
        for (int c = 0; c < m.ComponentCount; c++)
        {
            if (locksIn[c] <= m.CompKMax[c]) continue;
            issues.Add(new Infeasibility(InfeasibilityKind.TooManyLocks,
                $"The {m.DescribeComponent(c)} holds practices locked to {locksIn[c]} different consortia but has room for at most {m.CompKMax[c]} consortia. Fix: merge some lock names, or lower the minimum consortium size to at most {N0(Math.Floor(m.CompPatients[c] / locksIn[c]))}.",
                true, Component: c, SamplePracticeCode: problem.PracticeCodes[m.CompSample[c]], Value: locksIn[c], Limit: m.CompKMax[c]));
            for (int l = 0; l < names; l++) if (count[l] > 0 && comp[l] == c) drop[l] = true;
        }
        _ = mode;

        var dense = new int[names];
        var nameOf = new List<int>();
        for (int l = 0; l < names; l++)
        {
            dense[l] = -1;
            if (count[l] > 0 && !drop[l]) { dense[l] = nameOf.Count; nameOf.Add(l); }
        }
        m.LockCount = nameOf.Count;
        m.LockNameOf = nameOf.ToArray();
        m.Lock = new int[m.N];
        m.LockUnit = new double[m.N];
        m.LockHash = new ulong[m.N];
        // Hashes: random per locked practice, summing to 0 over each lock, so a cut side's hash sum is 0 exactly when no
        // lock is split (with overwhelming probability). Fixed seed: the hashes are not part of the search's randomness.
        var rng = new Xoshiro256(0x5EED_10C5UL);
        var hashSum = new ulong[m.LockCount];
        var seen = new int[m.LockCount];
        var lockCount = new int[m.LockCount];
        for (int i = 0; i < m.N; i++)
        {
            int l = problem.Locked[i];
            m.Lock[i] = l >= 0 ? dense[l] : -1;
            if (m.Lock[i] >= 0) lockCount[m.Lock[i]]++;
        }
        for (int i = 0; i < m.N; i++)
        {
            int l = m.Lock[i];
            if (l < 0) continue;
            m.LockUnit[i] = 1.0 / lockCount[l];
            seen[l]++;
            if (seen[l] < lockCount[l]) { ulong h = rng.NextUInt64(); m.LockHash[i] = h; hashSum[l] += h; }
            else m.LockHash[i] = unchecked(0UL - hashSum[l]);
        }
    }

    private static void CheckBalance(SearchModel m, List<Infeasibility> issues)
    {
        // A connected area's mean is a weighted average of its consortia's means, so if the area's own mean is outside
        // the tolerance, at least one of its consortia must be too: provably impossible.
        if (m.ComponentCount < 2) return;
        var problem = m.Problem;
        int cc = m.ComponentCount;
        var dw = new double[cc]; var dd = new double[cc]; var sw = new double[cc]; var ss = new double[cc]; var dp = new double[cc];
        for (int i = 0; i < m.N; i++)
        {
            int c = m.Component[i];
            dw[c] += m.DepW[i]; dd[c] += m.DepPd[i]; sw[c] += m.SpendW[i]; ss[c] += m.SpendS[i]; dp[c] += m.DeprivedP[i];
        }
        for (int c = 0; c < cc; c++)
        {
            string sampleCode = problem.PracticeCodes[m.CompSample[c]];
            if (m.DepRule && dw[c] > 0)
            {
                double mean = dd[c] / dw[c];
                double dev = Math.Abs(mean - m.DepMean);
                if (m.Check.DeprivationExcess(mean - m.DepMean) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.DeprivationBalance,
                        $"The {m.DescribeComponent(c)} has mean deprivation {F(mean)} against the study area's {F(m.DepMean)}, allowed {m.Problem.Rules.Deprivation} (±{F(m.DepTol)}). Its consortia's means average to {F(mean)}, so at least one of them must be out of tolerance whatever the plan. Fix: widen the deprivation tolerance to at least ±{F(dev)} ({F(100 * dev / m.DepScale)}% of the area mean), or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: mean, Limit: m.DepTol));
            }
            if (m.SpendRule && sw[c] > 0)
            {
                double mean = ss[c] / sw[c];
                double dev = Math.Abs(mean - m.SpendMean);
                if (m.Check.SpendExcess(mean - m.SpendMean) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.SpendBalance,
                        $"The {m.DescribeComponent(c)} spends £{F(mean)} per patient against the study area's £{F(m.SpendMean)}, allowed {m.Problem.Rules.Spend} (±£{F(m.SpendTol)}). Its consortia's figures average to £{F(mean)}, so at least one must be out of tolerance whatever the plan. Fix: widen the spend tolerance to at least ±£{F(dev)} ({F(100 * dev / m.SpendScale)}% of the area mean), or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: mean, Limit: m.SpendTol));
            }
            if (m.ShareRule)
            {
                double share = dp[c] / m.CompPatients[c];
                if (m.Check.ShareShortfall(share) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.DeprivedShare,
                        $"Only {F(100 * share)}% of the patients in the {m.DescribeComponent(c)} are at practices in the more-deprived half of the study area (deprivation above {F(m.DeprivationMedian)}); every consortium there needs at least {F(100 * m.MinShare)}%, which their average cannot reach. Fix: lower the minimum deprived share to at most {F(100 * share)}%, or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: share, Limit: m.MinShare));
            }
        }
    }

    private static void BuildCounts(SearchModel m, SolveMode mode, List<Infeasibility> issues)
    {
        var rules = m.Problem.Rules;
        int kmin = 0, kmax = 0;
        for (int c = 0; c < m.ComponentCount; c++) { kmin += m.CompKMin[c]; kmax += m.CompKMax[c]; }
        int lo = kmin, hi = kmax;
        if (rules.MinCount is int a) lo = Math.Max(lo, a);
        if (rules.MaxCount is int b) hi = Math.Min(hi, b);
        if (lo > hi)
        {
            string asked = rules.MinCount is not null && rules.MaxCount is not null ? $"{rules.MinCount}–{rules.MaxCount}"
                : rules.MinCount is not null ? $"at least {rules.MinCount}" : $"at most {rules.MaxCount}";
            issues.Add(new Infeasibility(InfeasibilityKind.CountOutOfRange,
                $"The study area ({N0(m.TotalP)} patients in {m.ComponentCount} connected area{(m.ComponentCount == 1 ? "" : "s")}) can hold between {kmin} and {kmax} consortia of {N0(m.RuleMin)}–{N0(m.RuleMax)} patients, but {asked} consortia were asked for. Fix: allow a count between {kmin} and {kmax}, or change the population bounds.",
                true, Value: rules.MinCount ?? rules.MaxCount ?? 0, Limit: rules.MinCount is not null && rules.MinCount > kmax ? kmax : kmin));
            lo = kmin; hi = kmax; // best effort: honour the population bounds, not the count bounds
        }
        m.KMin = lo; m.KMax = hi;
        int center = rules.CountPreference switch
        {
            CountPreference.Fewest => lo,
            CountPreference.Most => hi,
            CountPreference.NearestTarget when rules.TargetSize is > 0 => (int)Math.Round(m.TotalP / rules.TargetSize.Value),
            // Balance rules: fewer, larger consortia average out clustered deprivation (law of averages), but a merged
            // pair must still be re-cuttable by ReCom, so aim at ~88% of the maximum rather than the maximum itself.
            _ when m.BalanceRules || m.ShareRule => Math.Min((int)Math.Ceiling(m.TotalP / (BalancedFill * m.RuleMax)), (int)Math.Round(m.TotalP / ((m.RuleMin + m.RuleMax) / 2))),
            _ => (int)Math.Round(m.TotalP / ((m.RuleMin + m.RuleMax) / 2)),
        };
        center = Math.Clamp(center, lo, hi);
        m.FixedCount = rules.CountPreference != CountPreference.None;
        var order = new List<int> { center };
        for (int d = 1; order.Count < hi - lo + 1; d++)
        {
            if (rules.CountPreference == CountPreference.Most) { if (center - d >= lo) order.Add(center - d); continue; }
            if (rules.CountPreference == CountPreference.Fewest) { if (center + d <= hi) order.Add(center + d); continue; }
            if (center + d <= hi) order.Add(center + d);
            if (center - d >= lo) order.Add(center - d);
        }
        m.CountOrder = order.ToArray();
        _ = mode;
    }

    /// <summary>
    /// How far count <paramref name="k"/> is from the preferred one (0 = preferred; lower is better): the count
    /// preference ranks plans before the objective does, so "fewest" never returns more consortia than a restart found
    /// a valid plan with. Always 0 without a preference.
    /// </summary>
    public int CountRank(int k) => Problem.Rules.CountPreference switch
    {
        CountPreference.Fewest => k - KMin,
        CountPreference.Most => KMax - k,
        CountPreference.NearestTarget => Math.Abs(k - CountOrder[0]),
        _ => 0,
    };

    /// <summary>Shares <paramref name="total"/> consortia among connected areas within their ranges, proportionally to population.</summary>
    public bool AllocateCounts(int total, int[] perComponent)
    {
        int sum = 0;
        for (int c = 0; c < ComponentCount; c++) { perComponent[c] = CompKMin[c]; sum += CompKMin[c]; }
        while (sum < total)
        {
            int best = -1;
            double bestSize = -1;
            for (int c = 0; c < ComponentCount; c++)
            {
                if (perComponent[c] >= CompKMax[c]) continue;
                double size = CompPatients[c] / perComponent[c];
                if (size > bestSize) { bestSize = size; best = c; }
            }
            if (best < 0) return false;
            perComponent[best]++;
            sum++;
        }
        return sum == total;
    }
}
