using System.Globalization;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

// The two exact models behind ExactSolver, each solving with the count in a range for compactness (countSense 0) or ±count.

internal sealed record Attempt(EngineStatus Status, int[]? Plan, double Bound, string Note);

/// <summary>One exact formulation: solve with the count in a range, minimising compactness (countSense 0) or ±count.</summary>
internal abstract class Formulation
{
    public abstract CompactnessMeasure Measure { get; }
    public abstract double Objective(int[] plan);
    public abstract Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm);

    protected static string OutOfRange(int[] plan, int minCount, int maxCount) => string.Create(CultureInfo.InvariantCulture,
        $" The warm-start plan was ignored: it has {Compactness.Groups(plan).Count} consortia, outside {minCount}–{maxCount}.");

    protected static bool InRange(int[] plan, int minCount, int maxCount)
    {
        int k = Compactness.Groups(plan).Count;
        return k >= minCount && k <= maxCount;
    }
}

internal sealed class FlowFormulation(Problem problem, ExactOptions options) : Formulation
{
    public override CompactnessMeasure Measure => CompactnessMeasure.AboutCentre;
    public override double Objective(int[] plan) => Compactness.PlanAboutCentre(problem, plan);
    public override Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm)
    {
        string note = "";
        if (limit < SatEngine.MinimumRun || options.Deadline.IsCancellationRequested)
        {
            bool valid = warm is not null && warm.Length == problem.PracticeCount && InRange(warm, minCount, maxCount) && PlanCheck.PlanViolations(problem, warm).Count == 0;
            return new Attempt(EngineStatus.Stopped, valid ? warm : null, double.NaN, note);
        }
        var model = CentreModel.Build(problem, minCount, maxCount, countSense);
        if (warm is not null && !InRange(warm, minCount, maxCount))
        {
            note = OutOfRange(warm, minCount, maxCount);
            warm = null;
        }
        else if (warm is not null && !model.Accepts(warm))
        {
            note = warm.Length != problem.PracticeCount
                ? $" The warm-start plan was ignored: it has {warm.Length} entries for {problem.PracticeCount} practices."
                : " The warm-start plan was ignored: it breaks the patient range or contiguity.";
            warm = null;
        }
        var outcome = model.Solve(warm, options, limit);
        return new Attempt(outcome.Status, outcome.Plan, outcome.Bound, note);
    }
}

internal sealed class PartitionFormulation(SetPartitionModel model, ExactOptions options) : Formulation
{
    public override CompactnessMeasure Measure => CompactnessMeasure.AboutCentroid;
    public override double Objective(int[] plan) => Compactness.PlanAboutCentroid(model.Problem, plan);
    public override Attempt Solve(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? warm)
    {
        string note = warm is not null && !InRange(warm, minCount, maxCount) ? OutOfRange(warm, minCount, maxCount) : "";
        if (warm is not null && !InRange(warm, minCount, maxCount)) warm = null;
        if (warm is not null && (warm.Length != model.Problem.PracticeCount || model.StartColumns(warm) is null))
        {
            note = " The warm-start plan was ignored: it breaks the patient range, contiguity or another rule.";
            warm = null;
        }
        if (countSense == 0)
        {
            var outcome = ReducedCostFixing.Solve(model, minCount, maxCount, limit, warm, options, options.ReducedCostFixing ? options.ReducedCostFixingMinColumns : int.MaxValue);
            return new Attempt(outcome.Status, outcome.Plan, outcome.Bound, note);
        }
        return OnCount(minCount, maxCount, countSense, limit, warm is null ? null : model.StartColumns(warm), options) with { Note = note };
    }

    /// <summary>The count (±) optimised over <paramref name="given"/> (by default the candidates
    /// <paramref name="minCount"/>–<paramref name="maxCount"/> allow) and <paramref name="start"/>'s, the hint, by
    /// <paramref name="engine"/>'s engine; <paramref name="stop"/> ends a solve on CP-SAT alone early.</summary>
    private Attempt OnCount(int minCount, int maxCount, int countSense, TimeSpan limit, int[]? start, ExactOptions engine, CancellationToken stop = default,
        int[]? given = null)
    {
        var columns = given ?? ColumnsForCount(minCount, maxCount);
        if (start is not null) columns = ReducedCostFixing.Union(columns, start);
        var counted = model.Solve(minCount, maxCount, countSense, columns, start, engine, limit, stop);
        return new Attempt(counted.Status, counted.Plan, counted.Bound, "");
    }

