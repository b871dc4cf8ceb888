namespace Partitioner.Api;

/// <summary>Where jobs run: in this process (the default) or on a cluster of worker silos.</summary>
public enum ServiceMode
{
    /// <summary>One process: jobs in SQLite, solved by this process's workers. Nothing to set up.</summary>
    Embedded,

    /// <summary>Jobs in PostgreSQL, their work items run on Orleans worker silos (settings in Partitioner:Cluster).</summary>
    Cluster,
}
