namespace Partitioner.Core.Practices;

/// <summary>
/// A pass-through input property. <see cref="Value"/> is a <see cref="string"/>, a <see cref="double"/>,
/// a <see cref="bool"/> or null, so writers can keep its type.
/// </summary>
public readonly record struct PracticeProperty(string Name, object? Value);