    /// <summary>
    /// The best count the LP relaxation allows (⌈LP⌉ of the fewest, ⌊LP⌋ of the most consortia) within the range, or
    /// the range's end when the LP is not solved in time. No plan has a better count. For the fewest, when that falls short
    /// of <paramref name="seedCount"/> (a count a plan is known to reach), the relaxation of "fewer than the seed's count"
    /// is tightened by subset-row cuts (<see cref="SubsetRowCuts"/>), which often proves the seed's count.
    /// </summary>
    public int CountByLp(int minCount, int maxCount, int sense, TimeSpan limit, int seedCount = int.MaxValue)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var columns = ColumnsForCount(minCount, maxCount);
        var weights = CountWeights(sense);
        var lp = LpRelaxation.Solve(model.Problem.PracticeCount, model.Candidates, weights, columns, minCount, maxCount, limit, options.Deadline);
        if (lp.Status != EngineStatus.Optimal) return sense > 0 ? minCount : maxCount;
        if (sense < 0) return Math.Clamp((int)Math.Floor(-lp.Objective + CountPrecision), minCount, maxCount);
        int fewest = Math.Clamp(AtLeast(lp.Objective), minCount, maxCount);
        if (!options.SubsetRowCuts || seedCount > maxCount || fewest >= seedCount) return fewest;
        // Is there a plan with fewer consortia than the seed? Only the candidates such a plan can hold take part.
        var below = ColumnsForCount(fewest, seedCount - 1);
        var support = new List<int>();
        for (int k = 0; k < columns.Length; k++) if (lp.Values[k] > 1e-9) support.Add(columns[k]);
        var cut = SubsetRowCuts.Solve(model.Problem.PracticeCount, model.Candidates, weights, below, support, fewest, seedCount - 1,
            seedCount - 1 + 1e-4, SatEngine.Remaining(limit, started), stop: options.Deadline);
        if (double.IsFinite(cut.Bound)) fewest = Math.Clamp(Math.Max(fewest, AtLeast(cut.Bound)), minCount, seedCount);
        return fewest;
    }

    /// <summary>Each candidate's weight in the count: 1 for the fewest (<paramref name="sense"/> positive), −1 for the
    /// most.</summary>
    private double[] CountWeights(int sense)
    {
        var weights = new double[model.Candidates.Count];
        Array.Fill(weights, sense > 0 ? 1.0 : -1.0);
        return weights;
    }

    /// <summary>The candidates a plan of <paramref name="minCount"/>–<paramref name="maxCount"/> consortia may hold, in
    /// ascending order (<see cref="SetPartitionModel.ColumnsForCount"/>).</summary>
    public int[] ColumnsForCount(int minCount, int maxCount) => model.ColumnsForCount(minCount, maxCount, options.Deadline);

    /// <summary>
    /// The subset-row cut relaxation of "at most <paramref name="maxCount"/> consortia, the fewest" over the candidates
    /// <paramref name="minCount"/>–<paramref name="maxCount"/> allow, started from <paramref name="plan"/>'s candidates
    /// (those it has), for its reduced costs and bound (both valid however far the cut loop got within
    /// <paramref name="limit"/>; null when the LP gave none). Its count row has no lower end: held there (when the
    /// relaxation's optimum falls below the patient range's count, as in CCG D2P2L), it gave every candidate the same
    /// reduced cost.
    /// </summary>
    public CountDuals? CountRelaxation(int minCount, int maxCount, int[] plan, TimeSpan limit)
    {
        var columns = ColumnsForCount(minCount, maxCount);
        var answer = SubsetRowCuts.Solve(model.Problem.PracticeCount, model.Candidates, CountWeights(1), columns, model.StartColumns(plan) ?? [],
            1, maxCount, maxCount + 1e-4, limit, stop: options.Deadline);
        return answer.ReducedCosts.Length == columns.Length && double.IsFinite(answer.Bound) ? new CountDuals(columns, answer) : null;
    }

    /// <summary>An engine's optimum is exact to about its feasibility tolerance: a count bound of 11.9999999 is 12.</summary>
    private const double CountPrecision = 1e-6;

    /// <summary>The least whole count a lower bound on the count allows.</summary>
    internal static int AtLeast(double countBound) => (int)Math.Ceiling(countBound - CountPrecision);

    /// <summary>
    /// The fewest consortia within <paramref name="minCount"/>–<paramref name="maxCount"/>, by CP-SAT alone (not raced with
    /// SCIP, which would take half the cores) minimising the count over the candidates that range allows:
    /// <see cref="EngineStatus.Optimal"/> with a plan of the fewest, <see cref="EngineStatus.Infeasible"/> when no plan has a
    /// count in the range, or <see cref="EngineStatus.Stopped"/> with the best plan found (if any) and a lower bound on the count.
    /// CP-SAT runs only its LP-led strategies here (<see cref="SatEngine.LpLedSearch"/>), on <paramref name="cores"/> workers
    /// (0: every core), from CP-SAT's random seed <paramref name="randomSeed"/> (0: its default); <paramref name="stop"/> ends
    /// it early. <paramref name="columns"/> replaces those candidates: the statuses and the bound then speak for every plan
    /// only when it holds every candidate a plan in the range can hold (<see cref="CountDuals.Keep"/>), otherwise for the
    /// candidates given alone (<see cref="CountDuals.Least"/>).
    /// </summary>
    public Attempt FewestOnSat(int minCount, int maxCount, TimeSpan limit, CancellationToken stop = default, int cores = 0, int randomSeed = 0,
        int[]? columns = null) =>
        OnCount(minCount, maxCount, 1, limit, null, SatEngine.LpLedSearch(options, cores, randomSeed) with { MipEngine = MipEngine.CpSat }, stop, columns);

    /// <summary>
    /// Whether a plan with <paramref name="minCount"/>–<paramref name="maxCount"/> consortia exists, decided by branching
    /// on pairs of practices over the cut relaxation (<see cref="CountBranching"/>) within <paramref name="limit"/>:
    /// <see cref="EngineStatus.Infeasible"/>, <see cref="EngineStatus.Optimal"/> with such a plan in <paramref name="plan"/>,
    /// or <see cref="EngineStatus.Stopped"/> (also when <paramref name="stop"/> ends it, or after <paramref name="maxNodes"/> nodes).
    /// </summary>
    public EngineStatus FindCount(int minCount, int maxCount, TimeSpan limit, out int[]? plan, CancellationToken stop = default, int maxNodes = int.MaxValue)
    {
        plan = null;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(options.Deadline, stop);
        var branched = CountBranching.Solve(model.Problem.PracticeCount, model.Candidates, ColumnsForCount(minCount, maxCount), [],
            minCount, maxCount, limit, stop: either.Token, maxNodes: maxNodes);
        if (branched.Chosen is not null) plan = model.Decode(branched.Chosen);
        options.Budget?.Grant(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"count branching ended: {branched.Status}, {branched.Nodes:N0} nodes"), 0);
        return branched.Status;
    }
}
