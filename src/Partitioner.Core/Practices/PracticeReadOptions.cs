namespace Partitioner.Core.Practices;

/// <summary>How to read a practices file.</summary>
public sealed record PracticeReadOptions
{
    public FieldMapping Fields { get; init; } = new();
    public CoordinateSystem CoordinateSystem { get; init; } = CoordinateSystem.Auto;
}
