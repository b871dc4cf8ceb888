using Partitioner.Core.Practices;

namespace Partitioner.Api.Errors;

/// <summary>
/// A request the service refuses for a reason other than bad practice data (unknown job, unfinished result,
/// too large, wrong media type, queue full): becomes an RFC 7807 problem with <see cref="Status"/>.
/// </summary>
public sealed class ApiProblemException(int status, string title, string detail, IReadOnlyList<InputProblem>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<InputProblem>? Errors { get; } = errors;

    /// <summary>Seconds after which the client may retry (sets Retry-After), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra members of the problem document.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static ApiProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found", what);

    public static ApiProblemException TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request too large", detail);

    public static ApiProblemException UnsupportedMediaType(string? got, string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"The request body's Content-Type is {(string.IsNullOrEmpty(got) ? "missing" : $"'{got}'")}. Send {expected}.");
}
