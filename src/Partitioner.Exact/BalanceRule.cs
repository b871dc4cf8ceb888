using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// One balance rule made linear, for the exact models' rows (whether a consortium meets it is
/// <see cref="ConsortiumCheck"/>'s question, answered by the Core rule check): a consortium's patient-weighted mean of a per-patient value vᵢ
/// (deprivation, or spend ÷ patients) must stay within ±Deviation of the area mean. Practices whose
/// value is NaN are left out of both sums. Equivalent linear form:
/// |Σ pᵢ(vᵢ − mean)| ≤ Deviation·Σ pᵢ over the consortium's counted practices.
/// </summary>
internal sealed class BalanceRule
{
    private BalanceRule(string name, string unit, double[] perPatient, double mean, double deviation, BalanceTolerance tolerance)
    {
        Name = name;
        Unit = unit;
        PerPatient = perPatient;
        Mean = mean;
        Deviation = deviation;
        Tolerance = tolerance;
    }

    public string Name { get; }
    public string Unit { get; }
    /// <summary>Per-patient value per practice, NaN = not counted.</summary>
    public double[] PerPatient { get; }
    public double Mean { get; }
    public double Deviation { get; }
    public BalanceTolerance Tolerance { get; }

    /// <summary>The deprivation and spend rules of <paramref name="problem"/> that constrain anything.</summary>
    public static List<BalanceRule> Of(Problem problem)
    {
        var rules = new List<BalanceRule>(2);
        int n = problem.PracticeCount;
        if (problem.Rules.Deprivation is { } dt)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = problem.Deprivation[i];
            Add(rules, "deprivation", "IMD", v, problem.Patients, dt);
        }
        if (problem.Rules.Spend is { } st)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = problem.Spend[i] / problem.Patients[i];
            Add(rules, "spend per patient", "£", v, problem.Patients, st);
        }
        return rules;
    }

    private static void Add(List<BalanceRule> rules, string name, string unit, double[] v, double[] p, BalanceTolerance tolerance)
    {
        double wp = 0, wv = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (double.IsNaN(v[i])) continue;
            wp += p[i];
            wv += p[i] * v[i];
        }
        if (wp <= 0) return; // nobody counted: the rule cannot bind
        double mean = wv / wp;
        rules.Add(new BalanceRule(name, unit, v, mean, tolerance.AllowedDeviation(mean), tolerance));
    }

    /// <summary>Scale that keeps the row coefficients near 1 (thousand patients × relative deviation).</summary>
    public double RowScale => 1.0 / (1000.0 * Math.Max(Math.Abs(Mean), 1e-9));

    /// <summary>Patient-weighted mean over the counted members, NaN when none is counted.</summary>
    public double MeanOf(Problem problem, ReadOnlySpan<int> members)
    {
        double wp = 0, wv = 0;
        foreach (int i in members)
        {
            if (double.IsNaN(PerPatient[i])) continue;
            wp += problem.Patients[i];
            wv += problem.Patients[i] * PerPatient[i];
        }
        return wp > 0 ? wv / wp : double.NaN;
    }

    public string Describe() => $"{Name} within {Tolerance} ({Mean:0.##} {Unit})";
}
