using Partitioner.Core.Rules;

namespace Partitioner.Core.Levels;

/// <summary>
/// The rules of one level above the consortia: population bounds, count bounds and preference, balance tolerances and
/// share rule (<see cref="Rules"/>, measured on the level's own units), and locks naming the group a unit of the level
/// below must join (e.g. consortium "C012" → federation "Tees").
/// </summary>
public sealed record LevelRules
{
    /// <summary>Which level these rules make.</summary>
    public required LevelKind Kind { get; init; }

    /// <summary>Bounds, count, balance and share rules of the level (the objective weights are not used).</summary>
    public required ConsortiumRules Rules { get; init; }

    /// <summary>Units of the level below pinned to named groups of this level.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Locks { get; init; } = [];

    /// <summary>The default federation rules: at least 500,000 patients (the BMA's recommended minimum), at most
    /// 2,000,000, balance as given for the consortia.</summary>
    public static LevelRules Federations(ConsortiumRules consortia, double min = 500_000, double max = 2_000_000) => new()
    {
        Kind = LevelKind.Federation,
        Rules = Above(consortia, min, max),
    };

    /// <summary>The default support-agency rules: at least 1,000,000 patients (the King's Fund's figure), at most
    /// 6,000,000, balance as given for the consortia.</summary>
    public static LevelRules Agencies(ConsortiumRules consortia, double min = 1_000_000, double max = 6_000_000) => new()
    {
        Kind = LevelKind.Agency,
        Rules = Above(consortia, min, max),
    };

    /// <summary>The prefix of the level's default group names (F001, A001, …).</summary>
    public static string Prefix(LevelKind kind) => kind switch
    {
        LevelKind.Locality => "L",
        LevelKind.Consortium => "C",
        LevelKind.Federation => "F",
        _ => "A",
    };

    /// <summary>The level's name in reports and file names, singular and plural.</summary>
    public static (string One, string Many) Name(LevelKind kind) => kind switch
    {
        LevelKind.Locality => ("locality", "localities"),
        LevelKind.Consortium => ("consortium", "consortia"),
        LevelKind.Federation => ("federation", "federations"),
        _ => ("agency", "agencies"),
    };

    // A union of consortia within a balance tolerance is within it too (a weighted mean of values in a band stays in the
    // band), so keeping the consortia's balance rules costs the upper levels nothing when the consortia meet them.
    private static ConsortiumRules Above(ConsortiumRules consortia, double min, double max) => new()
    {
        MinPatients = min,
        MaxPatients = max,
        Deprivation = consortia.Deprivation,
        Spend = consortia.Spend,
        MinDeprivedShare = consortia.MinDeprivedShare,
    };
}
