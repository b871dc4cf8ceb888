using System.Globalization;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Exact;

/// <summary>
/// The Core rule check (<see cref="RuleCheck"/>, one tolerance for every caller) applied to a consortium given by its
/// members: population bounds, deprivation and spend balance, deprived share. Built once per problem; thread-safe.
/// </summary>
internal sealed class ConsortiumCheck
{
    private readonly Problem _problem;

    public ConsortiumCheck(Problem problem)
    {
        _problem = problem;
        Rules = new RuleCheck(problem.Rules, AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend));
    }

    /// <summary>The Core check the members are measured with.</summary>
    public RuleCheck Rules { get; }

    /// <summary>What the rules read of the consortium of <paramref name="members"/>.</summary>
    public ConsortiumTotals Totals(ReadOnlySpan<int> members)
    {
        var p = _problem;
        double median = Rules.Area.DeprivationMedian;
        double patients = 0, depPatients = 0, depSum = 0, spendPatients = 0, spend = 0, deprived = 0;
        foreach (int i in members)
        {
            double pi = p.Patients[i];
            patients += pi;
            double d = p.Deprivation[i];
            if (!double.IsNaN(d)) { depPatients += pi; depSum += pi * d; if (d > median) deprived += pi; }
            if (!double.IsNaN(p.Spend[i])) { spendPatients += pi; spend += p.Spend[i]; }
        }
        return new ConsortiumTotals(patients, depPatients, depSum, spendPatients, spend, deprived);
    }

    /// <summary>Whether the members meet every rule of the totals (bounds, balance, share).</summary>
    public bool Meets(ReadOnlySpan<int> members) => Rules.Violation(Totals(members)) == 0;

    /// <summary>Whether the members meet the balance and share rules (bounds are checked by the caller).</summary>
    public bool Balanced(ReadOnlySpan<int> members)
    {
        var t = Totals(members);
        return Rules.Violation(t) - Rules.PopulationViolation(t.Patients) == 0;
    }

    /// <summary>The first rule the members break, worded for a message, or null when they meet every rule of the totals.</summary>
    public string? Breach(ReadOnlySpan<int> members)
    {
        var breaches = new List<RuleBreach>();
        Rules.Breaches(Totals(members), breaches);
        if (breaches.Count == 0) return null;
        var b = breaches[0];
        string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        return b.Rule switch
        {
            Rule.BelowMinimum => $"it has {N0(b.Measured)} patients, below the minimum {N0(b.Limit)}",
            Rule.AboveMaximum => $"it has {N0(b.Measured)} patients, above the maximum {N0(b.Limit)}",
            Rule.DeprivationBalance => $"its deprivation {F(b.Measured)} is outside {_problem.Rules.Deprivation} of the area mean {F(Rules.DeprivationMean)}",
            Rule.SpendBalance => $"its spend per patient £{F(b.Measured)} is outside {_problem.Rules.Spend} of the area's £{F(Rules.SpendMean)}",
            _ => $"{F(100 * b.Measured)}% of its patients are at practices in the more-deprived half; at least {F(100 * b.Limit)}% is required",
        };
    }
}
