namespace Partitioner.Exact;

/// <summary>
/// A master's answer: the best bound found (valid for every plan the node allows), the bound before any cut, the reduced
/// cost of every column (by position among the columns) at that bound's duals, whether pricing and separation both came
/// up empty, and the cut rounds run, cuts in the master and columns in it.
/// </summary>
internal sealed record MasterAnswer(double Bound, double FirstBound, double[] ReducedCosts, bool Converged, int Rounds, int Cuts, int MasterColumns)
{
    /// <summary>The last master LP's positive values by candidate index (its support).</summary>
    public IReadOnlyList<(int Candidate, double Value)> Support { get; init; } = [];

    /// <summary>Whether the last master LP still needed an artificial column (it covered no plan then).</summary>
    public bool Artificial { get; init; }

    /// <summary>Whether column <paramref name="k"/> (a position in the columns solved over) can be in a plan costing at most <paramref name="incumbent"/>.</summary>
    public bool Keeps(int k, double incumbent) =>
        ReducedCosts.Length == 0 || Bound + Math.Max(0, ReducedCosts[k]) <= incumbent + 1e-7 * Math.Max(1, Math.Abs(incumbent));
}
