using System.Globalization;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Partitioner.Core.Councils;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// One request to plan or check consortia, whatever the front end: how to read the practices, the rules, the objective,
/// locks and how to solve. The command line and the HTTP API only map their own syntax onto it (with the shared text
/// forms of <see cref="RequestText"/>), so every option means the same on both sides, has the same default and is
/// checked by the same <see cref="Validate"/>. Immutable.
/// </summary>
public sealed record StudyRequest
{
    // How to read the practices.
    public FieldMapping Fields { get; init; } = new();
    public CoordinateSystem Crs { get; init; } = CoordinateSystem.Auto;
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>The practices' existing grouping field (e.g. <c>ccg_code</c>): the disruption term's groups, or the plan an evaluation checks.</summary>
    public string? GroupBy { get; init; }

    /// <summary>The study area (British National Grid metres); null = the hull of the practices buffered by 5 km.</summary>
    public Geometry? Boundary { get; init; }

    /// <summary>Where the boundary came from, for the report (a file name, a dataset, "inline").</summary>
    public string? BoundarySource { get; init; }

    public bool BridgeIslands { get; init; } = true;

    /// <summary>
    /// The practice field holding each practice's council (e.g. <c>la_code_2014</c>, <c>icb_code_2022</c>) for the
    /// coterminosity figures; null = the first of <see cref="CouncilAssignment.DefaultFields"/> the practices carry.
    /// </summary>
    public string? CouncilField { get; init; }

    /// <summary>Council polygons instead of a field: each practice's council is the polygon containing it.</summary>
    public AreaMap? Councils { get; init; }

    // The rules.
    public double MinPatients { get; init; } = 100_000;
    public double MaxPatients { get; init; } = 750_000;
    public int? CountMin { get; init; }
    public int? CountMax { get; init; }
    public double? TargetSize { get; init; }

    /// <summary>The count preference; null = nearest to <see cref="TargetSize"/> when one is given, else none.</summary>
    public CountPreference? CountPreference { get; init; }

    public BalanceTolerance? Deprivation { get; init; }
    public BalanceTolerance? Spend { get; init; }
    public double? DeprivedShare { get; init; }

    // The objective's optional terms (compactness is always on) and locks.
    public double SpreadWeight { get; init; }
    public double DisruptionWeight { get; init; }

    /// <summary>
    /// Weight of the coterminosity term: the share of patients separated from their council-mates (the disruption
    /// measure with each practice's council as its group), so a plan of unions of whole councils costs nothing.
    /// </summary>
    public double CoterminosityWeight { get; init; }

    /// <summary>Weight of the length of the borders between consortia (see <see cref="ConsortiumRules.BoundaryWeight"/>).</summary>
    public double BoundaryWeight { get; init; }

    /// <summary>Weight of overspend risk beyond <see cref="RiskReserve"/> (see <see cref="ConsortiumRules.RiskWeight"/>).</summary>
    public double RiskWeight { get; init; }

    /// <summary>The reserve (share of the budget) the risk term and the risk rule measure overspending beyond.</summary>
    public double RiskReserve { get; init; } = 0.02;

    /// <summary>
    /// The levels around the consortia (federations, agencies, the overspend-risk model and rule, a mosaic, the transition,
    /// a moves budget); the default asks for nothing beyond a plain plan (<see cref="LevelsRequest.Any"/> false), but its
    /// risk model and current map still give a plain plan's risk and transition figures.
    /// </summary>
    public LevelsRequest Levels { get; init; } = new();

    /// <summary>Practice code → consortium name pins.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Locks { get; init; } = [];

    // How to solve.
    public ulong Seed { get; init; } = 1;
    public double TimeLimitSeconds { get; init; } = 60;
    public long? MaxSteps { get; init; }
    public int Restarts { get; init; } = 4;

    /// <summary>Worker threads (null = all cores); the plan does not depend on it.</summary>
    public int? Threads { get; init; }

    public SolveMode Mode { get; init; } = SolveMode.Strict;

    /// <summary>After the heuristic, prove the optimum with the exact solver (small areas).</summary>
    public bool Exact { get; init; }

