using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;

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

    /// <summary>Stores and queues a job already checked (a solve, a sweep or an ensemble); 429 with Retry-After when the queue is full.</summary>
    JobStatus Enqueue(NewJob job);

    /// <summary>A job's state, progress and (when finished) summary, or null when there is no such job.</summary>
    JobStatus? Find(string id);

    /// <summary>Cancels a queued or running job (true), or returns false when it has already finished.</summary>
    bool Cancel(string id);

    /// <summary>Deletes a job and its results; false when there is no such job.</summary>
    bool Delete(string id);

    /// <summary>One result document ("consortia", "practices" or "report"), or null when there is none.</summary>
    byte[]? Result(string id, string document);

    /// <summary>Another stored file of a job (a sweep's table, <see cref="JobFiles"/>; an ensemble's files), or null.</summary>
    byte[]? File(string id, string name);

    /// <summary>A job as stored (its progress as last saved), or null when there is no such job.</summary>
    JobRecord? Record(string id);

    /// <summary>A job's input as submitted, or null when there is no such job.</summary>
    StoredInput? Input(string id);
}
