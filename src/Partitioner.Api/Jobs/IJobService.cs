using Partitioner.Api.Contracts;
using Partitioner.Api.Input;

namespace Partitioner.Api.Jobs;

/// <summary>
/// Submits, describes, cancels and deletes jobs. Two implementations with one behaviour: <see cref="EmbeddedJobService"/>
/// (one process, SQLite, workers in-process) and <see cref="ClusterJobService"/> (PostgreSQL, work items run on the
/// cluster's worker silos); a client cannot tell them apart except by speed.
/// </summary>
public interface IJobService
{
    /// <summary>
    /// Checks the options and reads the practices (400/413 now rather than a failed job later), stores the job and
    /// queues it; 429 with Retry-After when the queue is full.
    /// </summary>
    JobStatus Submit(PlanningInput input);

    /// <summary>A job's state, progress and (when finished) summary, or null when there is no such job.</summary>
    JobStatus? Find(string id);

    /// <summary>Cancels a queued or running job (true), or returns false when it has already finished.</summary>
    bool Cancel(string id);

    /// <summary>Deletes a job and its results; false when there is no such job.</summary>
    bool Delete(string id);

    /// <summary>One result document ("consortia", "practices" or "report"), or null when there is none.</summary>
    byte[]? Result(string id, string document);
}
