using System.Globalization;
using System.Text;
using Google.OrTools.Sat;

namespace Partitioner.Exact;

/// <summary>
/// Runs CP-SAT (Google.OrTools) for the exact models: parameters from <see cref="ExactOptions"/>, status mapping, and the
/// integer scaling of objectives (CP-SAT's linear terms are integers). Each call owns its <see cref="CpModel"/> and
/// <see cref="CpSolver"/>, so solves in different threads share nothing; thread-safe.
/// </summary>
internal static class SatEngine
{
    /// <summary>Largest scaled objective coefficient: well inside 2⁵³, so CP-SAT's LP sees every cost exactly.</summary>
    private const double LargestScaledCost = 1e9;

    /// <summary>Default least number of CP-SAT workers (see <see cref="ExactOptions.Workers"/>).</summary>
    private const int MinimumWorkers = 8;

    /// <summary>
    /// Integer objective coefficients for <paramref name="costs"/> (any non-negative reals): cost × scale, rounded, with
    /// the largest at about 10⁹. Each term is then off by at most half a unit, so a plan of k consortia is off by at most
    /// k / (2·scale), about 10⁻⁹ of the largest cost per consortium.
    /// </summary>
    public static long[] Scale(ReadOnlySpan<double> costs, out double scale)
    {
        double largest = 0;
        foreach (double c in costs) largest = Math.Max(largest, Math.Abs(c));
        scale = largest > 0 ? LargestScaledCost / largest : 1;
        var scaled = new long[costs.Length];
        for (int k = 0; k < costs.Length; k++) scaled[k] = (long)Math.Round(costs[k] * scale);
        return scaled;
    }

    /// <summary>Solves <paramref name="model"/> within <paramref name="limit"/> with the options' workers, gap and log level; <paramref name="stop"/> ends the search early.</summary>
    public static (EngineStatus Status, CpSolver Solver) Solve(CpModel model, ExactOptions options, TimeSpan limit, CancellationToken stop = default,
        CpSolverSolutionCallback? onSolution = null)
    {
        var solver = new CpSolver { StringParameters = Parameters(options, limit) };
        CpSolverStatus status;
        using (stop.Register(solver.StopSearch))
        using (options.Deadline.Register(solver.StopSearch))
            status = solver.Solve(model, onSolution);
        return status switch
        {
            CpSolverStatus.Optimal => (EngineStatus.Optimal, solver),
            CpSolverStatus.Infeasible => (EngineStatus.Infeasible, solver),
            CpSolverStatus.ModelInvalid => throw new InvalidOperationException("CP-SAT rejected the model: " + model.Validate()),
            _ => (EngineStatus.Stopped, solver),
        };
    }

