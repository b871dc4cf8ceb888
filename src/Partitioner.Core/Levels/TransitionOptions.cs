namespace Partitioner.Core.Levels;

/// <summary>How budgets move from historic spend to fair share: by at most <see cref="PaceCap"/> of the budget a year
/// (default 2%), for at most <see cref="MaxYears"/> years of path (default 50).</summary>
public sealed record TransitionOptions
{
    /// <summary>The largest change of a budget in one year, as a share of that year's budget.</summary>
    public double PaceCap { get; init; } = 0.02;

    /// <summary>The longest path reported; a unit still away from target then has no "years needed".</summary>
    public int MaxYears { get; init; } = 50;
}
