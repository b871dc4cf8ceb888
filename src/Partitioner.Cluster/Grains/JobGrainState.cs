namespace Partitioner.Cluster.Grains;

/// <summary>A job grain's persisted state (Orleans grain storage in PostgreSQL): what survives its silo.</summary>
[GenerateSerializer]
public sealed class JobGrainState
{
    /// <summary>The grain has taken charge of the job (its reminder is registered).</summary>
    [Id(0)]
    public bool Started { get; set; }

    /// <summary>Times the results were gathered (more than 1 only when a silo died while gathering).</summary>
    [Id(1)]
    public int Gatherings { get; set; }

    /// <summary>Items given back to the queue because their worker died or its lease ran out.</summary>
    [Id(2)]
    public int ItemsReclaimed { get; set; }

    /// <summary>The job has ended (its reminder is gone).</summary>
    [Id(3)]
    public bool Finished { get; set; }
}
