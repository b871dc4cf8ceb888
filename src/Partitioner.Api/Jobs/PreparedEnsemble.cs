using Partitioner.Core.Ensembles;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>An ensemble read back and prepared: the study, what its chains share, and one item per chain.</summary>
public sealed record PreparedEnsemble(Study Study, EnsembleSetup Setup) : IPreparedWork
{
    public int Items => Setup.Options.Chains;
}
