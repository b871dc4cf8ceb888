using System.Text.Json;
using Partitioner.Core.Councils;

namespace Partitioner.Core.GeoJson;

/// <summary>Writes the coterminosity figures: the plan's (in the report's summary), every council's, and each consortium's layer properties.</summary>
public static class CoterminosityReport
{
    /// <summary>The plan's figures as the summary's "coterminosity" member.</summary>
    public static void WriteSummary(Utf8JsonWriter w, Coterminosity c)
    {
        w.WriteStartObject("coterminosity");
        w.WriteString("councils_from", c.Source);
        w.WriteNumber("councils", c.Councils);
        w.WriteNumber("councils_split", c.CouncilsSplit);
        w.WriteNumber("split_council_pieces", c.SplitCouncilPieces);
        JsonValues.WriteReal(w, "patients_in_whole_councils_pct", c.PatientsInWholeCouncils * 100, 2);
        w.WriteNumber("consortia_nested_in_one_council", c.ConsortiaNested);
        w.WriteNumber("consortia_of_whole_councils", c.ConsortiaOfWholeCouncils);
        w.WriteNumber("practices_without_council", c.PracticesWithoutCouncil);
        w.WriteEndObject();
    }

    /// <summary>Every council as the report's top-level "councils" array (code, name, practices, patients, consortia), then its warnings.</summary>
    public static void WriteCouncils(Utf8JsonWriter w, Coterminosity c)
    {
        w.WriteStartArray("councils");
        foreach (var council in c.ByCouncil)
        {
            w.WriteStartObject();
            w.WriteString("code", council.Code);
            w.WriteString("name", council.Name);
            w.WriteNumber("practices", council.Practices);
            w.WriteNumber("patients", (long)Math.Round(council.Patients));
            w.WriteNumber("consortia", council.Consortia);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("council_warnings");
        foreach (var warning in c.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
    }

    /// <summary>One consortium's properties: councils touched, main council and its share, nested, union of whole councils.</summary>
    public static void WriteConsortium(Utf8JsonWriter w, ConsortiumCouncils c)
    {
        w.WriteNumber("councils", c.Councils);
        if (c.MainCouncil is null) w.WriteNull("main_council"); else w.WriteString("main_council", c.MainCouncil);
        JsonValues.WriteReal(w, "main_council_share_pct", c.MainCouncilShare * 100, 2);
        w.WriteBoolean("nests_in_council", c.NestsInCouncil);
        w.WriteBoolean("whole_councils", c.WholeCouncils);
    }
}
