using System.Globalization;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Pre-solve: flattens a <see cref="Problem"/> into <see cref="SearchData"/> and finds what no plan can meet, per
/// connected area (graph component): an area below the minimum or with no whole count of consortia, a practice above
/// the maximum, locks that cannot be kept, balance or share rules an area's own mean already breaks, and count bounds the
/// population cannot meet. Each finding is an <see cref="Infeasibility"/> marked proven; best effort relaxes the area's
/// bounds to the least-violating count and carries on.
/// </summary>
internal static class Presolve
{
    /// <summary>Flattens <paramref name="problem"/> and appends every pre-solve finding to <paramref name="issues"/>.
    /// Throws <see cref="ArgumentException"/> for malformed input (non-positive list sizes, bad bounds, missing coordinates).</summary>
    public static SearchData Build(Problem problem, SolveMode mode, List<Infeasibility> issues)
    {
        _ = mode;
        var rules = problem.Rules;
        int n = problem.PracticeCount;
        var offsets = problem.Graph.Offsets.ToArray();
        var targets = problem.Graph.Targets.ToArray();
        var reverse = new int[targets.Length];
        for (int v = 0; v < n; v++)
            for (int e = offsets[v]; e < offsets[v + 1]; e++)
            {
                int w = targets[e];
                int r = Array.BinarySearch(targets, offsets[w], offsets[w + 1] - offsets[w], v);
                reverse[e] = r >= 0 ? r : throw new ArgumentException($"The practice graph is not symmetric: practice {problem.PracticeCodes[v]} lists {problem.PracticeCodes[w]} as a neighbour but not the other way round.");
            }
        if (!(rules.MinPatients > 0) || !(rules.MaxPatients >= rules.MinPatients))
            throw new ArgumentException($"Population bounds must satisfy 0 < minimum <= maximum; got minimum {rules.MinPatients} and maximum {rules.MaxPatients}.");
        for (int i = 0; i < n; i++)
        {
            if (!(problem.Patients[i] > 0) || double.IsInfinity(problem.Patients[i]))
                throw new ArgumentException($"Practice {problem.PracticeCodes[i]} has {problem.Patients[i]} patients; every practice needs a positive list size.");
            if (!double.IsFinite(problem.X[i]) || !double.IsFinite(problem.Y[i]))
                throw new ArgumentException($"Practice {problem.PracticeCodes[i]} has no valid coordinates ({problem.X[i]}, {problem.Y[i]}).");
        }

        var area = AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend);
        var check = new RuleCheck(rules, area);
        var unit = Units(problem, area);
        var p = new double[n];
        for (int i = 0; i < n; i++) p[i] = problem.Patients[i];
        var (group, groupCount, groupPatients, grouped) = Groups(problem);
        var areas = Areas(problem, p, rules, issues);
        var locks = Locks(problem, p, areas, rules, issues);
        for (int i = 0; i < n; i++) { unit[i].LockUnits = locks.Unit[i]; unit[i].LockHash = locks.Hash[i]; }
        CheckBalance(problem, unit, areas, check, issues);
        var counts = CountPlan.Build(rules, area.Patients, areas.KMin, areas.KMax, areas.Patients, issues);

