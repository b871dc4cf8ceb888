using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Partitioner.Api.Errors;

/// <summary>Typed problem results used directly by handlers.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = 404, Title = "Not found", Detail = detail });

    public static ProblemHttpResult Conflict(string detail, object? extra = null)
    {
        var p = new ProblemDetails { Status = 409, Title = "Result not available", Detail = detail };
        if (extra is not null) p.Extensions["job"] = extra;
        return TypedResults.Problem(p);
    }

    public static ProblemHttpResult Unprocessable(string title, string detail, object? errors)
    {
        var p = new ProblemDetails { Status = 422, Title = title, Detail = detail };
        if (errors is not null) p.Extensions["errors"] = errors;
        return TypedResults.Problem(p);
    }
}
