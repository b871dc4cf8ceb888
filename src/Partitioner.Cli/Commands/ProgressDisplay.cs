using Partitioner.Core.Solving;

namespace Partitioner.Cli.Commands;

/// <summary>Shows solver progress on standard error (see <see cref="ProgressLine{T}"/>).</summary>
internal sealed class ProgressDisplay : ProgressLine<SolveProgress>
{
    protected override string Line(SolveProgress p)
    {
        string score = double.IsFinite(p.BestScore) ? p.BestScore.ToString("0.###") : "–";
        return $"{p.Elapsed.TotalSeconds,6:0.0}s  steps {p.Steps,12:N0}  restarts done {p.RestartsCompleted}  best {score}  {(p.FeasibleFound ? "feasible" : "not feasible yet")}";
    }
}
