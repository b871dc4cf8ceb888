namespace Partitioner.Core.Studies;

/// <summary>
/// One option of a <see cref="StudyRequest"/> as the front ends name it: <see cref="Name"/> in the HTTP API's JSON
/// (snake_case) and <see cref="Flag"/> on the command line. Problems with a request name the option by
/// <see cref="Name"/>; each front end shows its own spelling.
/// </summary>
public sealed record RequestOption(string Name, string Flag)
{
    public static readonly RequestOption Fields = new("fields", "--field");
    public static readonly RequestOption Crs = new("crs", "--crs");
    public static readonly RequestOption Missing = new("missing", "--missing");
    public static readonly RequestOption GroupBy = new("group_by", "--group-by");
    public static readonly RequestOption Boundary = new("boundary", "--boundary");
    public static readonly RequestOption BridgeIslands = new("bridge_islands", "--no-bridges");
    public static readonly RequestOption CouncilField = new("council_field", "--council-field");
    public static readonly RequestOption Councils = new("councils", "--councils");
    public static readonly RequestOption Min = new("min", "--min");
    public static readonly RequestOption Max = new("max", "--max");
    public static readonly RequestOption CountMin = new("count_min", "--count-min");
    public static readonly RequestOption CountMax = new("count_max", "--count-max");
    public static readonly RequestOption TargetSize = new("target_size", "--target-size");
    public static readonly RequestOption CountPreference = new("count_preference", "--prefer");
    public static readonly RequestOption Balance = new("balance", "--balance");
    public static readonly RequestOption DeprivedShare = new("deprived_share", "--deprived-share");
    public static readonly RequestOption Objective = new("objective", "--objective");
    public static readonly RequestOption Locks = new("locks", "--lock");
    public static readonly RequestOption Seed = new("seed", "--seed");
    public static readonly RequestOption TimeLimit = new("time_limit_seconds", "--time");
    public static readonly RequestOption MaxSteps = new("max_steps", "--max-steps");
    public static readonly RequestOption Restarts = new("restarts", "--restarts");
    public static readonly RequestOption Threads = new("threads", "--threads");
    public static readonly RequestOption Mode = new("mode", "--mode");
    public static readonly RequestOption Exact = new("exact", "--exact");
    public static readonly RequestOption Recombine = new("recombine", "--recombine");
    public static readonly RequestOption Recut = new("recut", "--recut");
    public static readonly RequestOption WholeCouncils = new("whole_councils", "--whole-councils");
    public static readonly RequestOption Localities = new("localities", "--localities");
    public static readonly RequestOption RiskReserve = new("risk.reserve", "--risk-reserve");

    /// <summary>Every option, in the order the documentation lists them.</summary>
    public static IReadOnlyList<RequestOption> All { get; } =
    [
        Fields, Crs, Missing, GroupBy, Boundary, BridgeIslands, CouncilField, Councils, WholeCouncils, Min, Max, CountMin, CountMax, TargetSize, CountPreference,
        Balance, DeprivedShare, Objective, Locks, Seed, TimeLimit, MaxSteps, Restarts, Threads, Mode, Exact, Recombine, Recut, Localities, RiskReserve,
    ];

    /// <summary>The option called <paramref name="name"/> in the API (or a sub-member such as <c>balance.spend</c>), or null.</summary>
    public static RequestOption? Find(string name)
    {
        foreach (var o in All) if (o.Name == name) return o;
        int dot = name.IndexOf('.');
        var head = dot < 0 ? name : name[..dot];
        foreach (var o in All) if (o.Name == head) return o;
        return null;
    }
}
