using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Partitioner.Core.Studies;

/// <summary>A sweep's trade-off table as CSV (one line per band) and as JSON (the rows, the bound and the parameters).</summary>
public static class SweepTable
{
    /// <summary>The columns, in order; the coterminosity columns are empty when the study has no councils, the floor
    /// when the sweep was not asked for floors.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "band_pct", "status", "consortia", "total_inertia_km2", "median_polsby_popper", "worst_deprivation_dev_pct", "worst_spend_dev_pct",
        "consortia_breaking_rules", "councils_split", "patients_in_whole_councils_pct", "seconds", "inertia_floor_km2",
    ];

    public static string ToCsv(SweepResult result)
    {
        var sb = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var r in result.Rows)
        {
            string[] cells =
            [
                Num(r.Band * 100, 2), r.Status, r.Consortia.ToString(CultureInfo.InvariantCulture), Num(r.InertiaKm2, 1), Num(r.MedianPolsbyPopper, 4),
                Num(r.WorstDeprivation * 100, 2), Num(r.WorstSpend * 100, 2), r.RulesBroken.ToString(CultureInfo.InvariantCulture),
                r.CouncilsSplit?.ToString(CultureInfo.InvariantCulture) ?? "", r.PatientsInWholeCouncils is { } w ? Num(w * 100, 2) : "", Num(r.Seconds, 2),
                Num(r.InertiaFloorKm2, 1),
            ];
            sb.Append(string.Join(',', cells)).Append('\n');
        }
        return sb.ToString();
    }

    public static JsonObject ToJson(SweepResult result, JsonObject parameters)
    {
        var rows = new JsonArray();
        foreach (var r in result.Rows)
            rows.Add(new JsonObject
            {
                ["band_pct"] = Round(r.Band * 100, 2),
                ["status"] = r.Status,
                ["consortia"] = r.Consortia,
                ["total_inertia_km2"] = Round(r.InertiaKm2, 1),
                ["median_polsby_popper"] = Round(r.MedianPolsbyPopper, 4),
                ["worst_deprivation_dev_pct"] = Round(r.WorstDeprivation * 100, 2),
                ["worst_spend_dev_pct"] = Round(r.WorstSpend * 100, 2),
                ["consortia_breaking_rules"] = r.RulesBroken,
                ["councils_split"] = r.CouncilsSplit,
                ["patients_in_whole_councils_pct"] = r.PatientsInWholeCouncils is { } w ? Round(w * 100, 2) : null,
                ["seconds"] = Round(r.Seconds, 2),
                ["inertia_floor_km2"] = Round(r.InertiaFloorKm2, 1),
            });
        var b = result.Bounds;
        return new JsonObject
        {
            ["parameters"] = parameters,
            ["bound"] = new JsonObject
            {
                ["band_pct"] = Round(b.Band * 100, 2),
                ["deprivation_pct"] = b.Deprivation is { } d ? Round(d.Band * 100, 2) : null,
                ["spend_pct"] = b.Spend is { } s ? Round(s.Band * 100, 2) : null,
                ["seconds"] = Round(b.Elapsed.TotalSeconds, 3),
            },
            ["councils"] = result.HasCouncils,
            ["rows"] = rows,
            ["seconds"] = Round(result.Seconds, 2),
        };
    }

    private static string Num(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits).ToString(CultureInfo.InvariantCulture) : "";

    private static double? Round(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits) : null;
}
