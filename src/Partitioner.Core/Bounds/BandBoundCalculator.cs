using System.Diagnostics;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Bounds;

/// <summary>
/// Computes, before any search, lower bounds on the tightest deprivation and spend bands a plan of <see cref="Problem"/>
/// can meet: each practice alone (<see cref="PracticeFill"/>) and clusters competing for counterweights
/// (<see cref="RegionFill"/>). The work is one bounded shortest-path search per
/// practice, run in parallel; the result does not depend on the number of threads. Thread-safe.
/// </summary>
public static class BandBoundCalculator
{
    /// <summary>Practices named in a bound, worst first.</summary>
    public const int Named = 10;

    /// <summary>The bounds of <paramref name="problem"/> under its size rules; <paramref name="threads"/> null = all cores.</summary>
    public static BandBounds Compute(Problem problem, int? threads = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var rules = problem.Rules;
        var area = AreaBaseline.Of(problem.Patients, problem.Deprivation, problem.Spend);
        var check = new RuleCheck(rules, area);
        var offsets = problem.Graph.Offsets.ToArray();
        var targets = problem.Graph.Targets.ToArray();
        BandBound? Bound(BalancedAttribute attribute)
        {
            var values = AttributeValues.Of(problem, attribute, check);
            return values is null ? null : Compute(offsets, targets, problem.Patients, values, rules.MinPatients, rules.MaxPatients, threads, cancellationToken);
        }
        var deprivation = Bound(BalancedAttribute.Deprivation);
        var spend = Bound(BalancedAttribute.Spend);
        return new BandBounds(deprivation, spend, rules.MinPatients, rules.MaxPatients, clock.Elapsed);
    }

    private static BandBound Compute(int[] offsets, int[] targets, double[] patients, AttributeValues values, double min, double max, int? threads, CancellationToken ct)
    {
        int n = patients.Length;
        var reach = new PracticeReach[n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = ct };
        Parallel.For(0, n, parallel, () => new PracticeFill(offsets, targets, patients, values, min, max),
            (p, _, fill) => { reach[p] = fill.Evaluate(p, values.Scale); return fill; }, _ => { });
        var bounded = new List<PracticeReach>();
        foreach (var r in reach) if (r.Band > 0) bounded.Add(r);
        bounded.Sort((a, b) => b.Band != a.Band ? b.Band.CompareTo(a.Band) : a.Practice.CompareTo(b.Practice));
        return new BandBound
        {
            Attribute = values.Attribute,
            AreaMean = values.Mean,
            Scale = values.Scale,
            Worst = bounded.Take(Named).ToArray(),
            PracticesBounded = bounded.Count,
            Region = new RegionFill(offsets, targets, patients, values, max).Strongest(ct),
        };
    }
}
