namespace Partitioner.Api.Jobs;

/// <summary>The work-item form of each kind of job (<see cref="JobKinds"/>), for whoever runs the items.</summary>
public sealed class JobWorks(SolveWork solve, SweepWork sweep, EnsembleWork ensemble)
{
    /// <summary>The work of a job of <paramref name="kind"/>.</summary>
    public IJobWork For(string kind) => kind switch
    {
        JobKinds.Sweep => sweep,
        JobKinds.Ensemble => ensemble,
        JobKinds.Solve => solve,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No work items for this kind of job."),
    };
}
