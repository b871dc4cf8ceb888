using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Datasets;

/// <summary>
/// The bundled datasets, discovered once from the data directory (one sub-folder per dataset). Practices and
/// boundaries are read on first use and cached: they are immutable.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly Dictionary<string, Dataset> _datasets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<PracticeSet>> _practices = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Geometry?>> _boundaries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _geoJson = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<byte[]?>> _boundaryGeoJson = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _councils = new(StringComparer.OrdinalIgnoreCase);

    public DatasetCatalog(IOptions<PartitionerApiOptions> options, IHostEnvironment environment)
    {
        Directory = Locate(options.Value.DataDirectory, environment.ContentRootPath);
        if (Directory is null) return;
        foreach (var folder in System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal))
        {
            var csv = Path.Combine(folder, "practices.csv");
            var geojson = Path.Combine(folder, "practices.geojson");
            var practices = File.Exists(geojson) ? geojson : File.Exists(csv) ? csv : null;
            if (practices is null) continue;
            var boundary = Path.Combine(folder, "boundary.geojson");
            var councils = Path.Combine(folder, "councils.geojson");
            var name = Path.GetFileName(folder);
            _datasets[name] = new Dataset(name, Describe(Path.Combine(folder, "README.md")), practices, File.Exists(boundary) ? boundary : null,
                File.Exists(councils) ? councils : null);
        }
    }

    /// <summary>The data directory in use, or null when none was found.</summary>
    public string? Directory { get; }

    public IReadOnlyCollection<Dataset> All => _datasets.Values;

    public Dataset? Find(string name) => _datasets.GetValueOrDefault(name.Trim());

    /// <summary>The dataset's practices read with the default field mapping (cached).</summary>
    public PracticeSet Practices(Dataset d) =>
        _practices.GetOrAdd(d.Name, _ => new Lazy<PracticeSet>(() => PracticeReader.ReadFile(d.PracticesPath))).Value;

    /// <summary>The dataset's practices read with a request's own reading options (not cached unless default).</summary>
    public PracticeSet Practices(Dataset d, PracticeReadOptions read) =>
        read == new PracticeReadOptions() ? Practices(d) : PracticeReader.ReadFile(d.PracticesPath, read);

    public Geometry? Boundary(Dataset d) =>
        _boundaries.GetOrAdd(d.Name, _ => new Lazy<Geometry?>(() => d.BoundaryPath is null ? null : BoundaryReader.ReadFile(d.BoundaryPath))).Value;

    /// <summary>The dataset's practices as a GeoJSON FeatureCollection (WGS84 points, input properties kept).</summary>
    public byte[] PracticesGeoJson(Dataset d) =>
        _geoJson.GetOrAdd(d.Name, _ => new Lazy<byte[]>(() => WriteGeoJson(Practices(d)))).Value;

    /// <summary>
    /// The dataset's study boundary as a GeoJSON FeatureCollection of one (Multi)Polygon feature in WGS84 (6 decimals),
    /// or null when the dataset has none.
    /// </summary>
    public byte[]? BoundaryGeoJson(Dataset d) =>
        _boundaryGeoJson.GetOrAdd(d.Name, _ => new Lazy<byte[]?>(() => Boundary(d) is { } grid ? WriteBoundary(d.Name, grid) : null)).Value;

    /// <summary>
    /// The dataset's council boundaries (councils.geojson: a WGS84 FeatureCollection of polygons) as read through the
    /// layer reader and written back with typed properties at 6 decimals; null when the dataset has none.
    /// </summary>
    public byte[]? CouncilsGeoJson(Dataset d) =>
        d.CouncilsPath is null ? null : _councils.GetOrAdd(d.Name, _ => new Lazy<byte[]>(() => WriteCouncils(d))).Value;

    private static byte[] WriteCouncils(Dataset d)
    {
        var layer = FeatureLayerReader.Read(File.ReadAllBytes(d.CouncilsPath!), $"{d.Name}/councils.geojson", $"Councils of dataset {d.Name}");
        if (layer.GeometryType != LayerGeometryType.MultiPolygon)
            throw new InputException($"{d.Name}/councils.geojson", "geometry", layer.GeometryType.ToString(), "Council boundaries must all be Polygon or MultiPolygon features in WGS84.");
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var f in layer.Features) FeatureLayerGeoJson.WriteFeature(w, layer, f, f.Geometry is null ? null : Wgs84Output.Snap(f.Geometry));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static byte[] WriteBoundary(string name, Geometry grid)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteString("id", name);
            w.WritePropertyName("geometry");
            GeoJsonGeometries.WritePolygonal(w, Wgs84Output.FromGrid(grid));
            w.WriteStartObject("properties");
            w.WriteString("name", name);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public DatasetSummary Summarise(Dataset d)
    {
        var p = Practices(d);
        return new DatasetSummary(d.Name, d.Description, p.Count, (long)Math.Round(p.TotalPatients), d.BoundaryPath is not null, $"/v1/datasets/{d.Name}/practices",
            d.CouncilsPath is null ? null : $"/v1/datasets/{d.Name}/councils");
    }

    private static byte[] WriteGeoJson(PracticeSet practices)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var p in practices.Practices)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteString("id", p.Code);
                w.WriteStartObject("geometry");
                w.WriteString("type", "Point");
                w.WriteStartArray("coordinates");
                w.WriteNumberValue(Math.Round(p.Longitude, 6));
                w.WriteNumberValue(Math.Round(p.Latitude, 6));
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteString("practice_code", p.Code);
                w.WriteString("name", p.Name);
                w.WriteNumber("list_size", p.Patients);
                if (double.IsFinite(p.Deprivation)) w.WriteNumber("imd_score", p.Deprivation); else w.WriteNull("imd_score");
                if (double.IsFinite(p.Spend)) w.WriteNumber("spend", p.Spend); else w.WriteNull("spend");
                foreach (var prop in p.Properties)
                {
                    switch (prop.Value)
                    {
                        case null: w.WriteNull(prop.Name); break;
                        case double x when double.IsFinite(x): w.WriteNumber(prop.Name, x); break;
                        case bool b: w.WriteBoolean(prop.Name, b); break;
                        default: w.WriteString(prop.Name, Convert.ToString(prop.Value, System.Globalization.CultureInfo.InvariantCulture)); break;
                    }
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string Describe(string readme)
    {
        if (!File.Exists(readme)) return "";
        var lines = File.ReadAllLines(readme);
        var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? "";
        var paragraph = new List<string>();
        bool started = false;
        foreach (var line in lines)
        {
            if (line.StartsWith('#')) { if (started) break; continue; }
            if (string.IsNullOrWhiteSpace(line)) { if (started) break; continue; }
            started = true;
            paragraph.Add(line.Trim());
        }
        var text = string.Join(" ", paragraph);
        return title.Length == 0 ? text : text.Length == 0 ? title : $"{title}: {text}";
    }

    private static string? Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var source = typeof(DatasetCatalog).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "PartitionerSourceDirectory")?.Value;
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory(), source ?? "" })
        {
            if (start.Length == 0 || !System.IO.Directory.Exists(start)) continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data");
                if (System.IO.Directory.Exists(candidate) && System.IO.Directory.GetDirectories(candidate).Any(d =>
                        File.Exists(Path.Combine(d, "practices.csv")) || File.Exists(Path.Combine(d, "practices.geojson"))))
                    return candidate;
            }
        }
        return null;
    }
}
