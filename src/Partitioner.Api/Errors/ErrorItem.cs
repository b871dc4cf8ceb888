using Partitioner.Core.Practices;

namespace Partitioner.Api.Errors;

/// <summary>One problem in a problem document's <c>errors</c> list: where (feature, line or option), which field, the value found and what to do.</summary>
public sealed record ErrorItem(string Where, string Field, string? Value, string Message)
{
    /// <summary>The problem with every text made safe to write (<see cref="SafeText"/>): quoting a value can never fail.</summary>
    public static ErrorItem From(InputProblem p) =>
        new(SafeText.Of(p.Where)!, SafeText.Of(p.Field)!, SafeText.Of(p.Value), SafeText.Of(p.Message, 2_000)!);
}