    /// <summary>Keep the valid consortia the search meets and let the exact solver choose the best set of them.</summary>
    public bool Recombine { get; init; }

    /// <summary>
    /// After the heuristic (and recombination), re-cut every pair of neighbouring consortia exactly with the exact solver,
    /// keeping every rule, while it makes the plan more compact (compactness-only objectives).
    /// </summary>
    public bool Recut { get; init; }

    /// <summary>Whether the request needs the exact solver (a proof, recombination, re-cuts or localities).</summary>
    public bool NeedsExactEngine => Exact || Recombine || Recut || LocalityMax is not null;

    /// <summary>
    /// When set, every consortium of the plan is also split into contiguous localities of at most this many patients
    /// (the fewest, then the most compact; a practice above it is a locality on its own), by the exact solver.
    /// </summary>
    public double? LocalityMax { get; init; }

    /// <summary>
    /// Consortia are unions of whole councils (<see cref="Councils.CouncilUnits"/>): a council is split only when its
    /// practices are not connected or it holds more patients than the maximum (then into the fewest pieces).
    /// </summary>
    public bool WholeCouncils { get; init; }

    /// <summary>Valid consortia kept for recombination.</summary>
    public const int RecombinationPool = 3_000;

    /// <summary>The count preference that applies (see <see cref="CountPreference"/>).</summary>
    public CountPreference Preference => CountPreference ?? (TargetSize is not null ? Partitioner.Core.Rules.CountPreference.NearestTarget : Partitioner.Core.Rules.CountPreference.None);

    /// <summary>Whether the grouping field feeds the disruption term (a positive weight and a field).</summary>
    public bool MinimisesDisruption => DisruptionWeight > 0 && GroupBy is not null;

    /// <summary>
    /// Every problem with the request's values, each naming the option (its API name), the value and what to do;
    /// empty when the request can be run. <paramref name="evaluating"/>: the request checks a plan, so solver-only
    /// needs (the disruption field) do not apply.
    /// </summary>
    public List<InputProblem> Validate(RequestLimits? limits = null, bool evaluating = false)
    {
        limits ??= new RequestLimits();
        var problems = new List<InputProblem>();
        void Add(RequestOption option, object? value, string message, string? member = null) =>
            problems.Add(new InputProblem("options", member is null ? option.Name : $"{option.Name}.{member}", value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), message));
        string max = limits.MaxPatients.ToString("N0", CultureInfo.InvariantCulture);

