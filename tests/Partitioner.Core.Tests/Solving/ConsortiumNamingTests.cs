using Partitioner.Core.Geography;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Solving;

public sealed class ConsortiumNamingTests
{
    private static Problem Line(int[] locked, string[] lockNames) =>
        new(AdjacencyGraph.FromEdges(4, [(0, 1), (1, 2), (2, 3)]), [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 0, 0],
            new ConsortiumRules(), locked: locked, lockNames: lockNames);

    [Fact]
    public void Consortia_are_numbered_and_a_consortium_holding_a_whole_lock_takes_its_name()
    {
        var problem = Line([0, 0, -1, -1], ["Tees"]);
        Assert.Equal(["Tees", "C002"], ConsortiumNaming.Names(problem, [0, 0, 1, 1], 2));
    }

    [Fact]
    public void A_split_lock_or_two_locks_in_one_consortium_name_nothing()
    {
        Assert.Equal(["C001", "C002"], ConsortiumNaming.Names(Line([0, -1, 0, -1], ["Tees"]), [0, 0, 1, 1], 2));
        Assert.Equal(["C001", "C002"], ConsortiumNaming.Names(Line([0, 1, -1, -1], ["Tees", "Wear"]), [0, 0, 1, 1], 2));
    }
}
