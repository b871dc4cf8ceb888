using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Contracts;

/// <summary>A job's state, progress, parameters and (when finished) summary or errors.</summary>
public sealed record JobStatus
{
    [Description("Job id (use in /v1/jobs/{id}).")]
    public required string Id { get; init; }

    [Description("queued, running, succeeded, failed or cancelled.")]
    public required string State { get; init; }

    [Description("One-line account of the outcome, or what the job is doing.")]
    public string? Message { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    [Description("Random seed used (the same request and seed give the same plan).")]
    public ulong Seed { get; init; }

    [Description("Practices read from the input.")]
    public int Practices { get; init; }

    [Description("Times the job has been started (more than 1 after an interrupted run was resumed).")]
    public int Attempts { get; init; }

    [Description("Jobs waiting in the queue (the whole queue, cluster-wide in cluster mode, for a rough idea of the wait) while queued.")]
    public int? QueueLength { get; init; }

    [Description("Search progress while running, final figures when done (for several seeds: steps and restarts added up, the best score and violation of any).")]
    public JobProgress? Progress { get; init; }

    [Description("The request's options as given, and where the practices came from.")]
    public JsonNode? Parameters { get; init; }

    [Description("Why the job failed (input problems, or the solver's infeasibility reasons with fixes), or the rule breaches of a best-effort plan.")]
    public JsonNode? Errors { get; init; }

    [Description("When finished: the plan summary (consortia, smallest/largest, deprivation range, rules broken) and solver status.")]
    public JsonNode? Summary { get; init; }

    [Description("Links to this job and its results (results only once succeeded).")]
    public required JobLinks Links { get; init; }
}

/// <summary>Search progress of a job.</summary>
public sealed record JobProgress
{
    [Description("starting, reading practices, building geography, solving or done.")]
    public string? Phase { get; init; }
    public double ElapsedSeconds { get; init; }
    public long Steps { get; init; }
    public int RestartsCompleted { get; init; }

    [Description("Objective of the best plan so far (lower is better); null before the first plan.")]
    public double? BestScore { get; init; }

    [Description("Total rule violation of the best plan so far (0 = every rule met).")]
    public double? BestViolation { get; init; }

    [Description("True once a plan meeting every rule has been found.")]
    public bool FeasibleFound { get; init; }

    [Description("Work items of the job (its seeds), when it has more than one.")]
    public int? Items { get; init; }

    [Description("Work items finished, when the job has more than one.")]
    public int? ItemsDone { get; init; }

    [Description("An ensemble's plans recorded so far (by the chains that have reported).")]
    public long? PlansRecorded { get; init; }

    [Description("An ensemble's plans wanted (of the chains that have reported).")]
    public long? PlansWanted { get; init; }
}

/// <summary>Links of a job.</summary>
public sealed record JobLinks(string Self, string? Consortia, string? Practices, string? Report);
