using Partitioner.Core.Ensembles;

namespace Partitioner.Cli.Commands;

/// <summary>Shows ensemble progress on standard error (see <see cref="ProgressLine{T}"/>).</summary>
internal sealed class EnsembleProgressDisplay : ProgressLine<EnsembleProgress>
{
    protected override string Line(EnsembleProgress p) =>
        $"{p.Elapsed.TotalSeconds,6:0.0}s  chains started {p.ChainsStarted}  plans {p.PlansRecorded:N0} of {p.PlansWanted:N0}  steps {p.Steps:N0}";
}
