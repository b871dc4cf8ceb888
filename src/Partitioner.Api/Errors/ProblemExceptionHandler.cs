using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Errors;

/// <summary>
/// Turns every exception into RFC 7807 problem details: bad input (InputException, malformed JSON, bad HTTP) is a
/// 4xx with the list of problems in <c>errors</c>; only a fault of the service itself is a 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            InputException e => Problem(StatusCodes.Status400BadRequest, "The input has problems", Summary(e.Problems), e.Problems),
            ApiProblemException e => Api(http, e),
            BadHttpRequestException e when e.InnerException is JsonException j => Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON", j.Message, [JsonProblem(j)]),
            BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request", e.Message, null),
            JsonException j => Problem(StatusCodes.Status400BadRequest, "The request body is not valid", j.Message, [JsonProblem(j)]),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (http.RequestAborted.IsCancellationRequested) return true;
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Internal server error", Detail = "The service failed unexpectedly; the error has been logged." };
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Api(HttpContext http, ApiProblemException e)
    {
        if (e.RetryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var p = Problem(e.Status, e.Title, e.Message, e.Errors);
        if (e.Extensions is not null)
            foreach (var (k, v) in e.Extensions) p.Extensions[k] = v;
        return p;
    }

    private static ProblemDetails Problem(int status, string title, string detail, IReadOnlyList<InputProblem>? errors)
    {
        var p = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) p.Extensions["errors"] = errors.Select(ErrorItem.From).ToArray();
        return p;
    }

    private static InputProblem JsonProblem(JsonException j) =>
        new(j.Path is null ? $"line {(j.LineNumber ?? 0) + 1}" : j.Path, "(json)", null, j.Message);

    internal static string Summary(IReadOnlyList<InputProblem> problems) => problems.Count switch
    {
        1 => problems[0].ToString(),
        _ => $"{problems.Count} problems were found; nothing was loaded. The first: {problems[0]}",
    };
}
