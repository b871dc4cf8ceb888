namespace Partitioner.Api.Limits;

/// <summary>Why the service stopped a piece of work itself (a client leaving or a user's cancel are told apart by their callers).</summary>
public enum StopReason
{
    /// <summary>Not stopped by the service.</summary>
    None,

    /// <summary>Its deadline passed (a request's time limit, or a job's time budget).</summary>
    Deadline,

    /// <summary>The service's memory passed its limit while it ran.</summary>
    Memory,
}
