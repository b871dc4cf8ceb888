using Partitioner.Core.Practices;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.RealData;

/// <summary>Whole councils on the real 2014/15 practices with their districts (la_code_2014).</summary>
[Trait("Category", "RealData")]
public sealed class RealWholeCouncilsTests
{
    [RealDataFact]
    public void On_real_england_no_council_is_split_unless_it_holds_more_patients_than_the_maximum()
    {
        var set = PracticeReader.ReadFile(Support.RealData.Practices2014);
        var request = new StudyRequest { WholeCouncils = true, Missing = MissingValuePolicy.FillMean, MaxSteps = 200_000, Restarts = 2 };
        var study = Study.Prepare(set, request);
        Assert.Equal("field la_code_2014", study.Councils!.Source);
        var outcome = Planner.Solve(study, request);
        var e = outcome.Evaluation!;
        Assert.True(e.Summary.MeetsAllRules, string.Join("; ", e.Consortia.SelectMany(c => c.Violations.Select(v => v.Message))));

        // An independent count: each council's patients and the consortia its practices fall in.
        var councilOf = study.Councils.CouncilOf;
        var patients = new double[study.Councils.Count];
        var consortia = Enumerable.Range(0, study.Councils.Count).Select(_ => new HashSet<int>()).ToArray();
        for (int i = 0; i < study.Practices.Count; i++)
        {
            if (councilOf[i] < 0) continue;
            patients[councilOf[i]] += study.Practices.Practices[i].Patients;
            consortia[councilOf[i]].Add(outcome.Plan!.ConsortiumOf[i]);
        }
        var split = Enumerable.Range(0, patients.Length).Where(c => consortia[c].Count > 1).ToList();
        Assert.All(split, c => Assert.True(patients[c] > request.MaxPatients, $"{study.Councils.Codes[c]} ({patients[c]:N0} patients) is split."));
        // Leeds and Birmingham hold more than 750,000 patients: they are the councils split, each into the fewest (2) pieces.
        Assert.Equal(2, split.Count);
        Assert.All(split, c => Assert.Equal(2, consortia[c].Count));
        Assert.Equal(split.Count, e.Summary.Coterminosity!.CouncilsSplit);
    }
}
