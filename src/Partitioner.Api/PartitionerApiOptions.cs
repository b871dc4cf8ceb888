using System.ComponentModel.DataAnnotations;

namespace Partitioner.Api;

/// <summary>Service settings, bound from the "Partitioner" configuration section and validated at start.</summary>
public sealed class PartitionerApiOptions
{
    public const string Section = "Partitioner";

    /// <summary>Embedded (one process, SQLite; the default) or Cluster (PostgreSQL and worker silos, see Partitioner:Cluster).</summary>
    public ServiceMode Mode { get; set; } = ServiceMode.Embedded;

    /// <summary>SQLite file holding jobs and results; empty = partitioner.db in the local application-data folder (~/.local/share/Partitioner on Linux).</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Jobs solved at the same time (in cluster mode: work items per worker silo); null = processor count. 0 accepts jobs but runs none (maintenance).</summary>
    [Range(0, 256)]
    public int? Workers { get; set; }

    /// <summary>Jobs waiting to run before submissions are refused with 429 (cluster-wide in cluster mode).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 100;

    /// <summary>Largest request body, in bytes (413 above it).</summary>
    [Range(1024, 2_000_000_000)]
    public long MaxBodyBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Most practices in one request (413 above it).</summary>
    [Range(1, 1_000_000)]
    public int MaxPractices { get; set; } = 20_000;

    /// <summary>Most practices for the synchronous POST /v1/solve (413 above it: submit a job instead).</summary>
    [Range(1, 1_000_000)]
    public int MaxSyncPractices { get; set; } = 1_000;

    /// <summary>Time limit of a synchronous solve, in seconds (a request may ask for less).</summary>
    [Range(1, 600)]
    public double SyncTimeLimitSeconds { get; set; } = 20;

    /// <summary>Time limit of a job that does not give time_limit_seconds.</summary>
    [Range(1, 86_400)]
    public double DefaultJobTimeLimitSeconds { get; set; } = 60;

    /// <summary>Largest time_limit_seconds a job may ask for (400 above it).</summary>
    [Range(1, 86_400)]
    public double MaxJobTimeLimitSeconds { get; set; } = 1_800;

    /// <summary>Most seeds one job may ask for (its work items).</summary>
    [Range(1, 1_000)]
    public int MaxJobSeeds { get; set; } = 32;

    /// <summary>Finished jobs and their results are deleted this many hours after they finish.</summary>
    [Range(0.001, 100_000)]
    public double ResultRetentionHours { get; set; } = 168;

    /// <summary>How often expired results are deleted, in minutes.</summary>
    [Range(0.01, 10_000)]
    public double CleanupIntervalMinutes { get; set; } = 30;

    /// <summary>
    /// Longest a synchronous request (solve, evaluation, localities) may work, in seconds. Past it the work is stopped
    /// (the geometry checks its cancellation as it goes) and the request is answered 413.
    /// </summary>
    [Range(1, 3_600)]
    public double RequestTimeoutSeconds { get; set; } = 120;

    /// <summary>Most vertices in a boundary given with a request (400 above it). The generalised boundary of all 211 CCGs of 2013 has 13,405.</summary>
    [Range(4, 200_000)]
    public int MaxBoundaryVertices { get; set; } = 50_000;

    /// <summary>Synchronous requests worked on at once (more wait up to 5 s, then 429); null = twice the processor count.</summary>
    [Range(1, 1_024)]
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// Memory the service may use for its requests and jobs together, in MB: work is admitted against it by its budget
    /// (413 when one budget is more, 429 or waiting when the room is taken), and the newest work is stopped when the
    /// process passes it. Null = 75% of the memory the runtime sees (the machine's or the container's), at most 4,096 MB.
    /// </summary>
    [Range(128, 4_194_304)]
    public int? MaxMemoryMegabytes { get; set; }

    /// <summary>A job that was running this many times when the service stopped unexpectedly (a crash, kill -9) is failed instead of run again.</summary>
    [Range(1, 100)]
    public int JobAttempts { get; set; } = 2;

    /// <summary>
    /// When set, every /v1 and /ogc request needs <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> (401
    /// without). For deployments that listen beyond loopback; at least 16 characters.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Folder of bundled datasets (one sub-folder per dataset); empty = the repository's data/ found by walking up.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The ranges a synchronous solve's options must keep (its time limit at most <see cref="SyncTimeLimitSeconds"/>).</summary>
    public Core.Studies.RequestLimits SyncLimits() => new() { MaxTimeLimitSeconds = SyncTimeLimitSeconds, MaxThreads = Environment.ProcessorCount };

    /// <summary>The ranges a job's options must keep (its time limit at most <see cref="MaxJobTimeLimitSeconds"/>).</summary>
    public Core.Studies.RequestLimits JobLimits() => new() { MaxTimeLimitSeconds = MaxJobTimeLimitSeconds, MaxThreads = Environment.ProcessorCount };

    /// <summary>How a boundary given with a request is read: at most <see cref="MaxBoundaryVertices"/> vertices.</summary>
    public Core.GeoJson.BoundaryReadOptions BoundaryLimits() => new() { MaxVertices = MaxBoundaryVertices, MaxBytes = MaxBodyBytes };

    /// <summary>Workers actually started.</summary>
    public int EffectiveWorkers => Workers ?? Environment.ProcessorCount;

    /// <summary>Synchronous requests worked on at once.</summary>
    public int EffectiveMaxConcurrentRequests => MaxConcurrentRequests ?? 2 * Environment.ProcessorCount;

    /// <summary>The memory limit in bytes.</summary>
    public long EffectiveMaxMemoryBytes => MaxMemoryMegabytes is { } mb ? mb * 1024L * 1024 : Math.Min(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3, DefaultMaxMemoryBytes);

    /// <summary>The memory limit when none is configured and the machine has plenty: work needing more than this is a sign of trouble.</summary>
    public const long DefaultMaxMemoryBytes = 4096L * 1024 * 1024;

    /// <summary>Checks the settings against each other; returns the problems (empty = valid).</summary>
    public IEnumerable<string> Check()
    {
        if (MaxSyncPractices > MaxPractices)
            yield return $"Partitioner:MaxSyncPractices ({MaxSyncPractices}) must not exceed Partitioner:MaxPractices ({MaxPractices}).";
        if (SyncTimeLimitSeconds >= RequestTimeoutSeconds)
            yield return $"Partitioner:SyncTimeLimitSeconds ({SyncTimeLimitSeconds}) must be less than Partitioner:RequestTimeoutSeconds ({RequestTimeoutSeconds}): a synchronous solve also builds the geography and writes its plan.";
        if (ApiKey is { Length: > 0 } key && (key.Length < 16 || key.Any(char.IsWhiteSpace)))
            yield return "Partitioner:ApiKey must be at least 16 characters, without spaces (or empty for no key).";
        if (DefaultJobTimeLimitSeconds > MaxJobTimeLimitSeconds)
            yield return $"Partitioner:DefaultJobTimeLimitSeconds ({DefaultJobTimeLimitSeconds}) must not exceed Partitioner:MaxJobTimeLimitSeconds ({MaxJobTimeLimitSeconds}).";
        if (!string.IsNullOrWhiteSpace(DataDirectory) && !Directory.Exists(DataDirectory))
            yield return $"Partitioner:DataDirectory '{DataDirectory}' does not exist.";
        if (!string.IsNullOrWhiteSpace(DatabasePath))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(DatabasePath));
            if (dir is not null && !Directory.Exists(dir))
                yield return $"Partitioner:DatabasePath folder '{dir}' does not exist.";
        }
    }
}
