using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Exact;

/// <summary>
/// One consortium (the practices sharing a grouping value, e.g. one CCG) split into contiguous localities by
/// <see cref="LocalitySplitter"/>: the one path from practices to an evaluated locality plan, shared by the CLI and the
/// API. <see cref="Evaluation"/> is null when no split was found.
/// </summary>
public sealed record LocalityStudy(Study Study, ExactResult Result, Evaluation? Evaluation)
{
    /// <summary>
    /// Splits the practices of <paramref name="practices"/> whose group is <paramref name="consortium"/> into
    /// localities within <paramref name="rules"/>' patient range and balance rules; localities are named
    /// <c>{consortium}-L01</c>, …. Practices of other groups, or with no group, are not read further. A practice above the
    /// maximum is a locality on its own, and the evaluation's maximum is raised to the largest such practice so that it is
    /// not reported as a broken rule. A deprivation or spend value the balance rules need and a practice lacks is handled by
    /// <paramref name="missing"/> (by default the practice is left out of the balance sums). Throws
    /// <see cref="InputException"/> when no practice belongs to <paramref name="consortium"/>.
    /// </summary>
    public static LocalityStudy Split(PracticeSet practices, string groupField, string consortium, ConsortiumRules rules, ExactOptions options,
        MissingValuePolicy missing = MissingValuePolicy.Exclude)
    {
        ArgumentNullException.ThrowIfNull(practices);
        ArgumentNullException.ThrowIfNull(rules);
        var members = practices.Practices.Where(p => p.Group == consortium).ToArray();
        if (members.Length == 0)
            throw new InputException("consortium", groupField, consortium, $"No practice has {groupField} = '{consortium}'. Check the name.");
        double largest = members.Max(p => p.Patients);
        var evaluationRules = largest > rules.MaxPatients ? rules with { MaxPatients = largest } : rules;
        var study = Study.Prepare(new PracticeSet(members, practices.Warnings, practices.InputCoordinates), evaluationRules, missing);
        var result = LocalitySplitter.Split(study.ToProblem(), rules, options);
        if (result.ConsortiumOf is null) return new LocalityStudy(study, result, null);
        var names = Enumerable.Range(1, result.ConsortiumCount).Select(i => $"{consortium}-L{i:00}").ToArray();
        return new LocalityStudy(study, result, study.Evaluate(new Plan(names, result.ConsortiumOf)));
    }
}
