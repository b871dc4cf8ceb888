using Partitioner.Core.Practices;

namespace Partitioner.Api.Errors;

/// <summary>One problem in a problem document's <c>errors</c> list: where (feature, line or option), which field, the value found and what to do.</summary>
public sealed record ErrorItem(string Where, string Field, string? Value, string Message)
{
    public static ErrorItem From(InputProblem p) => new(p.Where, p.Field, p.Value, p.Message);
}
