using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>How an ensemble is sampled (the <c>ensemble</c> member of POST /v1/ensembles). Every member is optional.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EnsembleSettings
{
    [Description("Plans to record in all, shared between the chains (default 1000, at most 100,000).")]
    public int? Plans { get; set; }

    [Description("Independent chains, each from its own starting plan (default 4, at most 64).")]
    public int? Chains { get; set; }

    [Description("Random seed; the same request and seed give the same ensemble (default 1).")]
    public ulong? Seed { get; set; }

    [Description("Chain steps between recorded plans (default 100).")]
    public int? Thin { get; set; }

    [Description("Steps each chain takes before its first record (default 10 x thin).")]
    public long? BurnIn { get; set; }

    [Description("Consortia in every plan (default: the solver's first choice for the rules). Compare a proposal with an ensemble of its own count.")]
    public int? Count { get; set; }

    [Description("Repair steps allowed for each chain's starting plan (default 500 x practices, at least 1,000,000).")]
    public long? StartSteps { get; set; }
}
