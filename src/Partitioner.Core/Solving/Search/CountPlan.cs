using System.Globalization;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The count policy of one solve: the range of consortium counts the rules allow (<see cref="KMin"/>..<see cref="KMax"/>),
/// the order in which restarts try them, how plans of different counts rank under the count preference, and how a
/// count is shared among connected areas. Built by <see cref="Presolve"/>; read-only.
/// </summary>
internal sealed class CountPlan
{
    private readonly CountPreference _preference;
    private readonly int[] _areaMin, _areaMax;
    private readonly double[] _areaPatients;

    private CountPlan(CountPreference preference, int kMin, int kMax, int[] order, int[] areaMin, int[] areaMax, double[] areaPatients)
    {
        _preference = preference;
        KMin = kMin;
        KMax = kMax;
        Order = order;
        _areaMin = areaMin;
        _areaMax = areaMax;
        _areaPatients = areaPatients;
    }

    /// <summary>Fewest and most consortia the population bounds and the count bounds allow together.</summary>
    public int KMin { get; }
    public int KMax { get; }

    /// <summary>Counts in the order restarts try them: the preferred (or central) count first, then outwards.</summary>
    public int[] Order { get; }

    /// <summary>Whether a count preference fixes the count every restart aims at (otherwise restart r starts from the r-th count).</summary>
    public bool Fixed => _preference != CountPreference.None;

    /// <summary>
    /// How far count <paramref name="k"/> is from the preferred one (0 = preferred; lower is better): the count
    /// preference ranks plans before the objective does, so "fewest" never returns more consortia than a restart found
    /// a valid plan with. Always 0 without a preference.
    /// </summary>
    public int Rank(int k) => _preference switch
    {
        CountPreference.Fewest => k - KMin,
        CountPreference.Most => KMax - k,
        CountPreference.NearestTarget => Math.Abs(k - Order[0]),
        _ => 0,
    };

    /// <summary>Shares <paramref name="total"/> consortia among connected areas within their ranges, proportionally to population.</summary>
    public bool Allocate(int total, int[] perArea)
    {
        int areas = _areaMin.Length, sum = 0;
        for (int c = 0; c < areas; c++) { perArea[c] = _areaMin[c]; sum += _areaMin[c]; }
        while (sum < total)
        {
            int best = -1;
            double bestSize = -1;
            for (int c = 0; c < areas; c++)
            {
                if (perArea[c] >= _areaMax[c]) continue;
                double size = _areaPatients[c] / perArea[c];
                if (size > bestSize) { bestSize = size; best = c; }
            }
            if (best < 0) return false;
            perArea[best]++;
            sum++;
        }
        return sum == total;
    }

    /// <summary>
    /// The count policy for areas allowed <paramref name="areaMin"/>[c]..<paramref name="areaMax"/>[c] consortia; a count
    /// range the rules' count bounds leave empty is reported in <paramref name="issues"/> (best effort then honours the
    /// population bounds, not the count bounds).
    /// </summary>
    public static CountPlan Build(ConsortiumRules rules, double totalPatients, int[] areaMin, int[] areaMax, double[] areaPatients, List<Infeasibility> issues)
    {
        int kmin = 0, kmax = 0;
        for (int c = 0; c < areaMin.Length; c++) { kmin += areaMin[c]; kmax += areaMax[c]; }
        int lo = kmin, hi = kmax;
        if (rules.MinCount is int a) lo = Math.Max(lo, a);
        if (rules.MaxCount is int b) hi = Math.Min(hi, b);
        if (lo > hi)
        {
            string asked = rules.MinCount is not null && rules.MaxCount is not null ? $"{rules.MinCount}–{rules.MaxCount}"
                : rules.MinCount is not null ? $"at least {rules.MinCount}" : $"at most {rules.MaxCount}";
            int areas = areaMin.Length;
            issues.Add(new Infeasibility(InfeasibilityKind.CountOutOfRange,
                $"The study area ({N0(totalPatients)} patients in {areas} connected area{(areas == 1 ? "" : "s")}) can hold between {kmin} and {kmax} consortia of {N0(rules.MinPatients)}–{N0(rules.MaxPatients)} patients, but {asked} consortia were asked for. Fix: allow a count between {kmin} and {kmax}, or change the population bounds.",
                true, Value: rules.MinCount ?? rules.MaxCount ?? 0, Limit: rules.MinCount is not null && rules.MinCount > kmax ? kmax : kmin));
            lo = kmin; hi = kmax;
        }
        double min = rules.MinPatients, max = rules.MaxPatients;
        int center = rules.CountPreference switch
        {
            CountPreference.Fewest => lo,
            CountPreference.Most => hi,
            CountPreference.NearestTarget when rules.TargetSize is > 0 => (int)Math.Round(totalPatients / rules.TargetSize.Value),
            // Consortia of the mid-range size, with or without balance rules. Balance rules used to start at 88% of the
            // maximum (fewer, larger consortia average out clustered deprivation), but consortia that full leave the
            // repair no room to move: on real England at ±15% that count met the rules later, or not in 60 s, and with
            // more inertia (tools/Partitioner.Bench/RESULTS.md, "The count policy with balance rules").
            _ => (int)Math.Round(totalPatients / ((min + max) / 2)),
        };
        center = Math.Clamp(center, lo, hi);
        var order = new List<int> { center };
        for (int d = 1; order.Count < hi - lo + 1; d++)
        {
            if (rules.CountPreference == CountPreference.Most) { if (center - d >= lo) order.Add(center - d); continue; }
            if (rules.CountPreference == CountPreference.Fewest) { if (center + d <= hi) order.Add(center + d); continue; }
            if (center + d <= hi) order.Add(center + d);
            if (center - d >= lo) order.Add(center - d);
        }
        return new CountPlan(rules.CountPreference, lo, hi, order.ToArray(), areaMin, areaMax, areaPatients);
    }

    private static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
