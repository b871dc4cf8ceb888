using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// The practices as the balance benchmarks (<c>relax</c>, <c>balance-bound</c>) read them: balance rules with missing
/// values at the area mean (<see cref="MissingValues"/>), as in the solver's runs with <c>--missing mean</c> (the rules'
/// band itself is not used), coordinates in km; with <paramref name="groupBy"/>, each practice's group read from that
/// field (<see cref="Practice.Group"/>).
/// </summary>
internal sealed record BalancedArea(Study Study, Problem Problem, double[] X, double[] Y, AreaBaseline Area)
{
    public static BalancedArea Read(string path, string? groupBy = null)
    {
        var tolerance = new BalanceTolerance(0.25, ToleranceKind.Relative);
        var request = new StudyRequest { Deprivation = tolerance, Spend = tolerance, Missing = MissingValuePolicy.FillMean, GroupBy = groupBy };
        var study = Study.Prepare(PracticeReader.ReadFile(path, request.ReadOptions()), request);
        var problem = study.ToProblem();
        return new BalancedArea(study, problem, problem.X.Select(v => v / 1000).ToArray(), problem.Y.Select(v => v / 1000).ToArray(),
            AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend));
    }
}
