namespace Partitioner.Exact;

/// <summary>
/// The answer of the cut relaxation of "fewer consortia than the seed" (<see cref="PartitionFormulation.CountRelaxation"/>):
/// the candidates it was solved over (<see cref="Columns"/>, ascending) and its bound and reduced costs by their position
/// (<see cref="Answer"/>).
/// Two uses in the count race (<see cref="CountRace"/>): the candidates of least reduced cost are where a plan at the bound
/// is most likely to be (<see cref="Least"/>), and a candidate whose reduced cost lifts the bound above a count is in no
/// plan with that count or fewer (<see cref="Keep"/>).
/// </summary>
internal sealed record CountDuals(int[] Columns, MasterAnswer Answer)
{
    /// <summary>The candidates whose reduced cost is at most <paramref name="reducedCost"/>.</summary>
    public int[] Least(double reducedCost)
    {
        var kept = new List<int>();
        for (int k = 0; k < Columns.Length; k++) if (Answer.ReducedCosts[k] <= reducedCost) kept.Add(Columns[k]);
        return [.. kept];
    }

    /// <summary>
    /// Those of <paramref name="columns"/> that a plan of at most <paramref name="atMost"/> consortia may hold: every one
    /// the relaxation does not rule out (<see cref="MasterAnswer.Keeps"/>), and every one it was not solved over. The
    /// relaxation's bound holds for every plan of its count range, which holds <paramref name="atMost"/>'s plans when
    /// <paramref name="atMost"/> is in it (the caller's part).
    /// </summary>
    public int[] Keep(int[] columns, int atMost)
    {
        var kept = new List<int>(columns.Length);
        foreach (int c in columns)
            if (Array.BinarySearch(Columns, c) is var k && (k < 0 || Answer.Keeps(k, atMost))) kept.Add(c);
        return [.. kept];
    }
}
