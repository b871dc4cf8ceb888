using System.CommandLine;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>
/// The options that shape the plan a search finds, shared by <c>solve</c> and <c>sweep</c> (whose every band is the same
/// solve): the count of consortia, pinned practices, the objective's extra terms, the current map, whole councils and the
/// exact re-cuts after the search.
/// </summary>
internal sealed class PlanShapeOptions
{
    public Option<int?> CountMin { get; } = new("--count-min") { Description = "Fewest consortia allowed." };
    public Option<int?> CountMax { get; } = new("--count-max") { Description = "Most consortia allowed (e.g. 100 across England)." };
    public Option<double?> TargetSize { get; } = new("--target-size") { Description = "Aim for consortia of about this many patients (e.g. 500000); implies --prefer nearest unless another preference is given." };
    public Option<string?> Prefer { get; } = new("--prefer") { Description = "Count preference: none, fewest, most or nearest (to --target-size). Default: nearest with --target-size, else none." };
    public Option<string[]> Locks { get; } = new("--lock") { Description = "Pin a practice to a named consortium: --lock A81001=Tees. Repeatable." };
    public Option<string[]> Objective { get; } = new("--objective") { Description = "Extra objective terms besides compactness: spread=WEIGHT (deprivation/spend spread across consortia), disruption=WEIGHT (patients moved from --group-by), boundary=WEIGHT (length of the borders between consortia; 1 weighs them like compactness), coterminosity=WEIGHT (patients separated from the rest of their council; needs councils, not with disruption), risk=WEIGHT (the mean probability of overspending beyond the risk reserve). Repeatable." };
    public Option<string?> GroupBy { get; } = new("--group-by") { Description = "Existing grouping field (e.g. ccg_code) for the disruption term." };
    public Option<bool> WholeCouncils { get; } = new("--whole-councils") { Description = "Consortia are unions of whole councils (the council field or --councils): a council is split only when it holds more patients than --max (into the fewest pieces) or its practices are not connected." };
    public Option<bool> Recut { get; } = new("--recut") { Description = "After the search, re-cut every pair of neighbouring consortia exactly (CP-SAT, any size, every rule kept) while it makes the plan more compact, within the time limit again; compactness-only objectives." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { CountMin, CountMax, TargetSize, Prefer, Locks, Objective, GroupBy, WholeCouncils, Recut })
            command.Options.Add(o);
    }

    /// <summary><paramref name="request"/> with these options applied; problems are added to <paramref name="problems"/>.</summary>
    public StudyRequest Apply(ParseResult r, StudyRequest request, List<InputProblem> problems)
    {
        request = request with
        {
            CountMin = r.GetValue(CountMin),
            CountMax = r.GetValue(CountMax),
            TargetSize = r.GetValue(TargetSize),
            CountPreference = r.GetValue(Prefer) is { } prefer ? RequestText.Preference(prefer, problems) : null,
            WholeCouncils = r.GetValue(WholeCouncils),
            Recut = r.GetValue(Recut),
        };
        foreach (var spec in r.GetValue(Objective) ?? []) request = RequestText.WithObjective(request, spec, problems);
        foreach (var spec in r.GetValue(Locks) ?? [])
            if (RequestText.Pair(spec, RequestOption.Locks, "CODE=CONSORTIUM, e.g. A81001=Tees", problems) is { } l)
                request = RequestText.WithLock(request, l.Name, l.Value, problems);
        return request;
    }
}
