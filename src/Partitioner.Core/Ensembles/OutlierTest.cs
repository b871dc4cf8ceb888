using System.Globalization;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// The outlier test of a proposed plan against an ensemble of valid plans of the same practices: the plan's percentile
/// on each statistic (<see cref="PlanColumns"/>, measured by the same code as the ensemble's), and for each proposed
/// consortium, where its deprivation and spend per patient sit among the values of "the consortium holding these
/// practices" across the ensemble, flagged beyond the 2.5th or 97.5th percentile. A cherry-picked consortium (only
/// affluent or low-spending practices) stands out because the valid plans put its practices in consortia with their
/// neighbours, whatever their means.
/// </summary>
public static class OutlierTest
{
    /// <summary>The central band: a value below the first or above the second percentile is flagged.</summary>
    public const double LowPercentile = 2.5, HighPercentile = 97.5;

    /// <summary>
    /// Tests <paramref name="proposal"/> (a plan of <paramref name="study"/>'s practices) against
    /// <paramref name="ensemble"/>, which must have been sampled on the same practices (same codes; the study's values
    /// are used for both). Throws <see cref="InputException"/> when the practices differ.
    /// </summary>
    public static OutlierReport Evaluate(Ensemble ensemble, Study study, Plan proposal)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(proposal);
        var index = Match(ensemble, study);
        var (data, shape) = EnsembleSampler.Flatten(study);
        int n = data.N, plans = ensemble.Plans;

        // The plan's statistics, measured as the ensemble's were.
        var row = new double[PlanColumns.Names.Count];
        new PlanStatistics(data, shape).Measure(proposal.ConsortiumOf, proposal.Count, row);
        var planPercentiles = new List<StatisticPercentile>(row.Length);
        for (int c = 0; c < row.Length; c++)
        {
            var values = ensemble.Columns[c].Where(double.IsFinite).ToArray();
            Array.Sort(values);
            planPercentiles.Add(double.IsFinite(row[c]) && values.Length > 0
                ? new StatisticPercentile(PlanColumns.Names[c], row[c], Percentile(values, row[c]), Quantile(values, 0.025), Quantile(values, 0.5), Quantile(values, 0.975))
                : new StatisticPercentile(PlanColumns.Names[c], row[c], double.NaN, double.NaN, double.NaN, double.NaN));
        }

        // Per proposed consortium, the consortia its practices fall into across the ensemble: for every plan and every
        // ensemble consortium holding some of its practices, that consortium's deprivation and spend per patient, weighted
        // by the patients of its practices it holds. A typical consortium's own value is one draw from this mixture (the
        // consortium holding its practices in its own plan), so its percentile in it is close to uniform.
        int p = proposal.Count, k = ensemble.Count;
        var members = new List<int>[p];
        for (int q = 0; q < p; q++) members[q] = [];
        for (int i = 0; i < n; i++) members[proposal.ConsortiumOf[index[i]]].Add(i);
        var deprivation = new WeightedValues[p];
        var spend = new WeightedValues[p];
        for (int q = 0; q < p; q++) { deprivation[q] = new WeightedValues(); spend[q] = new WeightedValues(); }
        var depW = new double[k]; var depSum = new double[k]; var spendW = new double[k]; var spendSum = new double[k];
        var heldDep = new double[k]; var heldSpend = new double[k];
        var touched = new int[k];
        var unit = data.Unit;
        ensemble.ForEachPlan((_, labels) =>
        {
            Array.Clear(depW); Array.Clear(depSum); Array.Clear(spendW); Array.Clear(spendSum);
            for (int i = 0; i < n; i++)
            {
                ref readonly var u = ref unit[index[i]];
                int c = labels[i];
                depW[c] += u.DepW; depSum[c] += u.DepPd; spendW[c] += u.SpendW; spendSum[c] += u.Spend;
            }
            for (int q = 0; q < p; q++)
            {
                int count = 0;
                foreach (int i in members[q])
                {
                    ref readonly var u = ref unit[index[i]];
                    int c = labels[i];
                    if (heldDep[c] == 0 && heldSpend[c] == 0) touched[count++] = c;
                    heldDep[c] += u.DepW;
                    heldSpend[c] += u.SpendW;
                }
                for (int t = 0; t < count; t++)
                {
                    int c = touched[t];
                    if (heldDep[c] > 0 && depW[c] > 0) deprivation[q].Add(depSum[c] / depW[c], heldDep[c]);
                    if (heldSpend[c] > 0 && spendW[c] > 0) spend[q].Add(spendSum[c] / spendW[c], heldSpend[c]);
                    heldDep[c] = 0;
                    heldSpend[c] = 0;
                }
            }
        });

