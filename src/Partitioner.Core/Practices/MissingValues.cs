using System.Globalization;

namespace Partitioner.Core.Practices;

/// <summary>Applies a <see cref="MissingValuePolicy"/> to practices whose deprivation or spend is missing.</summary>
public static class MissingValues
{
    /// <summary>
    /// Returns the practices with missing values treated as <paramref name="policy"/> says, each treated
    /// practice named in a warning. With <see cref="MissingValuePolicy.Error"/> and a rule that needs the value,
    /// throws an <see cref="InputException"/> naming every practice that lacks it.
    /// </summary>
    public static PracticeSet Apply(PracticeSet set, MissingValuePolicy policy, bool deprivationNeeded, bool spendNeeded)
    {
        var missingDep = new List<int>();
        var missingSpend = new List<int>();
        double depW = 0, depS = 0, spP = 0, spS = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var p = set[i];
            if (double.IsNaN(p.Deprivation)) missingDep.Add(i); else { depW += p.Patients; depS += p.Patients * p.Deprivation; }
            if (double.IsNaN(p.Spend)) missingSpend.Add(i); else { spP += p.Patients; spS += p.Spend; }
        }
        if (missingDep.Count == 0 && missingSpend.Count == 0) return set;

        if (policy == MissingValuePolicy.Error)
        {
            // Listed up to 100, the rest counted: a file without the column names every practice.
            var problems = new ProblemList(100);
            if (deprivationNeeded)
                foreach (int i in missingDep)
                    problems.Add(new InputProblem($"practice {set[i].Code}", "deprivation", null,
                        "The deprivation score is missing but a deprivation rule needs it. Add the score, or choose to fill missing values with the area mean (missing=mean) or leave such practices out of the balance sums (missing=exclude)."));
            if (spendNeeded)
                foreach (int i in missingSpend)
                    problems.Add(new InputProblem($"practice {set[i].Code}", "spend", null,
                        "The spend is missing but a spend rule needs it. Add it, or choose missing=mean or missing=exclude."));
            problems.ThrowIfAny();
        }

        var warnings = new List<InputWarning>();
        var practices = set.Practices.ToArray();
        double meanDep = depW > 0 ? depS / depW : double.NaN;
        double meanSpendPerPatient = spP > 0 ? spS / spP : double.NaN;
        foreach (int i in missingDep)
        {
            if (policy == MissingValuePolicy.FillMean && double.IsFinite(meanDep))
            {
                practices[i] = practices[i].WithValues(meanDep, practices[i].Spend);
                warnings.Add(new InputWarning($"practice {set[i].Code}", string.Create(CultureInfo.InvariantCulture, $"deprivation score missing; filled with the area mean {meanDep:0.00}.")));
            }
            else
                warnings.Add(new InputWarning($"practice {set[i].Code}", "deprivation score missing; left out of the deprivation balance sums."));
        }
        foreach (int i in missingSpend)
        {
            if (policy == MissingValuePolicy.FillMean && double.IsFinite(meanSpendPerPatient))
            {
                double s = meanSpendPerPatient * practices[i].Patients;
                practices[i] = practices[i].WithValues(practices[i].Deprivation, s);
                warnings.Add(new InputWarning($"practice {set[i].Code}", string.Create(CultureInfo.InvariantCulture, $"spend missing; filled with the area mean of £{meanSpendPerPatient:0.00} per patient.")));
            }
            else
                warnings.Add(new InputWarning($"practice {set[i].Code}", "spend missing; left out of the spend balance sums."));
        }
        return set.With(practices, warnings);
    }
}
