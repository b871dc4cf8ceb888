using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Tests.Solving.Search;

public sealed class ConsortiumPoolTests
{
    // Every contiguous group of the grid's practices is a valid consortium under these bounds.
    private static SearchData Model() => Presolve.Build(
        TestInstances.Grid(9, 7, new ConsortiumRules { MinPatients = 1, MaxPatients = 1_000_000_000 }, 1),
        SolveMode.BestEffort, new List<Infeasibility>());

    /// <summary>A plan of the grid in vertical strips, cut after the given columns.</summary>
    private static int[] Strips(int n, params int[] lastColumns) =>
        Enumerable.Range(0, n).Select(v => lastColumns.Count(c => v % 9 > c)).ToArray();

    private static readonly SearchData Grid = Model();

    // Two plans of three strips sharing their first strip (columns 0-2): offered in this order, the shared strip is the
    // oldest entry when the second plan arrives.
    private static readonly int[] First = Strips(Grid.N, 2, 5), Best = Strips(Grid.N, 2, 4);

    private static List<string> Held(ConsortiumPool pool)
    {
        var members = new List<int[]>();
        pool.CopyTo(members, new List<(ulong, int)>());
        return members.Select(m => string.Join(",", m)).ToList();
    }

    private static List<string> Consortia(int[] plan) =>
        plan.Distinct().Select(c => string.Join(",", Enumerable.Range(0, plan.Length).Where(v => plan[v] == c))).ToList();

    /// <summary>
    /// The best plan offered last is held whole, even when one of its consortia was already held as the oldest entry:
    /// storing the plan's new consortia used to evict it.
    /// </summary>
    [Fact]
    public void The_plan_offered_last_is_held_whole_when_it_shares_a_consortium_with_the_oldest_entries()
    {
        var pool = new ConsortiumPool(Grid, 3);
        pool.OfferPlan(First, 3);
        Assert.Equal(Consortia(First), Held(pool));

        pool.OfferPlan(Best, 3);

        var held = Held(pool);
        Assert.Equal(3, held.Count);
        Assert.All(Consortia(Best), c => Assert.Contains(c, held));
    }

    /// <summary>With room to spare, the other entries stay (the newest of them), and the plan's consortia are the newest.</summary>
    [Fact]
    public void Other_entries_keep_the_room_the_plan_leaves_and_the_plan_comes_last()
    {
        var pool = new ConsortiumPool(Grid, 5);
        pool.OfferPlan(First, 3);
        pool.OfferPlan(Best, 3);

        var firstOnly = Consortia(First).Except(Consortia(Best)).ToList();
        Assert.Equal(firstOnly.Concat(Consortia(Best)), Held(pool));

        // A third plan of four new consortia leaves room for one other entry: the newest, the best plan's last consortium.
        int[] third = Strips(Grid.N, 1, 3, 6);
        pool.OfferPlan(third, 4);
        Assert.Equal(new[] { Consortia(Best)[^1] }.Concat(Consortia(third)), Held(pool));
    }
}
