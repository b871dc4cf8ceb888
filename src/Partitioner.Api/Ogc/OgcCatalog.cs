using System.Collections.Concurrent;
using Partitioner.Api.Datasets;
using Partitioner.Api.Jobs;
using Partitioner.Core.Layers;

namespace Partitioner.Api.Ogc;

/// <summary>
/// The collections of the OGC API: for every bundled dataset its practices (and boundary when it has one), and for each of
/// the newest succeeded jobs its consortia and practices. Ids: <c>dataset-{name}-{layer}</c>, <c>job-{id}-{layer}</c>.
/// </summary>
public sealed class OgcCatalog(JobLayers jobs, DatasetCatalog datasets)
{
    /// <summary>How many of the newest finished jobs /collections lists (older ones stay reachable by id).</summary>
    public const int ListedJobs = 200;

    private const string JobPrefix = "job-";
    private const string DatasetPrefix = "dataset-";
    private readonly ConcurrentDictionary<string, Lazy<FeatureLayer?>> _datasetLayers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every listed collection, datasets first, then jobs newest first.</summary>
    public IReadOnlyList<OgcCollection> List()
    {
        var list = new List<OgcCollection>();
        foreach (var d in datasets.All.OrderBy(d => d.Name, StringComparer.Ordinal))
            foreach (var layer in DatasetLayerNames(d))
                if (Describe(DatasetPrefix + d.Name + "-" + layer) is { } c) list.Add(c);
        foreach (var job in jobs.FinishedJobs(ListedJobs))
            foreach (var layer in JobLayers.Names)
                if (Describe(JobPrefix + job + "-" + layer) is { } c) list.Add(c);
        return list;
    }

    /// <summary>The collection's description, or null for an unknown id.</summary>
    public OgcCollection? Describe(string id)
    {
        if (!TrySplit(id, out var kind, out var owner, out var layer)) return null;
        if (kind == JobPrefix)
        {
            var extent = jobs.Extent(owner, layer);
            return extent is null ? null : new OgcCollection(id, $"{JobLayers.Title(layer)} of job {owner}",
                layer == "consortia"
                    ? "Consortium polygons of the job's plan with their patients, deprivation and spend deviations and rule checks."
                    : "Practice points with the consortium each joined and their input properties.",
                extent);
        }
        var found = Layer(id);
        return found is null ? null : new OgcCollection(id, found.Title,
            layer switch
            {
                "boundary" => $"The study area of the bundled dataset '{owner}'.",
                "councils" => $"The council boundaries given with the bundled dataset '{owner}'.",
                _ => $"The practices of the bundled dataset '{owner}' as given.",
            },
            found.Extent);
    }

    /// <summary>The collection's features, or null for an unknown id.</summary>
    public FeatureLayer? Layer(string id)
    {
        if (!TrySplit(id, out var kind, out var owner, out var layer)) return null;
        if (kind == JobPrefix) return jobs.Find(owner, layer);
        if (datasets.Find(owner) is not { } d) return null;
        return _datasetLayers.GetOrAdd(d.Name + "-" + layer, _ => new Lazy<FeatureLayer?>(() => layer switch
        {
            "practices" => FeatureLayerReader.Read(datasets.PracticesGeoJson(d), "practices", $"Practices of dataset {d.Name}"),
            "boundary" when datasets.BoundaryGeoJson(d) is { } b => FeatureLayerReader.Read(b, "boundary", $"Study area of dataset {d.Name}"),
            "councils" when datasets.CouncilsGeoJson(d) is { } c => FeatureLayerReader.Read(c, "councils", $"Councils of dataset {d.Name}"),
            _ => null,
        })).Value;
    }

    private static IEnumerable<string> DatasetLayerNames(Dataset d)
    {
        yield return "practices";
        if (d.BoundaryPath is not null) yield return "boundary";
        if (d.CouncilsPath is not null) yield return "councils";
    }

    private static bool TrySplit(string id, out string kind, out string owner, out string layer)
    {
        kind = owner = layer = "";
        var dash = id.LastIndexOf('-');
        if (dash <= 0 || dash == id.Length - 1) return false;
        layer = id[(dash + 1)..];
        var head = id[..dash];
        if (head.StartsWith(JobPrefix, StringComparison.Ordinal)) kind = JobPrefix;
        else if (head.StartsWith(DatasetPrefix, StringComparison.Ordinal)) kind = DatasetPrefix;
        else return false;
        owner = head[kind.Length..];
        return owner.Length > 0;
    }
}
