using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Partitioner.Api.Contracts;

/// <summary>An ensemble job: its state as a job, how far the sampling has got, and (once done) its summary and links.</summary>
public sealed record EnsembleStatus
{
    public required string Id { get; init; }

    [Description("queued, running, succeeded, failed or cancelled.")]
    public required string State { get; init; }

    public string? Message { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    [Description("Practices read from the input.")]
    public int Practices { get; init; }

    [Description("While running: plans recorded so far, plans wanted, chain steps, chains started, elapsed seconds (saved about every second).")]
    public JsonNode? Progress { get; init; }

    [Description("The request's options and sampling settings, and where the practices came from.")]
    public JsonNode? Parameters { get; init; }

    [Description("Why the job failed (input problems, or no starting plan meeting every rule).")]
    public JsonNode? Errors { get; init; }

    [Description("When done: plans, distinct plans, consortia per plan, acceptance rate, whether the ensemble has converged and the verdict in words.")]
    public JsonNode? Summary { get; init; }

    public required EnsembleLinks Links { get; init; }
}

/// <summary>Links of an ensemble (files only once it has succeeded).</summary>
public sealed record EnsembleLinks(string Self, string? Report, string? Plans, string? Cores, string? Coassignment, string? Outliers);
