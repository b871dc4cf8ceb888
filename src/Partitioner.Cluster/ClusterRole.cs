namespace Partitioner.Cluster;

/// <summary>What a node of the cluster does.</summary>
public enum ClusterRole
{
    /// <summary>An Orleans silo: hosts job grains, runs work items, and serves the HTTP API.</summary>
    Worker,

    /// <summary>An Orleans client: serves the HTTP API and runs nothing.</summary>
    Api,
}
