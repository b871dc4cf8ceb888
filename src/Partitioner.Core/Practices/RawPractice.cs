namespace Partitioner.Core.Practices;

/// <summary>
/// One input record before validation: where it came from, its properties, its point, and the problems
/// found in its shape while reading (<see cref="Unusable"/> when its fields cannot be trusted at all).
/// </summary>
internal sealed record RawPractice(string Where, IReadOnlyList<PracticeProperty> Properties, RawLocation Location, IReadOnlyList<InputProblem> Problems, bool Unusable);

/// <summary>
/// A record's point: numbers (NaN when absent or unreadable), the text they came from (CSV; null for
/// GeoJSON), the field names for messages, and a problem with the geometry itself.
/// </summary>
internal readonly record struct RawLocation(double X, double Y, string? XText, string? YText, string XField, string YField, string? GeometryProblem);