        var borderCost = BorderCost(problem, unit, area, counts);
        double depScale = check.DeprivationScale, spendScale = check.SpendScale;
        double depTol = check.DeprivationAllowed, spendTol = check.SpendAllowed;
        bool depRule = check.DeprivationRule, spendRule = check.SpendRule;
        double reference = rules.DisruptionWeight != 0 || rules.RiskWeight != 0 ? ObjectiveScale.ReferenceCompactnessKm2(problem) : 0;
        return new SearchData
        {
            Problem = problem, N = n, Offsets = offsets, Targets = targets, Reverse = reverse, P = p, Unit = unit,
            Lock = locks.Lock, LockCount = locks.Count, LockNameOf = locks.NameOf,
            Group = group, GroupCount = groupCount, GroupPatients = groupPatients, GroupedPatients = grouped,
            Component = areas.Of, ComponentCount = areas.Count, CompPatients = areas.Patients, CompMin = areas.Min, CompMax = areas.Max,
            CompKMin = areas.KMin, CompKMax = areas.KMax, CompSize = areas.Size, CompSample = areas.Sample,
            Counts = counts, Area = area, Check = check, BorderCost = borderCost,
            TotalP = area.Patients, RuleMin = rules.MinPatients, RuleMax = rules.MaxPatients,
            SpreadWeight = rules.SpreadWeight, DisruptionWeight = rules.DisruptionWeight * reference,
            RiskWeight = rules.RiskWeight * reference, RiskScale = rules.RiskWeight != 0 ? rules.RiskReserve / rules.RiskPerPatientCv : 0,
            DepRule = depRule, SpendRule = spendRule, ShareRule = check.ShareRule,
            DepMean = check.DeprivationMean, SpendMean = check.SpendMean, DepScale = depScale, SpendScale = spendScale,
            DepTol = depTol, SpendTol = spendTol,
            DepInvTol = depRule ? 1.0 / Math.Max(depTol, 1e-6 * depScale) : 0,
            SpendInvTol = spendRule ? 1.0 / Math.Max(spendTol, 1e-6 * spendScale) : 0,
            DepTolRel = depRule ? Math.Max(depTol, 1e-6 * depScale) / depScale : 0,
            SpendTolRel = spendRule ? Math.Max(spendTol, 1e-6 * spendScale) / spendScale : 0,
        };
    }

    /// <summary>Each practice's contribution to the running sums (locks filled in later): coordinates in km from the
    /// area's patient-weighted centre, and a fixed random key identifying member sets (pool deduplication).</summary>
    private static ConsortiumSums[] Units(Problem problem, AreaBaseline area)
    {
        int n = problem.PracticeCount;
        double cx = 0, cy = 0;
        for (int i = 0; i < n; i++) { cx += problem.Patients[i] * problem.X[i]; cy += problem.Patients[i] * problem.Y[i]; }
        cx /= area.Patients; cy /= area.Patients;
        var unit = new ConsortiumSums[n];
        // Fixed stream: the keys only identify member sets, they never steer the search.
        var keys = new Xoshiro256(0x2087_0B15_7C0DUL);
        for (int i = 0; i < n; i++)
        {
            ref var u = ref unit[i];
            double p = problem.Patients[i];
            double x = (problem.X[i] - cx) / 1000.0, y = (problem.Y[i] - cy) / 1000.0;
            u.P = p; u.Px = p * x; u.Py = p * y; u.Pq = p * (x * x + y * y);
            double d = problem.Deprivation[i];
            if (!double.IsNaN(d)) { u.DepW = p; u.DepPd = p * d; if (d > area.DeprivationMedian) u.DeprivedP = p; }
            double s = problem.Spend[i];
            if (!double.IsNaN(s)) { u.SpendW = p; u.Spend = s; }
            u.Key = keys.NextUInt64();
            u.Count = 1;
        }
        return unit;
    }

    /// <summary>
    /// The boundary term's cost per CSR edge: BoundaryWeight × border km × ρ, with ρ = √M / (π √2 k^1.5), M the area's
    /// patient-weighted mean squared distance from its centre (km²) and k the count the search starts from. For k round,
    /// equal consortia of an area with that spread the compactness is about M / k and the borders about π √(2 M k) km,
    /// so ρ makes the two terms equal there and the weight says how much more (or less) borders matter. Null when the
    /// weight is 0 or no border lengths were given.
    /// </summary>
    private static double[]? BorderCost(Problem problem, ConsortiumSums[] unit, AreaBaseline area, CountPlan counts)
    {
        double weight = problem.Rules.BoundaryWeight;
        if (weight == 0) return null;
        bool any = false;
        foreach (double b in problem.BorderMetres) any |= b > 0;
        if (!any) return null;
        double pq = 0;
        foreach (var u in unit) pq += u.Pq;
        double msd = pq / area.Patients, k = Math.Max(1, counts.Order[0]);
        double rho = Math.Sqrt(msd) / (Math.PI * Math.Sqrt(2) * Math.Pow(k, 1.5));
        var cost = new double[problem.BorderMetres.Length];
        for (int e = 0; e < cost.Length; e++) cost[e] = weight * rho * problem.BorderMetres[e] / 1000;
        return cost;
    }

    /// <summary>Existing groups as dense ids, with each group's patients and all grouped patients.</summary>
    private static (int[] Group, int Count, double[] Patients, double Grouped) Groups(Problem problem)
    {
        int n = problem.PracticeCount;
        var group = new int[n];
        var ids = new Dictionary<int, int>();
        var patients = new List<double>();
        double grouped = 0;
        for (int i = 0; i < n; i++)
        {
            int g = problem.ExistingGroup[i];
            if (g < 0) { group[i] = -1; continue; }
            if (!ids.TryGetValue(g, out int id)) { id = ids.Count; ids.Add(g, id); patients.Add(0); }
            group[i] = id;
            patients[id] += problem.Patients[i];
            grouped += problem.Patients[i];
        }
        return (group, ids.Count, patients.ToArray(), grouped);
    }

    /// <summary>Connected areas with their patients, effective bounds and allowed counts.</summary>
    private sealed record ConnectedAreas(int[] Of, int Count, double[] Patients, double[] Min, double[] Max, int[] KMin, int[] KMax, int[] Size, int[] Sample);

    private static ConnectedAreas Areas(Problem problem, double[] p, ConsortiumRules rules, List<Infeasibility> issues)
    {
        int n = problem.PracticeCount;
        var of = problem.Graph.Components(out int cc);
        var patients = new double[cc]; var minOf = new double[cc]; var maxOf = new double[cc];
        var kMinOf = new int[cc]; var kMaxOf = new int[cc]; var size = new int[cc]; var sample = new int[cc];
        var biggest = new double[cc];
        var biggestAt = new int[cc];
        Array.Fill(sample, -1);
        for (int i = 0; i < n; i++)
        {
            int c = of[i];
            patients[c] += p[i];
            size[c]++;
            if (sample[c] < 0) sample[c] = i;
            if (p[i] > biggest[c]) { biggest[c] = p[i]; biggestAt[c] = i; }
        }
        double min = rules.MinPatients, max = rules.MaxPatients;
        string Describe(int c) => SearchData.Describe(problem, size, patients, sample, c);
        for (int c = 0; c < cc; c++)
        {
            double pc = patients[c];
            double effMax = max;
            if (biggest[c] > max)
            {
                issues.Add(new Infeasibility(InfeasibilityKind.PracticeAboveMaximum,
                    $"Practice {problem.PracticeCodes[biggestAt[c]]} alone has {N0(biggest[c])} patients, above the maximum consortium size of {N0(max)}; no plan can hold it. Fix: raise the maximum to at least {N0(biggest[c])}.",
                    true, Component: c, SamplePracticeCode: problem.PracticeCodes[biggestAt[c]], Value: biggest[c], Limit: max));
                effMax = biggest[c];
            }
            int kmin = Math.Max(RuleCheck.FewestParts(pc, effMax), 1);
            int kmax = RuleCheck.MostParts(pc, min);
            double effMin = min;
            if (kmin > kmax)
            {
                if (pc < min)
                {
                    issues.Add(new Infeasibility(InfeasibilityKind.ComponentBelowMinimum,
                        $"The {Describe(c)} is cut off from the rest of the study area and has fewer patients than the minimum consortium size of {N0(min)}. Fix: add a bridge joining it to a neighbouring area (e.g. a ferry link), or lower the minimum to at most {N0(pc)}.",
                        true, Component: c, SamplePracticeCode: problem.PracticeCodes[sample[c]], Value: pc, Limit: min));
                }
                else
                {
                    int k1 = Math.Max(kmax, 1), k2 = kmin;
                    issues.Add(new Infeasibility(InfeasibilityKind.ComponentNoValidCount,
                        $"The {Describe(c)} cannot be split into whole consortia of {N0(min)}–{N0(max)} patients: {k1} consortium{(k1 == 1 ? "" : "s")} would need at most {N0(k1 * max)} patients and {k2} would need at least {N0(k2 * min)}. Fix: raise the maximum to at least {N0(Math.Ceiling(pc / k1))}, lower the minimum to at most {N0(Math.Floor(pc / k2))}, or bridge it to a neighbouring area.",
                        true, Component: c, SamplePracticeCode: problem.PracticeCodes[sample[c]], Value: pc, Limit: min));
                }
                // Best effort: the count whose equal pieces break the bounds least, with slack for carving.
                int ka = Math.Max(1, kmax), kb = Math.Max(1, kmin);
                int k = PieceViolation(pc / ka, min, max) <= PieceViolation(pc / kb, min, max) ? ka : kb;
                if (k == 1) { effMin = Math.Min(min, pc); effMax = Math.Max(effMax, pc); }
                else { effMin = Math.Min(min, 0.8 * pc / k); effMax = Math.Max(effMax, 1.2 * pc / k); }
                kmin = kmax = k;
            }
            minOf[c] = effMin; maxOf[c] = effMax; kMinOf[c] = kmin; kMaxOf[c] = kmax;
        }
        return new ConnectedAreas(of, cc, patients, minOf, maxOf, kMinOf, kMaxOf, size, sample);
    }

    private static double PieceViolation(double size, double min, double max) =>
        Math.Max(0, min - size) / min + Math.Max(0, size - max) / max;

    /// <summary>Effective locks: dense ids, each lock's name, and per practice its share of its lock (1 / members) and a
    /// hash that sums to 0 over each lock.</summary>
    private sealed record LockGroups(int[] Lock, int Count, int[] NameOf, double[] Unit, ulong[] Hash);

    /// <summary>Drops locks no plan can keep (above the maximum, across areas, more than an area has room for), reporting each.</summary>
    private static LockGroups Locks(Problem problem, double[] p, ConnectedAreas areas, ConsortiumRules rules, List<Infeasibility> issues)
    {
        int n = problem.PracticeCount;
        int names = problem.LockNames.Count;
        var count = new int[names];
        var patients = new double[names];
        var comp = new int[names];
        var sample = new int[names];
        Array.Fill(comp, -1);
        var split = new bool[names];
        for (int i = 0; i < n; i++)
        {
            int l = problem.Locked[i];
            if (l < 0) continue;
            if (l >= names) throw new ArgumentException($"Practice {problem.PracticeCodes[i]} is locked to lock #{l}, but only {names} lock names were given.");
            if (count[l] == 0) sample[l] = i;
            count[l]++;
            patients[l] += p[i];
            if (comp[l] < 0) comp[l] = areas.Of[i];
            else if (comp[l] != areas.Of[i]) split[l] = true;
        }
        var drop = new bool[names];
        double max = rules.MaxPatients;
        for (int l = 0; l < names; l++)
        {
            if (count[l] == 0) continue;
            string name = problem.LockNames[l];
            if (patients[l] > max)
            {
                issues.Add(new Infeasibility(InfeasibilityKind.LockAboveMaximum,
                    $"The practices locked to consortium \"{name}\" ({count[l]} practices, e.g. {problem.PracticeCodes[sample[l]]}) have {N0(patients[l])} patients together, above the maximum consortium size of {N0(max)}. Fix: unlock some of them, split the lock into two names, or raise the maximum to at least {N0(patients[l])}.",
                    true, SamplePracticeCode: problem.PracticeCodes[sample[l]], Value: patients[l], Limit: max));
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
        // Distinct locks per area must fit the area's consortium count.
        var locksIn = new int[areas.Count];
        for (int l = 0; l < names; l++) if (count[l] > 0 && !drop[l]) locksIn[comp[l]]++;
        for (int c = 0; c < areas.Count; c++)
        {
            if (locksIn[c] <= areas.KMax[c]) continue;
            issues.Add(new Infeasibility(InfeasibilityKind.TooManyLocks,
                $"The {SearchData.Describe(problem, areas.Size, areas.Patients, areas.Sample, c)} holds practices locked to {locksIn[c]} different consortia but has room for at most {areas.KMax[c]} consortia. Fix: merge some lock names, or lower the minimum consortium size to at most {N0(Math.Floor(areas.Patients[c] / locksIn[c]))}.",
                true, Component: c, SamplePracticeCode: problem.PracticeCodes[areas.Sample[c]], Value: locksIn[c], Limit: areas.KMax[c]));
            for (int l = 0; l < names; l++) if (count[l] > 0 && comp[l] == c) drop[l] = true;
        }

        var dense = new int[names];
        var nameOf = new List<int>();
        for (int l = 0; l < names; l++)
        {
            dense[l] = -1;
            if (count[l] > 0 && !drop[l]) { dense[l] = nameOf.Count; nameOf.Add(l); }
        }
        int lockCount = nameOf.Count;
        var lockOf = new int[n];
        var unit = new double[n];
        var hash = new ulong[n];
        // Hashes: random per locked practice, summing to 0 over each lock, so a cut side's hash sum is 0 exactly when no
        // lock is split (with overwhelming probability). Fixed seed: the hashes are not part of the search's randomness.
        var rng = new Xoshiro256(0x5EED_10C5UL);
        var hashSum = new ulong[lockCount];
        var seen = new int[lockCount];
        var members = new int[lockCount];
        for (int i = 0; i < n; i++)
        {
            int l = problem.Locked[i];
            lockOf[i] = l >= 0 ? dense[l] : -1;
            if (lockOf[i] >= 0) members[lockOf[i]]++;
        }
        for (int i = 0; i < n; i++)
        {
            int l = lockOf[i];
            if (l < 0) continue;
            unit[i] = 1.0 / members[l];
            seen[l]++;
            if (seen[l] < members[l]) { ulong h = rng.NextUInt64(); hash[i] = h; hashSum[l] += h; }
            else hash[i] = unchecked(0UL - hashSum[l]);
        }
        return new LockGroups(lockOf, lockCount, nameOf.ToArray(), unit, hash);
    }

    /// <summary>
    /// A connected area's mean is a weighted average of its consortia's means, so if the area's own mean is outside the
    /// tolerance, at least one of its consortia must be too: provably impossible.
    /// </summary>
    private static void CheckBalance(Problem problem, ConsortiumSums[] unit, ConnectedAreas areas, RuleCheck check, List<Infeasibility> issues)
    {
        if (areas.Count < 2) return;
        int cc = areas.Count;
        var sums = new ConsortiumSums[cc];
        for (int i = 0; i < unit.Length; i++) sums[areas.Of[i]].Add(unit[i]);
        var rules = problem.Rules;
        double depMean = check.DeprivationMean, spendMean = check.SpendMean;
        for (int c = 0; c < cc; c++)
        {
            string sampleCode = problem.PracticeCodes[areas.Sample[c]];
            string area = SearchData.Describe(problem, areas.Size, areas.Patients, areas.Sample, c);
            ref readonly var s = ref sums[c];
            if (check.DeprivationRule && s.DepW > 0)
            {
                double mean = s.DepPd / s.DepW;
                double dev = Math.Abs(mean - depMean);
                if (check.DeprivationExcess(mean - depMean) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.DeprivationBalance,
                        $"The {area} has mean deprivation {F(mean)} against the study area's {F(depMean)}, allowed {rules.Deprivation} (±{F(check.DeprivationAllowed)}). Its consortia's means average to {F(mean)}, so at least one of them must be out of tolerance whatever the plan. Fix: widen the deprivation tolerance to at least ±{F(dev)} ({F(100 * dev / check.DeprivationScale)}% of the area mean), or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: mean, Limit: check.DeprivationAllowed));
            }
            if (check.SpendRule && s.SpendW > 0)
            {
                double mean = s.Spend / s.SpendW;
                double dev = Math.Abs(mean - spendMean);
                if (check.SpendExcess(mean - spendMean) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.SpendBalance,
                        $"The {area} spends £{F(mean)} per patient against the study area's £{F(spendMean)}, allowed {rules.Spend} (±£{F(check.SpendAllowed)}). Its consortia's figures average to £{F(mean)}, so at least one must be out of tolerance whatever the plan. Fix: widen the spend tolerance to at least ±£{F(dev)} ({F(100 * dev / check.SpendScale)}% of the area mean), or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: mean, Limit: check.SpendAllowed));
            }
            if (check.ShareRule)
            {
                double share = s.DeprivedP / areas.Patients[c];
                if (check.ShareShortfall(share) > 0)
                    issues.Add(new Infeasibility(InfeasibilityKind.DeprivedShare,
                        $"Only {F(100 * share)}% of the patients in the {area} are at practices in the more-deprived half of the study area (deprivation above {F(check.Area.DeprivationMedian)}); every consortium there needs at least {F(100 * check.MinShare)}%, which their average cannot reach. Fix: lower the minimum deprived share to at most {F(100 * share)}%, or join this area to its neighbours.",
                        true, Component: c, SamplePracticeCode: sampleCode, Value: share, Limit: check.MinShare));
            }
        }
    }

    private static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
