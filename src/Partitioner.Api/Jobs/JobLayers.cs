using System.Collections.Concurrent;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Layers;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A finished job's result layers (consortia, practices) parsed into <see cref="FeatureLayer"/>s for the OGC API and
/// GeoPackage downloads. Results never change once stored, so parsed layers are kept in a small most-recently-used
/// cache and extents for as long as the job exists; a deleted job's entries are dropped when next asked for.
/// </summary>
public sealed class JobLayers(IJobStore store)
{
    /// <summary>The layers a job's plan has, in the order they are listed and stored.</summary>
    public static readonly IReadOnlyList<string> Names = ["consortia", "practices"];

    private const int CachedLayers = 8;
    private readonly LinkedList<(string Key, FeatureLayer Layer)> _recent = new();
    private readonly ConcurrentDictionary<string, NetTopologySuite.Geometries.Envelope> _extents = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Ids of succeeded jobs with results, newest first.</summary>
    public IReadOnlyList<string> FinishedJobs(int limit) => store.SucceededWithResults(limit);

    /// <summary>The named layer of a succeeded job, or null when the job, its result or the layer does not exist.</summary>
    public FeatureLayer? Find(string jobId, string layer)
    {
        if (!Names.Contains(layer)) return null;
        var key = jobId + "/" + layer;
        if (store.Get(jobId) is not { State: JobState.Succeeded, HasResult: true })
        {
            Forget(key);
            return null;
        }
        lock (_gate)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Key != key) continue;
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Layer;
            }
        }
        var bytes = store.GetResult(jobId, layer);
        if (bytes is null) return null;
        var parsed = FeatureLayerReader.Read(bytes, layer, $"{Title(layer)} of job {jobId}");
        _extents[key] = parsed.Extent;
        lock (_gate)
        {
            _recent.AddFirst((key, parsed));
            while (_recent.Count > CachedLayers) _recent.RemoveLast();
        }
        return parsed;
    }

    /// <summary>Every layer of a succeeded job, or null when it has no result.</summary>
    public IReadOnlyList<FeatureLayer>? All(string jobId)
    {
        var layers = new List<FeatureLayer>();
        foreach (var name in Names)
        {
            if (Find(jobId, name) is not { } layer) return null;
            layers.Add(layer);
        }
        return layers;
    }

    /// <summary>
    /// A layer's WGS84 extent, or null when the job or layer does not exist. Found by scanning the stored GeoJSON's
    /// coordinates once (no geometry is built), so listing many jobs stays cheap.
    /// </summary>
    public NetTopologySuite.Geometries.Envelope? Extent(string jobId, string layer)
    {
        var key = jobId + "/" + layer;
        if (!Names.Contains(layer) || store.Get(jobId) is not { State: JobState.Succeeded, HasResult: true })
        {
            Forget(key);
            return null;
        }
        if (_extents.TryGetValue(key, out var known)) return known;
        if (store.GetResult(jobId, layer) is not { } bytes) return null;
        return _extents[key] = GeoJsonExtent.Scan(bytes);
    }

    /// <summary>"Consortia" for "consortia".</summary>
    public static string Title(string layer) => char.ToUpperInvariant(layer[0]) + layer[1..];

    private void Forget(string key)
    {
        _extents.TryRemove(key, out _);
        lock (_gate)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
                if (node.Value.Key == key) { _recent.Remove(node); break; }
        }
    }
}
