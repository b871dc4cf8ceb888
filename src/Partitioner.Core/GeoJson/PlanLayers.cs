using System.Text.Json;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;

namespace Partitioner.Core.GeoJson;

/// <summary>
/// Writes a plan as two RFC 7946 GeoJSON layers (media type <c>application/geo+json</c>): consortia
/// (dissolved polygons with their metrics as flat typed properties) and practices (points with their
/// consortium and input properties). Output is streamed feature by feature.
/// </summary>
public static class PlanLayers
{
    /// <summary>The media type of GeoJSON.</summary>
    public const string MediaType = "application/geo+json";

    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = false };

    /// <summary>Writes the consortia layer; <paramref name="extra"/> adds flat properties to consortium c (e.g. its
    /// federation); <paramref name="layerName"/> names the collection (another level's units, e.g. "federations").</summary>
    public static void WriteConsortia(Stream stream, Evaluation evaluation, Func<int, IEnumerable<KeyValuePair<string, object?>>>? extra = null, string layerName = "consortia")
    {
        using var w = new Utf8JsonWriter(stream, Options);
        StartCollection(w, layerName);
        for (int c = 0; c < evaluation.Consortia.Count; c++)
        {
            var m = evaluation.Consortia[c];
            StartFeature(w, m.Name);
            GeoJsonGeometries.WritePolygonal(w, Wgs84Output.FromGrid(m.Polygon));
            w.WriteStartObject("properties");
            WriteConsortiumProperties(w, m);
            WriteExtra(w, extra, c);
            EndFeature(w);
        }
        EndCollection(w);
    }

    /// <summary>Writes the localities layer: each locality with its figures and the consortium it lies in (<paramref name="consortia"/>).</summary>
    public static void WriteLocalities(Stream stream, Evaluation localities, Plan consortia)
    {
        // A locality's consortium is its first practice's (localities nest, so every practice agrees).
        var consortiumOf = new string[localities.Plan.Count];
        var of = localities.Plan.ConsortiumOf;
        for (int i = of.Length - 1; i >= 0; i--) consortiumOf[of[i]] = consortia.ConsortiumNames[consortia.ConsortiumOf[i]];
        WriteConsortia(stream, localities, l => [new("consortium", consortiumOf[l])], "localities");
    }

    /// <summary>The practices' localities as an extra property of the practices layer (<see cref="WritePractices"/>).</summary>
    public static Func<int, IEnumerable<KeyValuePair<string, object?>>> LocalityOf(Plan localities) =>
        i => [new("locality", localities.ConsortiumNames[localities.ConsortiumOf[i]])];

    /// <summary>Writes the flat, typed properties of one consortium (shared by the layer and the report).</summary>
    public static void WriteConsortiumProperties(Utf8JsonWriter w, ConsortiumMetrics m)
    {
        w.WriteString("name", m.Name);
        w.WriteNumber("practices", m.Practices);
        w.WriteNumber("patients", (long)Math.Round(m.Patients));
        JsonValues.WriteReal(w, "deprivation", m.Deprivation, 3);
        JsonValues.WriteReal(w, "deprivation_dev", m.DeprivationDeviation, 3);
        JsonValues.WriteReal(w, "deprivation_dev_pct", m.DeprivationDeviationRelative * 100, 2);
        JsonValues.WriteReal(w, "spend_per_patient", m.SpendPerPatient, 2);
        JsonValues.WriteReal(w, "spend_dev", m.SpendDeviation, 2);
        JsonValues.WriteReal(w, "spend_dev_pct", m.SpendDeviationRelative * 100, 2);
        JsonValues.WriteReal(w, "deprived_share_pct", m.DeprivedShare * 100, 2);
        w.WriteNumber("pieces", m.Pieces);
        JsonValues.WriteReal(w, "area_km2", m.AreaKm2, 3);
        JsonValues.WriteReal(w, "polsby_popper", m.PolsbyPopper, 4);
        JsonValues.WriteReal(w, "inertia_km2", m.InertiaKm2, 1);
        w.WriteBoolean("within_bounds", !m.Violations.Any(v => v.Rule is Rule.BelowMinimum or Rule.AboveMaximum));
        w.WriteBoolean("contiguous", m.Pieces <= 1);
        w.WriteBoolean("balanced", !m.Violations.Any(v => v.Rule is Rule.DeprivationBalance or Rule.SpendBalance or Rule.DeprivedShare));
        w.WriteNumber("rules_broken", m.Violations.Count);
        w.WriteString("violations", string.Join("; ", m.Violations.Select(v => v.Message)));
        if (m.Councils is { } councils) CoterminosityReport.WriteConsortium(w, councils);
    }

    /// <summary>Writes the practices layer; <paramref name="extra"/> adds flat properties to practice i (e.g. its federation).</summary>
    public static void WritePractices(Stream stream, PracticeGeography geography, Plan plan, Func<int, IEnumerable<KeyValuePair<string, object?>>>? extra = null)
    {
        var practices = geography.Practices;
        using var w = new Utf8JsonWriter(stream, Options);
        StartCollection(w, "practices");
        var reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "practice_code", "name", "patients", "deprivation", "spend", "consortium", "site" };
        for (int i = 0; i < practices.Count; i++)
        {
            var p = practices[i];
            StartFeature(w, p.Code);
            GeoJsonGeometries.WritePoint(w, p.Longitude, p.Latitude);
            w.WriteStartObject("properties");
            w.WriteString("practice_code", p.Code);
            w.WriteString("name", p.Name);
            w.WriteNumber("patients", (long)Math.Round(p.Patients));
            JsonValues.WriteReal(w, "deprivation", p.Deprivation, 4);
            JsonValues.WriteReal(w, "spend", p.Spend, 2);
            w.WriteString("consortium", plan.ConsortiumNames[plan.ConsortiumOf[i]]);
            w.WriteNumber("site", geography.SiteOfPractice[i]);
            var added = extra is null ? new List<KeyValuePair<string, object?>>() : extra(i).ToList();
            foreach (var (name, value) in added) JsonValues.WriteValue(w, name, value);
            foreach (var prop in p.Properties)
            {
                if (reserved.Contains(prop.Name) || added.Exists(a => string.Equals(a.Key, prop.Name, StringComparison.OrdinalIgnoreCase))) continue;
                JsonValues.WriteValue(w, prop.Name, prop.Value);
            }
            EndFeature(w);
        }
        EndCollection(w);
    }

    private static void WriteExtra(Utf8JsonWriter w, Func<int, IEnumerable<KeyValuePair<string, object?>>>? extra, int index)
    {
        if (extra is null) return;
        foreach (var (name, value) in extra(index)) JsonValues.WriteValue(w, name, value);
    }

    private static void StartCollection(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("name", name);
        w.WriteStartArray("features");
    }

    /// <summary>Opens a feature up to its geometry; the caller writes the geometry and the properties object.</summary>
    private static void StartFeature(Utf8JsonWriter w, string id)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", id);
        w.WritePropertyName("geometry");
    }

    /// <summary>Closes the properties and the feature, and streams out what is pending past 64 KiB.</summary>
    private static void EndFeature(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndObject();
        if (w.BytesPending > 64 * 1024) w.Flush();
    }

    private static void EndCollection(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }
}
