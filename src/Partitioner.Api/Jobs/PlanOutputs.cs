using System.Text;
using System.Text.Json.Nodes;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Plans;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>The three result documents of a plan, as UTF-8 bytes: consortia and practices layers (GeoJSON) and the report (JSON).</summary>
public sealed record PlanOutputs(byte[] Consortia, byte[] Practices, byte[] Report)
{
    /// <summary>The documents of a plan; with <paramref name="localities"/>, each practice's locality in the practices layer.</summary>
    public static PlanOutputs Write(Study study, Evaluation evaluation, JsonObject parameters, IReadOnlyDictionary<string, JsonNode?>? extra = null, Evaluation? localities = null)
    {
        using var consortia = new MemoryStream();
        PlanLayers.WriteConsortia(consortia, evaluation);
        using var practices = new MemoryStream();
        PlanLayers.WritePractices(practices, study.Geography, evaluation.Plan, localities?.Plan);
        using var report = new MemoryStream();
        PlanReport.Write(report, evaluation, study.Geography, parameters, extra);
        return new PlanOutputs(consortia.ToArray(), practices.ToArray(), report.ToArray());
    }

    /// <summary>Joins already-serialised JSON documents into one object {"name": document, ...} without re-parsing them.</summary>
    public static byte[] Combine(params (string Name, byte[] Json)[] members)
    {
        using var s = new MemoryStream();
        s.WriteByte((byte)'{');
        for (int i = 0; i < members.Length; i++)
        {
            if (i > 0) s.WriteByte((byte)',');
            s.Write(Encoding.UTF8.GetBytes($"\"{members[i].Name}\":"));
            s.Write(members[i].Json);
        }
        s.WriteByte((byte)'}');
        return s.ToArray();
    }
}
