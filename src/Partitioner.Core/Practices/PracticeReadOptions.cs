namespace Partitioner.Core.Practices;

/// <summary>How to read a practices file.</summary>
public sealed record PracticeReadOptions
{
    public FieldMapping Fields { get; init; } = new();
    public CoordinateSystem CoordinateSystem { get; init; } = CoordinateSystem.Auto;

    /// <summary>
    /// When true a practice with no value in the grouping field is read with no group (<see cref="Practice.Group"/> null)
    /// instead of being an input problem: for commands that look at one group only, such as splitting one consortium into
    /// localities.
    /// </summary>
    public bool GroupOptional { get; init; }
}
