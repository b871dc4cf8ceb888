using Partitioner.Fuzz;

namespace Partitioner.Api.Tests.EndToEnd;

/// <summary>
/// A short burst of the fuzzing harness (tools/Partitioner.Fuzz) against the real service it starts on 127.0.0.1:
/// 1,500 generated malformed and hostile requests across every input endpoint, within 100 s. Fails on any 5xx, hang,
/// unanswered request, crash, error logged by the service, job failed by the service, or a peak RSS over 2 GB.
/// The full run (10,000 requests and more) is the harness's own command; see the API README.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzBurstTests
{
    [Fact]
    public async Task A_burst_of_hostile_requests_gets_no_5xx_no_hang_and_no_crash()
    {
        int seed = Environment.GetEnvironmentVariable("PARTITIONER_FUZZ_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 20_260_101;
        var (report, text) = await FuzzRun.RunToTextAsync(FuzzSettings.Burst(seed, TimeSpan.FromSeconds(100)));
        Console.WriteLine(text);
        Assert.True(report.Passed, text);
        Assert.True(report.Generated.Count() >= 500, $"only {report.Generated.Count()} requests in the time budget:\n{text}");
    }
}
