using System.Text.Json.Nodes;

namespace Partitioner.Api.Jobs;

/// <summary>The kinds of job (stored with each job in cluster mode; read from the parameters' operation in both modes).</summary>
public static class JobKinds
{
    public const string Solve = "solve", Sweep = "sweep", Ensemble = "ensemble";

    /// <summary>The kind of a job from its stored parameters.</summary>
    public static string Of(string parametersJson) => JsonNode.Parse(parametersJson)?["operation"]?.GetValue<string>() switch
    {
        "sweep" => Sweep,
        EnsembleService.Operation => Ensemble,
        _ => Solve,
    };
}
