using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Partitioner.Api.Input;

namespace Partitioner.Api.Health;

/// <summary>Writes a health report as JSON: status, and each check's description and data.</summary>
public static class HealthResponse
{
    public static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description, data = e.Value.Data }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, ApiJson.Options));
    }
}
