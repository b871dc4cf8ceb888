using System.Text.Json.Nodes;

namespace Partitioner.Api.Jobs;

/// <summary>The kinds of job: stored with each job in cluster mode and read back from there by the worker silos; the
/// embedded mode's store has no such column and reads it from the parameters' operation (<see cref="Of"/>).</summary>
public static class JobKinds
{
    public const string Solve = "solve", Sweep = "sweep", Ensemble = "ensemble";

    /// <summary>The kind of a job from its stored parameters (the embedded mode).</summary>
    public static string Of(string parametersJson) => JsonNode.Parse(parametersJson)?["operation"]?.GetValue<string>() switch
    {
        "sweep" => Sweep,
        EnsembleService.Operation => Ensemble,
        _ => Solve,
    };
}
