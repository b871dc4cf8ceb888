namespace Partitioner.Cluster.Storage;

/// <summary>A finished job's result documents (UTF-8): the consortia and practices layers (GeoJSON) and the report (JSON).</summary>
public sealed record JobDocuments(byte[] Consortia, byte[] Practices, byte[] Report);
