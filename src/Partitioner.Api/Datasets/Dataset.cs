namespace Partitioner.Api.Datasets;

/// <summary>
/// A bundled dataset: a folder holding practices.csv or practices.geojson, optionally boundary.geojson (the study area),
/// councils.geojson (council boundaries drawn on the map page) and README.md.
/// </summary>
public sealed record Dataset(string Name, string Description, string PracticesPath, string? BoundaryPath, string? CouncilsPath = null);
