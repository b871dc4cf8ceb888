using System.Globalization;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The problem as the search reads it, built once per solve by <see cref="Presolve"/> and shared, read-only, by every
/// restart: CSR adjacency, each practice's contribution to the running sums, connected areas with their effective
/// population bounds and allowed consortium counts, dense lock and group ids, the rule check and the area figures the
/// balance rules measure against, and the count policy.
/// </summary>
internal sealed class SearchData
{
    public required Problem Problem { get; init; }
    public required int N { get; init; }
    public required int[] Offsets { get; init; }
    public required int[] Targets { get; init; }
    /// <summary>For edge e = (v, w), the index of the reverse edge (w, v) in <see cref="Targets"/>.</summary>
    public required int[] Reverse { get; init; }
    /// <summary>Patients per practice.</summary>
    public required double[] P { get; init; }
    /// <summary>
    /// Each practice's contribution to the running sums as one record (Count 1), so adding or removing a practice reads
    /// one or two cache lines instead of many arrays: the boundary-move loop picks practices at random.
    /// </summary>
    public required ConsortiumSums[] Unit { get; init; }

    /// <summary>Effective lock id per practice (−1 free), their number, and the lock name index of each id.</summary>
    public required int[] Lock { get; init; }
    public required int LockCount { get; init; }
    public required int[] LockNameOf { get; init; }

    /// <summary>Dense existing-group id per practice (−1 none), their number and patients, and all grouped patients.</summary>
    public required int[] Group { get; init; }
    public required int GroupCount { get; init; }
    public required double[] GroupPatients { get; init; }
    public required double GroupedPatients { get; init; }

    /// <summary>Connected area per practice; per area its patients, effective bounds, allowed counts, size and a sample practice.</summary>
    public required int[] Component { get; init; }
    public required int ComponentCount { get; init; }
    public required double[] CompPatients { get; init; }
    public required double[] CompMin { get; init; }
    public required double[] CompMax { get; init; }
    public required int[] CompKMin { get; init; }
    public required int[] CompKMax { get; init; }
    public required int[] CompSize { get; init; }
    public required int[] CompSample { get; init; }

    /// <summary>
    /// The boundary term's cost of each CSR edge being a border between consortia (weight × km × scale; see
    /// <see cref="Presolve"/>), or null when the term is off.
    /// </summary>
    public required double[]? BorderCost { get; init; }

    /// <summary>Which counts the restarts try and how plans of different counts rank.</summary>
    public required CountPlan Counts { get; init; }

    /// <summary>The area's figures and the one rule check (shared with the plan evaluation and the exact models).</summary>
    public required AreaBaseline Area { get; init; }
    public required RuleCheck Check { get; init; }

    public double DeprivationMedian => Area.DeprivationMedian;

    // Hot-path copies of the area's, the rules' and the rule check's figures (read for every evaluated move).
    public required double TotalP { get; init; }
    public required double RuleMin { get; init; }
    public required double RuleMax { get; init; }
    public required double SpreadWeight { get; init; }
    /// <summary>The disruption weight in the objective's units: the rules' weight × <see cref="ObjectiveScale"/>.</summary>
    public required double DisruptionWeight { get; init; }
    /// <summary>The risk term's weight in the objective's units (0 = off) and reserve / per-patient cv, so that a
    /// consortium of P patients overspends beyond the reserve with probability Q(<see cref="RiskScale"/> × √P).</summary>
    public double RiskWeight { get; init; }
    public double RiskScale { get; init; }
    public required bool DepRule { get; init; }
    public required bool SpendRule { get; init; }
    public required bool ShareRule { get; init; }
    public required double DepMean { get; init; }
    public required double SpendMean { get; init; }
    public required double DepScale { get; init; }
    public required double SpendScale { get; init; }
    public required double DepTol { get; init; }
    public required double SpendTol { get; init; }

    /// <summary>1 / allowed deviation (0 when the rule is off; a zero tolerance counts as a tiny one, so guidance stays
    /// finite) and allowed deviation / area mean.</summary>
    public required double DepInvTol { get; init; }
    public required double SpendInvTol { get; init; }
    public required double DepTolRel { get; init; }
    public required double SpendTolRel { get; init; }

    /// <summary>True when a deprivation or spend rule is set (search guidance and balance-aware carving apply).</summary>
    public bool BalanceRules => DepRule || SpendRule;

    public string DescribeComponent(int c) => Describe(Problem, CompSize, CompPatients, CompSample, c);

    /// <summary>A connected area as messages name it: number, practices, patients and a sample practice.</summary>
    public static string Describe(Problem problem, int[] size, double[] patients, int[] sample, int c) =>
        $"connected area #{c} ({size[c]} practice{(size[c] == 1 ? "" : "s")}, {patients[c].ToString("N0", CultureInfo.InvariantCulture)} patients, e.g. practice {problem.PracticeCodes[sample[c]]})";
}
