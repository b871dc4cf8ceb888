using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Partitioner.Api.Security;

/// <summary>
/// When <see cref="PartitionerApiOptions.ApiKey"/> is set, every request under /v1 and /ogc must carry the key as
/// <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> (compared in constant time); 401 with a problem document
/// otherwise. The map page, the API documents and the health endpoints stay open (they hold no data).
/// </summary>
public sealed class ApiKeyCheck(RequestDelegate next, IOptions<PartitionerApiOptions> options)
{
    public const string Header = "X-Api-Key";
    private static readonly string[] Protected = ["/v1", "/ogc"];
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        if (_key is null || !Protected.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Matches(Given(http.Request)))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"partitioner\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = $"This service needs its API key: send the header Authorization: Bearer <key> or {Header}: <key>.",
            },
        });
    }

    private static string? Given(HttpRequest request)
    {
        if (request.Headers[Header] is { Count: 1 } key) return key.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private bool Matches(string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
}
