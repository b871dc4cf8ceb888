namespace Partitioner.Core.Practices;

/// <summary>One input record before validation: where it came from, its properties and its point.</summary>
internal sealed record RawPractice(string Where, IReadOnlyList<PracticeProperty> Properties, double X, double Y, string? GeometryProblem, string? XField, string? YField);
