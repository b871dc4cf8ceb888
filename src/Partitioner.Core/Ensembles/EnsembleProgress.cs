namespace Partitioner.Core.Ensembles;

/// <summary>Where an ensemble run stands: time, plans recorded of those wanted, chain steps taken, chains started.</summary>
public sealed record EnsembleProgress(TimeSpan Elapsed, int PlansRecorded, int PlansWanted, long Steps, int ChainsStarted);
