using Microsoft.Extensions.Options;

namespace Partitioner.Api.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void The_service_refuses_to_start_with_inconsistent_settings()
    {
        using var app = new ApiFactory(new() { ["MaxPractices"] = "100", ["MaxSyncPractices"] = "500" });
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var validation = e as OptionsValidationException ?? e.InnerException as OptionsValidationException ?? (e as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains("MaxSyncPractices", validation.Message);
    }

    [Fact]
    public void The_service_refuses_to_start_with_out_of_range_settings()
    {
        using var app = new ApiFactory(new() { ["QueueCapacity"] = "0" });
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("QueueCapacity", e.ToString());
    }
}
