using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// An ensemble's map layers (RFC 7946 GeoJSON, WGS84, flat typed properties for QGIS styling): the stable cores as
/// polygons (each core's practices' Voronoi cells dissolved) and the co-assignment as one line per pair of neighbouring
/// practices, from surgery to surgery, with the share of plans in which the two share a consortium.
/// </summary>
public static class EnsembleLayers
{
    /// <summary>Writes the stable cores layer: <c>core</c>, <c>practices</c>, <c>patients</c>, <c>together_pct</c> (share of plans
    /// holding the whole core in one consortium), <c>pair_threshold_pct</c>, <c>deprivation</c>, <c>spend_per_patient</c>,
    /// <c>practice_codes</c>.</summary>
    public static void WriteCores(Stream stream, Ensemble ensemble, Study study, IReadOnlyList<StableCore> cores)
    {
        var geography = study.Geography;
        var index = StudyIndex(ensemble, study);
        using var w = new Utf8JsonWriter(stream);
        Start(w, "stable_cores");
        for (int i = 0; i < cores.Count; i++)
        {
            var core = cores[i];
            var practices = core.Practices.Select(p => index[p]).ToArray();
            var sites = practices.Select(p => geography.SiteOfPractice[p]).Distinct().Order().ToArray();
            Geometry cells = sites.Length == 1 ? geography.Cells[sites[0]] : CascadedPolygonUnion.Union(sites.Select(s => geography.Cells[s]).ToArray());
            double patients = 0, depPatients = 0, depSum = 0, spendPatients = 0, spend = 0;
            foreach (int p in practices)
            {
                var practice = study.Practices[p];
                patients += practice.Patients;
                if (!double.IsNaN(practice.Deprivation)) { depPatients += practice.Patients; depSum += practice.Patients * practice.Deprivation; }
                if (!double.IsNaN(practice.Spend)) { spendPatients += practice.Patients; spend += practice.Spend; }
            }
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteString("id", Name(i));
            w.WritePropertyName("geometry");
            GeoJsonGeometries.WritePolygonal(w, Wgs84Output.FromGrid(cells));
            w.WriteStartObject("properties");
            w.WriteString("core", Name(i));
            w.WriteNumber("practices", practices.Length);
            w.WriteNumber("patients", (long)Math.Round(patients));
            JsonValues.WriteReal(w, "together_pct", 100 * core.Together, 2);
            JsonValues.WriteReal(w, "pair_threshold_pct", 100 * core.PairThreshold, 2);
            JsonValues.WriteReal(w, "deprivation", depPatients > 0 ? depSum / depPatients : double.NaN, 3);
            JsonValues.WriteReal(w, "spend_per_patient", spendPatients > 0 ? spend / spendPatients : double.NaN, 2);
            w.WriteString("practice_codes", string.Join(" ", practices.Select(p => study.Practices[p].Code)));
            w.WriteEndObject();
            w.WriteEndObject();
            if (w.BytesPending > 64 * 1024) w.Flush();
        }
        End(w);
    }

    /// <summary>Writes the co-assignment layer: a LineString per neighbouring pair with <c>practice_a</c>, <c>practice_b</c>
    /// and <c>together_pct</c>.</summary>
    public static void WriteCoAssignment(Stream stream, Ensemble ensemble, Study study)
    {
        var index = StudyIndex(ensemble, study);
        using var w = new Utf8JsonWriter(stream);
        Start(w, "coassignment");
        for (int e = 0; e < ensemble.Together.Length; e++)
        {
            var a = study.Practices[index[ensemble.EdgeFrom[e]]];
            var b = study.Practices[index[ensemble.EdgeTo[e]]];
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            var line = GeoJsonGeometries.Wgs84Factory.CreateLineString([
                new Coordinate(Math.Round(a.Longitude, 6), Math.Round(a.Latitude, 6)),
                new Coordinate(Math.Round(b.Longitude, 6), Math.Round(b.Latitude, 6))]);
            GeoJsonGeometries.Write(w, line);
            w.WriteStartObject("properties");
            w.WriteString("practice_a", a.Code);
            w.WriteString("practice_b", b.Code);
            JsonValues.WriteReal(w, "together_pct", ensemble.Plans > 0 ? 100.0 * ensemble.Together[e] / ensemble.Plans : double.NaN, 2);
            w.WriteEndObject();
            w.WriteEndObject();
            if (w.BytesPending > 64 * 1024) w.Flush();
        }
        End(w);
    }

    private static string Name(int i) => "K" + (i + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The study's index of each of the ensemble's practices (the ensemble was sampled on this study's practices).</summary>
    private static int[] StudyIndex(Ensemble ensemble, Study study)
    {
        var index = new int[ensemble.PracticeCodes.Count];
        for (int i = 0; i < index.Length; i++)
        {
            index[i] = study.Practices.IndexOf(ensemble.PracticeCodes[i]);
            if (index[i] < 0) throw new ArgumentException($"Practice {ensemble.PracticeCodes[i]} of the ensemble is not in the study.", nameof(study));
        }
        return index;
    }

    private static void Start(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("name", name);
        w.WriteStartArray("features");
    }

    private static void End(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }
}
