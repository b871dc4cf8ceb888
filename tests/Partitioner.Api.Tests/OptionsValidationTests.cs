using Partitioner.Api.Tests.EndToEnd;

namespace Partitioner.Api.Tests;

/// <summary>
/// Bad settings stop the real service at start with a message naming the setting. A separate process, because an
/// in-process host that fails to start races its own disposal (the test then sees an ObjectDisposedException instead
/// of the validation error).
/// </summary>
public sealed class OptionsValidationTests
{
    private static async Task<string> RefusedStart(Dictionary<string, string> settings)
    {
        string database = TestDatabase.NewPath("options");
        try
        {
            var e = await Assert.ThrowsAsync<Partitioner.Harness.ServiceExitedException>(async () =>
            {
                using var server = await RealServer.StartAsync(database, settings);
            });
            return e.Message;
        }
        finally
        {
            TestDatabase.Delete(database);
        }
    }

    [Fact]
    public async Task The_service_refuses_to_start_with_inconsistent_settings()
    {
        string message = await RefusedStart(new() { ["MaxPractices"] = "100", ["MaxSyncPractices"] = "500" });
        Assert.Contains("OptionsValidationException", message);
        Assert.Contains("MaxSyncPractices", message);
    }

    [Fact]
    public async Task The_service_refuses_to_start_with_out_of_range_settings()
    {
        string message = await RefusedStart(new() { ["QueueCapacity"] = "0" });
        Assert.Contains("OptionsValidationException", message);
        Assert.Contains("QueueCapacity", message);
    }
}
