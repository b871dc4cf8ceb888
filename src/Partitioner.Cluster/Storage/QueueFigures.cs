namespace Partitioner.Cluster.Storage;

/// <summary>The cluster's load at one moment: jobs and work items waiting and running, and active silos.</summary>
public sealed record QueueFigures(long JobsQueued, long JobsRunning, long ItemsQueued, long ItemsRunning, long ActiveSilos);
