namespace Partitioner.Cluster.Storage;

/// <summary>One silo of the cluster as the membership table records it.</summary>
public sealed record SiloMember(string Address, string Name, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);
