using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Tests.Support;
using Partitioner.Core.Rules;

namespace Partitioner.Exact.Tests;

/// <summary>Exact solves share no state: several at once in one process give the answers they give one at a time.</summary>
public sealed class ConcurrentSolveTests
{
    [Fact]
    public async Task Four_locality_splits_of_the_bundled_region_at_once_each_prove_their_own_optimum()
    {
        var path = Path.Combine(RealData.RepositoryRoot, "data", "region", "practices.geojson");
        var all = PracticeReader.ReadFile(path, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        string[] consortia = ["R01", "R02", "R03", "R05"];
        var rules = new ConsortiumRules { MinPatients = 0, MaxPatients = 30_000 };
        var options = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(60) };
        var alone = consortia.Select(c => LocalityStudy.Split(all, "ccg_code", c, rules, options)).ToArray();

        var together = await Task.WhenAll(consortia.Select(c => Task.Run(() => LocalityStudy.Split(all, "ccg_code", c, rules, options))));

        for (int k = 0; k < consortia.Length; k++)
        {
            var (one, many) = (alone[k].Result, together[k].Result);
            Assert.True(one.Status == ExactStatus.Optimal, $"{consortia[k]} alone: {one.Message}");
            Assert.True(many.Status == ExactStatus.Optimal, $"{consortia[k]} concurrently: {many.Message}");
            Assert.Equal(one.ConsortiumCount, many.ConsortiumCount);
            Assert.Equal(one.Objective, many.Objective, 6);
            var evaluation = together[k].Evaluation!;
            Assert.Equal(together[k].Study.Practices.Count, many.ConsortiumOf!.Length);
            Assert.All(evaluation.Consortia, l =>
            {
                Assert.StartsWith(consortia[k] + "-L", l.Name);
                Assert.InRange(l.Patients, 1, 30_000);
                Assert.Equal(1, l.Pieces);
            });
        }
    }
}
