namespace Partitioner.Fuzz;

/// <summary>How long and how hard the harness runs, and how the server it starts is configured.</summary>
public sealed record FuzzSettings
{
    /// <summary>Requests to send (request indices <see cref="First"/> .. First + Count - 1).</summary>
    public int Count { get; init; } = 10_000;

    /// <summary>Index of the first request, to replay part of a run.</summary>
    public int First { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The run stops sending after this long, whatever the count.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A request without an answer after this long is a hang.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The server's body limit (passed to it), so the size generators straddle it.</summary>
    public long MaxBodyBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Peak resident memory the server may reach; above it the run fails. Null = reported only.</summary>
    public long? MaxPeakRssBytes { get; init; }

    /// <summary>Extra server settings ("Partitioner" keys, or full keys with ':').</summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The service to start; default: Partitioner.Api.dll beside the harness.</summary>
    public string ApiDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "Partitioner.Api.dll");

    /// <summary>Jobs accepted by the server are cancelled at once, except one in this many, which is left to run.</summary>
    public int KeepEveryNthJob { get; init; } = 10;

    /// <summary>
    /// The burst the test suites run: 1,500 requests, 4 at a time, within <paramref name="budget"/>, a hang after 45 s, a
    /// peak of 2 GB, and shorter synchronous work than the service's defaults, so that the burst spends its time on many
    /// requests rather than a few solves; <paramref name="server"/> adds settings (cluster mode's, say).
    /// </summary>
    public static FuzzSettings Burst(int seed, TimeSpan budget, IReadOnlyDictionary<string, string>? server = null)
    {
        var settings = new Dictionary<string, string> { ["SyncTimeLimitSeconds"] = "3", ["RequestTimeoutSeconds"] = "30", ["DefaultJobTimeLimitSeconds"] = "5" };
        foreach (var (key, value) in server ?? new Dictionary<string, string>()) settings[key] = value;
        return new FuzzSettings
        {
            Count = 1_500, Seed = seed, Concurrency = 4, TimeBudget = budget, HangLimit = TimeSpan.FromSeconds(45),
            MaxPeakRssBytes = 2L * 1024 * 1024 * 1024, ServerSettings = settings,
        };
    }
}