        var evaluation = study.Evaluate(proposal, withPolygons: false);
        var consortia = new List<ConsortiumOutlier>(p);
        for (int q = 0; q < p; q++)
        {
            var m = evaluation.Consortia[q];
            consortia.Add(new ConsortiumOutlier
            {
                Name = m.Name, Practices = m.Practices, Patients = m.Patients,
                Deprivation = Measure(m.Deprivation, deprivation[q], plans, "more affluent than", "more deprived than"),
                Spend = Measure(m.SpendPerPatient, spend[q], plans, "spends less per patient than", "spends more per patient than"),
            });
        }
        var notes = new List<string>();
        if (!ensemble.Convergence.Trusted)
            notes.Add($"The ensemble has not converged, so these percentiles are provisional. {ensemble.Convergence.Verdict}");
        if (proposal.Count != k)
            notes.Add($"The proposal has {proposal.Count} consortia and every ensemble plan has {k}. Consortia of other sizes average out deprivation and spend differently, so compare against an ensemble of the proposal's count (partitioner ensemble --count {proposal.Count}).");
        return new OutlierReport
        {
            EnsemblePlans = plans, EnsembleCount = k, ProposalCount = proposal.Count, EnsembleTrusted = ensemble.Convergence.Trusted,
            Plan = planPercentiles, Consortia = consortia, Notes = notes,
        };
    }

    private static OutlierMeasure Measure(double own, WeightedValues held, int plans, string below, string above)
    {
        if (!double.IsFinite(own) || held.Count == 0) return new OutlierMeasure(own, double.NaN, double.NaN, double.NaN, double.NaN, null);
        held.Sort();
        var (less, equal, total) = held.Around(own);
        double percentile = 100 * (less + 0.5 * equal) / total;
        string? words = null;
        if (percentile < LowPercentile) words = $"{below} {Share(total - less - equal, total)} of the consortia its practices fall into across {plans:N0} valid plans";
        else if (percentile > HighPercentile) words = $"{above} {Share(less, total)} of the consortia its practices fall into across {plans:N0} valid plans";
        return new OutlierMeasure(own, held.Quantile(0.025), held.Quantile(0.5), held.Quantile(0.975), percentile, words);
    }

    private static string Share(double part, double total) =>
        part >= total * (1 - 1e-12) ? "all" : (Math.Floor(1000.0 * part / total) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>The percentile (0–100) of <paramref name="x"/> among sorted <paramref name="sorted"/>: the share below it, ties counted half.</summary>
    internal static double Percentile(double[] sorted, double x)
    {
        int below = LowerBound(sorted, x), notAbove = UpperBound(sorted, x);
        return 100.0 * (below + 0.5 * (notAbove - below)) / sorted.Length;
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int LowerBound(double[] a, double x)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] a, double x)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>The study's index of each of the ensemble's practices; every practice must be in both.</summary>
    private static int[] Match(Ensemble ensemble, Study study)
    {
        var problems = new List<InputProblem>();
        var index = new int[ensemble.PracticeCodes.Count];
        for (int i = 0; i < index.Length && problems.Count < 20; i++)
        {
            index[i] = study.Practices.IndexOf(ensemble.PracticeCodes[i]);
            if (index[i] < 0)
                problems.Add(new InputProblem($"ensemble practice {ensemble.PracticeCodes[i]}", "practice_code", ensemble.PracticeCodes[i], "The ensemble has this practice but the practices given here do not. Test a proposal against an ensemble of the same practices."));
        }
        if (problems.Count == 0 && study.Practices.Count != index.Length)
        {
            var known = new HashSet<string>(ensemble.PracticeCodes, StringComparer.Ordinal);
            foreach (var practice in study.Practices.Practices.Where(x => !known.Contains(x.Code)).Take(20))
                problems.Add(new InputProblem($"practice {practice.Code}", "practice_code", practice.Code, "The ensemble was sampled without this practice. Test a proposal against an ensemble of the same practices."));
        }
        if (problems.Count > 0) throw new InputException(problems);
        return index;
    }
}