    /// <summary>What is left of <paramref name="limit"/> since the timestamp <paramref name="started"/>, never negative.</summary>
    public static TimeSpan Remaining(TimeSpan limit, long started)
    {
        var left = limit - System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// A time limit for Google.OrTools' linear solvers (GLOP, SCIP) in whole milliseconds, at least 1: their limit 0 would
    /// mean none at all.
    /// </summary>
    public static long Milliseconds(TimeSpan limit) => Math.Max(1, (long)limit.TotalMilliseconds);

    /// <summary>
    /// How much earlier than its grant CP-SAT is told to stop: its workers notice the limit only between their own steps,
    /// and with 8 workers on 2 cores they returned up to 1.1 s after it (CCG 00T at 24,000 candidates: walltime 18.69 s
    /// for max_time_in_seconds 17.57, load average 4–5). A tenth of the grant, at most 1.5 s.
    /// </summary>
    internal static TimeSpan StopLatency(TimeSpan limit)
    {
        var tenth = limit / 10;
        var most = TimeSpan.FromSeconds(1.5);
        return tenth < TimeSpan.Zero ? TimeSpan.Zero : tenth > most ? most : tenth;
    }

    /// <summary>
    /// CP-SAT's LP-led strategies, in the order they are given workers: the two led by the LP relaxation
    /// (over every row at once, and fixing by reduced costs), then the usual ones when there are more cores. In the full
    /// portfolio of 8 workers on 2 cores each gets a quarter of a core, and CP-SAT found 93C's 57 localities in 4 of 9 runs
    /// within 25 s (12.7–19.5 s; three times by the first strategy, once by the second); with these two alone, each on a
    /// core, in 5 of 6 runs (2.7–7.2 s; four times by the first, once by a neighbourhood search that runs beside them). One
    /// worker alone, with the first strategy's LP (every row, linearization level 2), found it in 4 of 4 runs (2.5–22.7 s)
    /// (tools/Partitioner.Bench.Exact/RESULTS.md, eleventh part). The compactness solves gain the same way beside SCIP
    /// (twelfth part).
    /// </summary>
    private static readonly string[] LpLedStrategies = ["max_lp", "reduced_costs", "default_lp", "core", "quick_restart", "no_lp"];

    /// <summary>
    /// <paramref name="options"/> for a CP-SAT solve led by its LP relaxation (the count race, and CP-SAT beside SCIP in
    /// <see cref="SetPartitionRace"/>): <paramref name="cores"/> workers
    /// (0: the options' own number if set, else one per core), each running one of <see cref="LpLedStrategies"/> in order,
    /// from CP-SAT's random seed <paramref name="randomSeed"/> (0: its default). The options' own parameters still come
    /// last and win (<see cref="OnceEach"/>).
    /// </summary>
    public static ExactOptions LpLedSearch(ExactOptions options, int cores = 0, int randomSeed = 0)
    {
        int workers = cores > 0 ? cores : options.Workers > 0 ? options.Workers : Environment.ProcessorCount;
        workers = Math.Clamp(workers, 1, LpLedStrategies.Length);
        var sb = new StringBuilder();
        if (randomSeed > 0) sb.Append(CultureInfo.InvariantCulture, $"random_seed:{randomSeed} ");
        // One worker runs CP-SAT's sequential search, not a named strategy: the first strategy's LP is asked for directly.
        if (workers == 1) sb.Append("linearization_level:2 ");
        else for (int k = 0; k < workers; k++) sb.Append(CultureInfo.InvariantCulture, $"subsolvers:\"{LpLedStrategies[k]}\" ");
        return options with { Workers = workers, SolverParameters = sb + options.SolverParameters };
    }

    /// <summary>Below this an engine is not started: building its model alone takes longer.</summary>
    public static readonly TimeSpan MinimumRun = TimeSpan.FromSeconds(0.05);

    /// <summary>Whether the solver holds a solution (CP-SAT's Optimal or Feasible).</summary>
    public static bool HasSolution(CpSolver solver) =>
        solver.Response?.Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;

    private static string Parameters(ExactOptions options, TimeSpan limit)
    {
        var sb = new StringBuilder();
        int workers = options.Workers > 0 ? options.Workers : Math.Max(MinimumWorkers, Environment.ProcessorCount);
        sb.Append(CultureInfo.InvariantCulture, $"num_workers:{workers} ");
        sb.Append(CultureInfo.InvariantCulture, $"max_time_in_seconds:{Math.Max(0.01, (limit - StopLatency(limit)).TotalSeconds):R} ");
        if (options.RelativeGap > 0) sb.Append(CultureInfo.InvariantCulture, $"relative_gap_limit:{options.RelativeGap:R} ");
        sb.Append(options.LogLevel > 0 ? "log_search_progress:true " : "log_search_progress:false ");
        if (!string.IsNullOrWhiteSpace(options.SolverParameters)) sb.Append(options.SolverParameters);
        return OnceEach(sb.ToString());
    }

    /// <summary>CP-SAT's fields that may be given more than once (lists of strategies).</summary>
    private static readonly HashSet<string> RepeatedFields = new(StringComparer.Ordinal)
    {
        "subsolvers", "extra_subsolvers", "ignore_subsolvers", "filter_subsolvers",
    };

    /// <summary>
    /// <paramref name="parameters"/> (CP-SAT's text format, <c>name:value</c> pairs) with each field that may be given only
    /// once kept at its last setting, so a caller's parameter replaces the solver's own: CP-SAT aborts the whole process on
    /// such a field given twice (seen with linearization_level). Lists of strategies are kept whole. Text in any other form
    /// (a nested message, a space after a colon) is returned as it is.
    /// </summary>
    internal static string OnceEach(string parameters)
    {
        var pairs = parameters.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var pair in pairs)
            if (pair.IndexOf(':', StringComparison.Ordinal) <= 0 || pair.EndsWith(':') || pair.Contains('{') || pair.Contains('}')) return parameters;
        static string Field(string pair) => pair[..pair.IndexOf(':', StringComparison.Ordinal)];
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < pairs.Length; k++) last[Field(pairs[k])] = k;
        var kept = new List<string>(pairs.Length);
        for (int k = 0; k < pairs.Length; k++)
            if (RepeatedFields.Contains(Field(pairs[k])) || last[Field(pairs[k])] == k) kept.Add(pairs[k]);
        return string.Join(' ', kept);
    }
}
