using NetTopologySuite.Geometries;

namespace Partitioner.Api.Ogc;

/// <summary>One feature collection the OGC API serves: a finished job's layer or a bundled dataset's layer.</summary>
/// <param name="Id">Collection id, e.g. <c>job-{id}-consortia</c> or <c>dataset-region-practices</c>.</param>
/// <param name="Title">Human-readable title.</param>
/// <param name="Description">What the features are.</param>
/// <param name="Extent">WGS84 bounding box of the features.</param>
public sealed record OgcCollection(string Id, string Title, string Description, Envelope Extent);
