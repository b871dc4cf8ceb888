using Microsoft.AspNetCore.Http;

namespace Partitioner.Api.Errors;

/// <summary>Gives the framework's own problem documents (unknown route, wrong method, wrong media type) a useful detail.</summary>
public static class ProblemDefaults
{
    public static void Fill(ProblemDetailsContext context)
    {
        var p = context.ProblemDetails;
        if (!string.IsNullOrEmpty(p.Detail)) return;
        var request = context.HttpContext.Request;
        p.Detail = p.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing at {request.Method} {request.Path}. The endpoints are listed at /docs and /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}. See /docs for the methods it does accept.",
            StatusCodes.Status415UnsupportedMediaType => $"The request body's Content-Type is {(string.IsNullOrEmpty(request.ContentType) ? "missing" : $"'{request.ContentType}'")}. Send {Input.RequestReader.AcceptedMediaTypes}.",
            _ => null,
        };
    }
}
