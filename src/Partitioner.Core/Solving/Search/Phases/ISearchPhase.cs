namespace Partitioner.Core.Solving.Search.Phases;

/// <summary>One phase of a restart (count repair, dissolve, split, improve, polish), run in that order by <see cref="LocalSearch"/>.</summary>
internal interface ISearchPhase
{
    /// <summary>Runs the phase on the restart (or does nothing when it does not apply); false when the restart should
    /// go straight to its closing polish.</summary>
    bool Run(RestartContext ctx);
}
