namespace Partitioner.Core.Imports;

/// <summary>How to build the practice file.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// The date the data describe: a practice whose close date is before it is left out (with a warning).
    /// Null: every practice with a close date is left out.
    /// </summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Which IMD vintage to take from the deprivation file (e.g. 2015); null = the latest year in it.</summary>
    public int? DeprivationYear { get; init; }
}
