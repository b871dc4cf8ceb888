namespace Partitioner.Cluster.Storage;

/// <summary>A <see cref="JobState"/> as stored in either job store and shown by the HTTP API: a lower-case word.</summary>
public static class JobStateNames
{
    /// <summary>The stored word of <paramref name="state"/>: queued, running, succeeded, failed or cancelled.</summary>
    public static string Name(this JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a job state."),
    };

    /// <summary>The state a stored word names; a word no version has written is a damaged row and throws.</summary>
    public static JobState Parse(string name) => name switch
    {
        "queued" => JobState.Queued,
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "failed" => JobState.Failed,
        "cancelled" => JobState.Cancelled,
        _ => throw new InvalidDataException($"A stored job has the state '{name}', which is none of queued, running, succeeded, failed or cancelled."),
    };
}
