namespace Partitioner.Api.Datasets;

/// <summary>A dataset as listed by GET /v1/datasets.</summary>
/// <param name="Name">Name to use as "dataset" in requests.</param>
/// <param name="Description">First paragraph of the dataset's README.</param>
/// <param name="Practices">Practices with registered patients.</param>
/// <param name="Patients">Registered patients in total.</param>
/// <param name="HasBoundary">True when the dataset has its own study boundary (used unless a request gives one).</param>
/// <param name="PracticesUrl">Where to get the practices as GeoJSON.</param>
/// <param name="CouncilsUrl">Where to get the council boundaries as GeoJSON, when the dataset has them.</param>
public sealed record DatasetSummary(string Name, string Description, int Practices, long Patients, bool HasBoundary, string PracticesUrl, string? CouncilsUrl = null);
