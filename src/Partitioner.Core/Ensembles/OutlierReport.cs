using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// A proposal tested against an ensemble of valid plans: the plan's percentile on every statistic, every proposed
/// consortium's deprivation and spend against the consortia its practices fall into, the flagged ones in plain words,
/// and notes on how far to trust the comparison (an ensemble that has not converged, or of another count).
/// </summary>
public sealed record OutlierReport
{
    public required int EnsemblePlans { get; init; }
    public required int EnsembleCount { get; init; }
    public required int ProposalCount { get; init; }
    public required bool EnsembleTrusted { get; init; }
    public required IReadOnlyList<StatisticPercentile> Plan { get; init; }
    public required IReadOnlyList<ConsortiumOutlier> Consortia { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The consortia flagged on deprivation or spend.</summary>
    public IReadOnlyList<ConsortiumOutlier> Flagged => Consortia.Where(c => c.Flagged).ToList();

    public JsonObject ToJson() => new()
    {
        ["ensemble_plans"] = EnsemblePlans,
        ["ensemble_consortia"] = EnsembleCount,
        ["proposal_consortia"] = ProposalCount,
        ["ensemble_trusted"] = EnsembleTrusted,
        ["band"] = $"flagged below the {OutlierTest.LowPercentile.ToString(CultureInfo.InvariantCulture)}th or above the {OutlierTest.HighPercentile.ToString(CultureInfo.InvariantCulture)}th percentile",
        ["notes"] = new JsonArray(Notes.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
        ["plan"] = new JsonArray(Plan.Select(s => (JsonNode)new JsonObject
        {
            ["statistic"] = s.Name, ["value"] = N(s.Value), ["percentile"] = N(s.Percentile), ["ensemble_p2_5"] = N(s.Low),
            ["ensemble_median"] = N(s.Median), ["ensemble_p97_5"] = N(s.High), ["flagged"] = s.Flagged,
        }).ToArray()),
        ["flagged"] = new JsonArray(Flagged.Select(c => (JsonNode)new JsonObject
        {
            ["consortium"] = c.Name, ["findings"] = new JsonArray(c.Findings.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        }).ToArray()),
        ["consortia"] = new JsonArray(Consortia.Select(c => (JsonNode)new JsonObject
        {
            ["consortium"] = c.Name, ["practices"] = c.Practices, ["patients"] = Math.Round(c.Patients),
            ["deprivation"] = Measure(c.Deprivation), ["spend_per_patient"] = Measure(c.Spend), ["flagged"] = c.Flagged,
        }).ToArray()),
    };

    /// <summary>One row per proposed consortium: its figures, the ensemble's band and percentile for each measure, the flags and findings.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("consortium,practices,patients,deprivation,deprivation_p2_5,deprivation_median,deprivation_p97_5,deprivation_percentile,spend_per_patient,spend_p2_5,spend_median,spend_p97_5,spend_percentile,flagged,findings\n");
        foreach (var c in Consortia)
        {
            sb.Append(Csv(c.Name)).Append(',').Append(c.Practices.ToString(CultureInfo.InvariantCulture)).Append(',').Append(F(c.Patients, 0));
            foreach (var m in new[] { c.Deprivation, c.Spend })
                sb.Append(',').Append(F(m.Value, 3)).Append(',').Append(F(m.Low, 3)).Append(',').Append(F(m.Median, 3)).Append(',').Append(F(m.High, 3)).Append(',').Append(F(m.Percentile, 2));
            sb.Append(',').Append(c.Flagged ? "true" : "false").Append(',').Append(Csv(string.Join("; ", c.Findings))).Append('\n');
        }
        return sb.ToString();
    }

    private static JsonObject Measure(OutlierMeasure m) => new()
    {
        ["value"] = N(m.Value), ["ensemble_p2_5"] = N(m.Low), ["ensemble_median"] = N(m.Median), ["ensemble_p97_5"] = N(m.High),
        ["percentile"] = N(m.Percentile), ["flagged"] = m.Flagged, ["finding"] = m.Words,
    };

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    private static string F(double v, int decimals) => double.IsFinite(v) ? Math.Round(v, decimals).ToString(CultureInfo.InvariantCulture) : "";

    private static string Csv(string v) => v.IndexOfAny([',', '"', '\n']) < 0 ? v : "\"" + v.Replace("\"", "\"\"") + "\"";
}