        if (!double.IsFinite(MinPatients) || MinPatients < 1 || MinPatients > limits.MaxPatients)
            Add(RequestOption.Min, MinPatients, $"The minimum must be a number of patients from 1 to {max}.");
        if (!double.IsFinite(MaxPatients) || MaxPatients < 1 || MaxPatients > limits.MaxPatients)
            Add(RequestOption.Max, MaxPatients, $"The maximum must be a number of patients from 1 to {max}.");
        else if (double.IsFinite(MinPatients) && MinPatients > MaxPatients)
            Add(RequestOption.Min, $"{MinPatients}–{MaxPatients}", "The minimum is larger than the maximum. Swap them or widen the range.");
        if (CountMin is { } cmin && (cmin < 1 || cmin > limits.MaxCount)) Add(RequestOption.CountMin, cmin, $"Give 1 to {limits.MaxCount:N0} consortia.");
        if (CountMax is { } cmax && (cmax < 1 || cmax > limits.MaxCount)) Add(RequestOption.CountMax, cmax, $"Give 1 to {limits.MaxCount:N0} consortia.");
        if (CountMin is { } lo && CountMax is { } hi && lo > hi) Add(RequestOption.CountMin, $"{lo}–{hi}", "The fewest consortia allowed is more than the most allowed. Swap them.");
        if (TargetSize is { } ts && (!double.IsFinite(ts) || ts < 1 || ts > limits.MaxPatients)) Add(RequestOption.TargetSize, ts, $"Give a target size from 1 to {max} patients.");
        if (CountPreference == Partitioner.Core.Rules.CountPreference.NearestTarget && TargetSize is null)
            Add(RequestOption.CountPreference, "nearest", "The nearest preference needs a target size (patients per consortium).");
        if (DeprivedShare is { } share && !(share is >= 0 and <= 1)) Add(RequestOption.DeprivedShare, share, "Give a fraction between 0 and 1, e.g. 0.3.");
        if (!double.IsFinite(SpreadWeight) || SpreadWeight < 0 || SpreadWeight > 1e6) Add(RequestOption.Objective, SpreadWeight, "The spread weight must be a number from 0 to 1,000,000.", "spread");
        if (!double.IsFinite(DisruptionWeight) || DisruptionWeight < 0 || DisruptionWeight > 1e6) Add(RequestOption.Objective, DisruptionWeight, "The disruption weight must be a number from 0 to 1,000,000.", "disruption");
        if (!double.IsFinite(BoundaryWeight) || BoundaryWeight < 0 || BoundaryWeight > 1e6) Add(RequestOption.Objective, BoundaryWeight, "The boundary weight must be a number from 0 to 1,000,000.", "boundary");
        if (!double.IsFinite(CoterminosityWeight) || CoterminosityWeight < 0 || CoterminosityWeight > 1e6) Add(RequestOption.Objective, CoterminosityWeight, "The coterminosity weight must be a number from 0 to 1,000,000.", "coterminosity");
        else if (CoterminosityWeight > 0 && DisruptionWeight > 0)
            Add(RequestOption.Objective, CoterminosityWeight, "The coterminosity and disruption terms share one measure and do not yet combine. Give one of them.", "coterminosity");
        if (!double.IsFinite(RiskWeight) || RiskWeight < 0 || RiskWeight > 1e6) Add(RequestOption.Objective, RiskWeight, "The risk weight must be a number from 0 to 1,000,000.", "risk");
        if (!(RiskReserve is >= 0 and < 1)) Add(RequestOption.RiskReserve, RiskReserve, "Give the reserve as a share of the budget from 0 up to 1, e.g. 0.02 for 2%.");
        foreach (var p in Levels.Problems()) problems.Add(p with { Where = "options" });
        if (Levels.Any && (Exact || Recombine))
            Add(Exact ? RequestOption.Exact : RequestOption.Recombine, true,
                "Exact mode and recombination do not yet combine with federations, the risk rule, the mosaic or a moves budget. Run them separately.");
        if (Recut && (SpreadWeight > 0 || DisruptionWeight > 0 || BoundaryWeight > 0 || CoterminosityWeight > 0 || RiskWeight > 0))
            Add(RequestOption.Recut, true, "The re-cuts optimise compactness alone, and this objective also weighs spread, disruption, boundary, coterminosity or risk. Leave recut out, or the other objective terms.");
        if (Recut && (Levels.Any || WholeCouncils))
            Add(RequestOption.Recut, true, "The re-cuts do not yet combine with whole councils or the levels (federations, risk rule, mosaic, moves budget). Leave one out.");
        if (DisruptionWeight > 0 && GroupBy is null && !evaluating)
            Add(RequestOption.Objective, DisruptionWeight, "The disruption term needs the existing grouping: name the field holding each practice's current group (group-by, e.g. ccg_code).", "disruption");
        if (!double.IsFinite(TimeLimitSeconds) || TimeLimitSeconds <= 0)
            Add(RequestOption.TimeLimit, TimeLimitSeconds, "Give a time limit in seconds, more than 0.");
        else if (TimeLimitSeconds > limits.MaxTimeLimitSeconds)
            Add(RequestOption.TimeLimit, TimeLimitSeconds, $"The longest allowed is {limits.MaxTimeLimitSeconds.ToString(CultureInfo.InvariantCulture)} s here. Ask for less, or set max_steps for a deterministic budget.");
        if (MaxSteps is { } steps && (steps < 1 || steps > limits.MaxSteps)) Add(RequestOption.MaxSteps, steps, $"Give 1 to {limits.MaxSteps:N0} steps per restart.");
        if (Restarts < 1 || Restarts > limits.MaxRestarts) Add(RequestOption.Restarts, Restarts, $"Give 1 to {limits.MaxRestarts} restarts.");
        if (Threads is { } th && (th < 1 || th > limits.MaxThreads)) Add(RequestOption.Threads, th, $"Give 1 to {limits.MaxThreads} threads.");
        if (LocalityMax is { } lm && (!double.IsFinite(lm) || lm < 1 || lm > limits.MaxPatients))
            Add(RequestOption.Localities, lm, $"Give the largest locality in patients, from 1 to {max} (e.g. 30000).");
        if (CouncilField is not null && Councils is not null)
            Add(RequestOption.CouncilField, CouncilField, "Give the councils either as a practice field (council_field) or as polygons (councils), not both.");
        if (WholeCouncils && (Exact || Recombine || Levels.Any))
            Add(RequestOption.WholeCouncils, true, "Whole councils do not yet combine with exact mode, recombination or the levels (federations, risk rule, mosaic, moves budget). Leave one out.");
        if (WholeCouncils && DeprivedShare is not null)
            Add(RequestOption.WholeCouncils, true, "Whole councils do not combine with the deprived-share rule (a council holds practices on both sides of the median). Use a deprivation balance band instead.");
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, name) in Locks)
            if (!pinned.TryAdd(code, name) && pinned[code] != name)
                Add(RequestOption.Locks, code, $"Practice {code} is locked to both '{pinned[code]}' and '{name}'. Lock it to one consortium.");
        return problems;
    }

    /// <summary>Throws an <see cref="InputException"/> listing <paramref name="problems"/> and every problem of <see cref="Validate"/>, if there are any.</summary>
    public StudyRequest Checked(List<InputProblem> problems, RequestLimits? limits = null, bool evaluating = false)
    {
        problems.AddRange(Validate(limits, evaluating));
        if (problems.Count > 0) throw new InputException(problems);
        return this;
    }

    /// <summary>The rules and objective weights the request states.</summary>
    public ConsortiumRules Rules() => new()
    {
        MinPatients = MinPatients,
        MaxPatients = MaxPatients,
        MinCount = CountMin,
        MaxCount = CountMax,
        TargetSize = TargetSize,
        CountPreference = Preference,
        Deprivation = Deprivation,
        Spend = Spend,
        MinDeprivedShare = DeprivedShare,
        SpreadWeight = SpreadWeight,
        // The coterminosity term is the disruption measure over councils (Planner gives the councils as the groups).
        DisruptionWeight = DisruptionWeight > 0 ? DisruptionWeight : CoterminosityWeight,
        BoundaryWeight = BoundaryWeight,
        RiskWeight = RiskWeight,
        RiskReserve = RiskReserve,
        RiskPerPatientCv = Levels.Risk.PerPatientCv,
    };

    /// <summary>How to read the practices (the grouping field read when <see cref="GroupBy"/> is set).</summary>
    public PracticeReadOptions ReadOptions() => new()
    {
        Fields = GroupBy is not null && Fields.Group is null ? Fields with { Group = GroupBy } : Fields,
        CoordinateSystem = Crs,
    };

    /// <summary>The heuristic solver's options.</summary>
    public SolverOptions SolverOptions(IProgress<SolveProgress>? progress = null) => new()
    {
        Seed = Seed,
        TimeLimit = TimeSpan.FromSeconds(TimeLimitSeconds),
        MaxSteps = MaxSteps,
        Restarts = Restarts,
        MaxDegreeOfParallelism = Threads,
        Mode = Mode,
        Progress = progress,
        CollectPool = Recombine ? RecombinationPool : 0,
    };

    /// <summary>The request as the report's "parameters" section lists it: every option that shaped the result.</summary>
    public JsonObject ToJson()
    {
        var locks = new JsonObject();
        foreach (var (code, name) in Locks) locks[code] = name;
        return new JsonObject
        {
            ["min_patients"] = MinPatients,
            ["max_patients"] = MaxPatients,
            ["count_min"] = CountMin,
            ["count_max"] = CountMax,
            ["target_size"] = TargetSize,
            ["count_preference"] = Snake(Preference.ToString()),
            ["balance"] = new JsonObject { ["deprivation"] = Tolerance(Deprivation), ["spend"] = Tolerance(Spend) },
            ["deprived_share"] = DeprivedShare,
            ["objective"] = new JsonObject { ["compactness"] = 1, ["spread"] = SpreadWeight, ["disruption"] = DisruptionWeight, ["boundary"] = BoundaryWeight, ["risk"] = RiskWeight, ["coterminosity"] = CoterminosityWeight },
            ["risk_reserve"] = RiskReserve,
            ["group_by"] = GroupBy,
            ["fields"] = Mapping(Fields),
            ["locks"] = locks,
            ["crs"] = Snake(Crs.ToString()),
            ["missing"] = Snake(Missing.ToString()),
            ["boundary"] = BoundarySource,
            ["bridge_islands"] = BridgeIslands,
            ["council_field"] = CouncilField,
            ["councils"] = Councils?.Source,
            ["whole_councils"] = WholeCouncils,
            ["seed"] = Seed,
            ["time_limit_seconds"] = TimeLimitSeconds,
            ["max_steps"] = MaxSteps,
            ["restarts"] = Restarts,
            ["threads"] = Threads,
            ["mode"] = Snake(Mode.ToString()),
            ["exact"] = Exact,
            ["recombine"] = Recombine,
            ["recut"] = Recut,
            ["localities"] = LocalityMax,
            ["levels"] = LevelsJson(Levels),
        };
    }

    private static JsonObject LevelsJson(LevelsRequest l)
    {
        static JsonObject? Level(Levels.LevelRules? r) => r is null ? null : new JsonObject
        {
            ["min_patients"] = r.Rules.MinPatients, ["max_patients"] = r.Rules.MaxPatients, ["count_max"] = r.Rules.MaxCount,
            ["count_preference"] = Snake(r.Rules.CountPreference.ToString()),
            ["balance"] = new JsonObject { ["deprivation"] = Tolerance(r.Rules.Deprivation), ["spend"] = Tolerance(r.Rules.Spend) },
            ["locks"] = Locks(r.Locks),
        };
        static JsonObject Locks(IReadOnlyList<KeyValuePair<string, string>> locks)
        {
            var o = new JsonObject();
            foreach (var (unit, group) in locks) o[unit] = group;
            return o;
        }
        return new JsonObject
        {
            ["federations"] = Level(l.Federations),
            ["agencies"] = Level(l.Agencies),
            ["risk_cv"] = l.Risk.PerPatientCv,
            ["risk_practice_sd"] = l.Risk.PracticeSd,
            ["reserves"] = new JsonArray(l.Risk.Reserves.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            ["max_overspend_risk"] = l.MaxOverspendRisk,
            ["mosaic_distance_km"] = l.Mosaic?.DistanceKm,
            ["mosaic_density"] = l.Mosaic?.MinDensity,
            ["mosaic_area"] = l.Mosaic?.Area is null ? null : "given",
            ["pace_cap"] = l.Transition.PaceCap,
            ["max_moves"] = l.MovesBudget?.Practices,
            ["max_moved_patients"] = l.MovesBudget?.Patients,
        };
    }

    private static JsonObject Mapping(FieldMapping f)
    {
        static JsonArray Names(IReadOnlyList<string> names) => new(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        return new JsonObject
        {
            ["code"] = Names(f.Code), ["name"] = Names(f.Name), ["patients"] = Names(f.Patients), ["deprivation"] = Names(f.Deprivation),
            ["spend"] = Names(f.Spend), ["group"] = f.Group, ["x"] = Names(f.X), ["y"] = Names(f.Y),
        };
    }

    private static JsonObject? Tolerance(BalanceTolerance? t) => t is null ? null : new JsonObject
    {
        ["tolerance"] = t.Value,
        ["kind"] = t.Kind == ToleranceKind.Relative ? "relative" : "absolute",
    };

    private static string Snake(string pascal) => SolverReport.SnakeCase(pascal);
}
