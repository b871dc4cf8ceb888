using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Tests.Support;

internal static class PlanFixtures
{
    /// <summary>A 5×5 grid whose centre practice is its own consortium "hole" inside a ring consortium "ring".</summary>
    public static (PracticeGeography Geography, Evaluation Evaluation) RingAroundCentre()
    {
        var set = TestPractices.Grid(5, 5, i => 1000 + i, i => 10 + i % 7, group: "ccg_code", groupOf: i => i == 12 ? "hole" : "ring");
        var geo = PracticeGeography.Build(set);
        var plan = Plan.FromGroups(set, "ccg_code");
        return (geo, PlanEvaluator.Evaluate(geo, plan, new ConsortiumRules { MinPatients = 0 }));
    }
}
