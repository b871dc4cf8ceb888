using Partitioner.Core.Plans;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>
/// What moving from the current map (the practices' grouping field, e.g. <c>ccg_code</c>) to a plan means. A group's
/// successor is the consortium holding most of its patients (ties: the first); a practice <i>moves</i> when it is not in
/// its former group's successor, so a merger of whole groups moves nobody and a split moves the smaller parts. Each
/// consortium's budget starts at its practices' historic spend and moves towards its fair share by at most the pace cap
/// a year.
/// </summary>
public sealed record TransitionReport(
    TransitionOptions Options, int PracticesMoved, double PatientsMoved, double TotalPatients,
    IReadOnlyList<TransitionUnit> Consortia, IReadOnlyList<FormerGroup> FormerGroups)
{
    /// <summary>
    /// The transition from the current map in <paramref name="practices"/>' group field (named <paramref name="groupField"/>
    /// in messages) to <paramref name="plan"/>. Throws <see cref="InputException"/> when a practice has no group.
    /// </summary>
    public static TransitionReport Of(PracticeSet practices, Plan plan, string groupField, TransitionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(practices);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new TransitionOptions();
        if (!(options.PaceCap > 0 && options.PaceCap < 1))
            throw new InputException("transition", "pace cap", options.PaceCap.ToString(System.Globalization.CultureInfo.InvariantCulture), "The pace-of-change cap is a share of the budget strictly between 0 and 1, e.g. 0.02 for 2% a year.");
        var current = Plan.FromGroups(practices, groupField);
        int n = practices.Count, k = plan.Count, g = current.Count;
        var shared = new double[g, k];
        for (int i = 0; i < n; i++) shared[current.ConsortiumOf[i], plan.ConsortiumOf[i]] += practices[i].Patients;
        var successor = new int[g];
        for (int a = 0; a < g; a++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (shared[a, c] > shared[a, best]) best = c;
            successor[a] = best;
        }

        var practicesOf = new int[k]; var movedIn = new int[k];
        var patientsOf = new double[k]; var patientsIn = new double[k];
        var groupPractices = new int[g]; var groupPatients = new double[g]; var movedOut = new int[g]; var patientsOut = new double[g];
        int moved = 0;
        double movedPatients = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            int c = plan.ConsortiumOf[i], a = current.ConsortiumOf[i];
            double p = practices[i].Patients;
            practicesOf[c]++; patientsOf[c] += p; groupPractices[a]++; groupPatients[a] += p; total += p;
            if (successor[a] == c) continue;
            movedIn[c]++; patientsIn[c] += p; movedOut[a]++; patientsOut[a] += p; moved++; movedPatients += p;
        }
        var fair = FairShare.Of(practices, plan.ConsortiumOf, plan.ConsortiumNames);
        var units = new TransitionUnit[k];
        for (int c = 0; c < k; c++)
        {
            var formers = new List<string>();
            for (int a = 0; a < g; a++) if (shared[a, c] > 0) formers.Add(current.ConsortiumNames[a]);
            var (path, years) = Glide(fair.Units[c].Spend, fair.Units[c].Target, options);
            units[c] = new TransitionUnit(plan.ConsortiumNames[c], practicesOf[c], patientsOf[c], movedIn[c], patientsIn[c], formers, fair.Units[c], path, years);
        }
        var groups = new FormerGroup[g];
        for (int a = 0; a < g; a++)
            groups[a] = new FormerGroup(current.ConsortiumNames[a], groupPractices[a], groupPatients[a], plan.ConsortiumNames[successor[a]], movedOut[a], patientsOut[a]);
        return new TransitionReport(options, moved, movedPatients, total, units, groups);
    }

    /// <summary>The budget year by year from <paramref name="historic"/> towards <paramref name="target"/>, each year
    /// changing by at most the cap × that year's budget, and the years it takes (null when beyond the options' years).</summary>
    public static (IReadOnlyList<double> Path, int? Years) Glide(double historic, double target, TransitionOptions options)
    {
        if (!double.IsFinite(historic) || !double.IsFinite(target) || !(historic > 0)) return ([], null);
        var path = new List<double> { historic };
        double budget = historic;
        for (int year = 1; year <= options.MaxYears; year++)
        {
            if (Math.Abs(budget - target) <= 1e-9 * Math.Abs(target)) return (path, year - 1);
            double step = Math.Clamp(target - budget, -options.PaceCap * budget, options.PaceCap * budget);
            budget += step;
            path.Add(budget);
        }
        return (path, Math.Abs(budget - target) <= 1e-9 * Math.Abs(target) ? options.MaxYears : null);
    }
}
