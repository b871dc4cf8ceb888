using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Errors;

/// <summary>
/// Turns every exception into RFC 7807 problem details: bad input (InputException, malformed JSON, bad HTTP) is a
/// 4xx with the problems in <c>errors</c> (at most <see cref="MaxListed"/>, the rest counted in <c>not_listed</c>); input
/// over a size limit is a 413; only a fault of the service itself is a 500. Every quoted text is made safe first.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Most problems listed in one document.</summary>
    public const int MaxListed = 100;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // A client that left gets no answer; only a fault of the service is still logged.
        if (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException or InputException or ApiProblemException) return true;
        var problem = exception switch
        {
            InputException e when e.ExceedsLimit => Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", Summary(e), e.Problems, e.NotListed),
            InputException e => Problem(StatusCodes.Status400BadRequest, "The input has problems", Summary(e), e.Problems, e.NotListed),
            ApiProblemException e => Api(http, e),
            BadHttpRequestException e when e.InnerException is JsonException j => Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON", j.Message, [JsonProblem(j)]),
            BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request", e.Message, null),
            JsonException j => Problem(StatusCodes.Status400BadRequest, "The request body is not valid", j.Message, [JsonProblem(j)]),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            if (http.RequestAborted.IsCancellationRequested) return true;
            problem = new ProblemDetails { Status = 500, Title = "Internal server error", Detail = "The service failed unexpectedly; the error has been logged." };
        }
        http.Response.StatusCode = problem.Status ?? 500;
        try
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException && !http.Response.HasStarted)
        {
            // A problem document that cannot be written must not turn a refusal into a fault: answer with the bare facts.
            logger.LogError(e, "Could not write the problem document for {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.ContentType = "application/problem+json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { status = problem.Status, title = problem.Title, detail = "The problem could not be described in full." }), cancellationToken);
            return true;
        }
    }

    private static ProblemDetails Api(HttpContext http, ApiProblemException e)
    {
        if (e.RetryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var p = Problem(e.Status, e.Title, e.Message, e.Errors);
        if (e.Extensions is not null)
            foreach (var (k, v) in e.Extensions) p.Extensions[k] = v;
        return p;
    }

    private static ProblemDetails Problem(int status, string title, string detail, IReadOnlyList<InputProblem>? errors, int notListed = 0)
    {
        var p = new ProblemDetails { Status = status, Title = title, Detail = SafeText.Of(detail, 4_000) };
        if (errors is not null)
        {
            p.Extensions["errors"] = errors.Take(MaxListed).Select(ErrorItem.From).ToArray();
            notListed += Math.Max(0, errors.Count - MaxListed);
        }
        if (notListed > 0) p.Extensions["not_listed"] = notListed;
        return p;
    }

    private static InputProblem JsonProblem(JsonException j) =>
        new(j.Path is null ? $"line {(j.LineNumber ?? 0) + 1}" : j.Path, "(json)", null, j.Message);

    /// <summary>One line for a problem document's detail or a job's message: the only problem, or how many and the first.</summary>
    internal static string Summary(InputException e) => Summary(e.Problems, e.NotListed);

    internal static string Summary(IReadOnlyList<InputProblem> problems, int notListed = 0)
    {
        int total = problems.Count + notListed;
        if (problems.Count == 0) return "The input has problems; nothing was loaded.";
        return total == 1
            ? problems[0].ToString()
            : $"{total:N0} problems were found{(notListed > 0 ? $" ({problems.Count:N0} listed in errors, {notListed:N0} more not listed)" : "")}; nothing was loaded. The first: {problems[0]}";
    }
}
