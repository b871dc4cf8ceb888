namespace Partitioner.Core.Practices;

/// <summary>
/// One thing wrong with the user's input: where (feature index or CSV line), which field, the value
/// found, and what to do about it.
/// </summary>
public sealed record InputProblem(string Where, string Field, string? Value, string Message)
{
    public override string ToString() =>
        Value is null ? $"{Where}, field '{Field}': {Message}" : $"{Where}, field '{Field}', value '{Value}': {Message}";
}
