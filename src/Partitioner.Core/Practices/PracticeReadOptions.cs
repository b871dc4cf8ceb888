namespace Partitioner.Core.Practices;

/// <summary>
/// How to read a practices file, and the limits that hold while it is read (a file past a limit is
/// refused as soon as the reader gets there, before it costs more). The defaults fit any English study
/// area with room to spare; a service can tighten them.
/// </summary>
public sealed record PracticeReadOptions
{
    public FieldMapping Fields { get; init; } = new();
    public CoordinateSystem CoordinateSystem { get; init; } = CoordinateSystem.Auto;

    /// <summary>Most practices (CSV rows or GeoJSON features) one input may hold. England has fewer than 10,000.</summary>
    public int MaxPractices { get; init; } = 20_000;

    /// <summary>Most CSV columns, or properties of one GeoJSON feature.</summary>
    public int MaxColumns { get; init; } = 1_000;

    /// <summary>Most characters in one CSV row (a quoted field's line breaks count).</summary>
    public int MaxLineLength { get; init; } = 100_000;

    /// <summary>Most bytes read from one input (64 MiB; the real England file is 1.7 MB).</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most problems listed; the rest are counted (<see cref="InputException.NotListed"/>).</summary>
    public int MaxProblems { get; init; } = 100;

    /// <summary>
    /// Most registered patients at one practice. The largest English practices have about 100,000;
    /// a list size beyond this bound is a typing or unit error, and would make the study meaningless.
    /// </summary>
    public double MaxPatientsPerPractice { get; init; } = 1_000_000;

    /// <summary>
    /// Largest spend of one practice in £ per year, either way (spend may be negative after a clawback).
    /// Real practices receive up to about £20 million a year.
    /// </summary>
    public double MaxAbsoluteSpend { get; init; } = 1_000_000_000;

    /// <summary>
    /// Largest deprivation value either way. IMD scores run from 0 to about 100; other measures
    /// (ranks, Townsend scores) stay far inside this bound.
    /// </summary>
    public double MaxAbsoluteDeprivation { get; init; } = 1_000_000;

    /// <summary>
    /// When true a practice with no value in the grouping field is read with no group (<see cref="Practice.Group"/> null)
    /// instead of being an input problem: for commands that look at one group only, such as splitting one consortium into
    /// localities.
    /// </summary>
    public bool GroupOptional { get; init; }
}
