using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Partitioner.Api.Security;

/// <summary>
/// Refuses state-changing requests a web page on another site could make a browser send without asking first (no CORS
/// preflight): a POST whose body is a form (multipart/form-data, application/x-www-form-urlencoded, text/plain) or has
/// no type must carry the header <c>X-Partitioner-Request</c>; and any POST, PUT, PATCH or DELETE whose Origin names
/// another site is refused. JSON, GeoJSON and CSV bodies cannot be sent cross-site without a preflight, which this
/// service never grants, so scripts posting those need nothing extra. 403 with a problem document naming the fix.
/// </summary>
public sealed class RequestIntent(RequestDelegate next)
{
    public const string Header = "X-Partitioner-Request";

    /// <summary>The body types a browser sends cross-site without a preflight (the CORS-safelisted Content-Type values).</summary>
    private static readonly string[] FormTypes = ["multipart/form-data", "application/x-www-form-urlencoded", "text/plain"];

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(http);
            return;
        }
        string? refusal = null;
        if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
            refusal = $"The request comes from a page at {Errors.SafeText.Of(origin.ToString(), 100)}, another site. This service takes changes only from its own pages and from scripts (which send no Origin).";
        else if (HttpMethods.IsPost(request.Method) && IsForm(request.ContentType) && !request.Headers.ContainsKey(Header))
            refusal = $"A POST with a {(string.IsNullOrEmpty(request.ContentType) ? "body of no type" : "form body (" + Errors.SafeText.Of(request.ContentType, 100) + ")")} must carry the header {Header}: 1, " +
                      "so that a web page on another site cannot make your browser send it. Add the header (the map page and the examples do), or send JSON.";
        if (refusal is null)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Cross-site request refused", Detail = refusal },
        });
    }

    private static bool IsForm(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return true;
        var type = media.MediaType.Value ?? "";
        return FormTypes.Any(f => type.Equals(f, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the Origin names this service as the request reached it (scheme, host and port).</summary>
    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
