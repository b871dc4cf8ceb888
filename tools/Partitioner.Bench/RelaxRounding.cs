using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;

namespace Partitioner.Bench;

/// <summary>
/// What the relaxation's shares give when rounded: each practice to the centre holding its largest share, measured by
/// <see cref="PlanEvaluator"/> against the band's rules. Counts the consortia that break the size range or a band
/// (contiguity aside) and the practices cut off from the largest connected part of their consortium, which a plan would
/// have to move.
/// </summary>
internal static class RelaxRounding
{
    public static string Describe(Study banded, AdjacencyGraph graph, List<(int Practice, int Centre, double Share)> shares, int k)
    {
        int n = graph.VertexCount;
        var largest = new double[n];
        var label = new int[n];
        var count = new int[n];
        foreach (var (i, c, a) in shares)
        {
            count[i]++;
            if (a > largest[i]) { largest[i] = a; label[i] = c; }
        }
        var names = Enumerable.Range(0, k).Select(c => $"R{c:000}").ToArray();
        var evaluation = banded.Evaluate(new Plan(names, label), withPolygons: false);
        double inertia = evaluation.Consortia.Sum(c => c.InertiaKm2);
        int breaking = evaluation.Consortia.Count(c => c.Violations.Any(v => v.Rule != Rule.NotContiguous));
        var (detached, detachedPatients) = Detached(graph, label, k, banded);
        int whole = count.Count(c => c == 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"rounded: {whole:N0} practices whole, {inertia / 1e9:0.000} bn, {breaking} consortia breaking a rule, {detached:N0} practices ({detachedPatients / 1e6:0.0} M patients) outside their consortium's largest connected part");
    }

    /// <summary>The practices (and their patients) outside the largest connected part (by patients) of their consortium.</summary>
    private static (int Practices, double Patients) Detached(AdjacencyGraph graph, int[] label, int k, Study study)
    {
        int n = label.Length;
        var practices = study.Geography.Practices;
        var part = Enumerable.Repeat(-1, n).ToArray();
        var partPatients = new List<double>();
        var stack = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            if (part[i] >= 0) continue;
            int id = partPatients.Count;
            double size = 0;
            part[i] = id;
            stack.Push(i);
            while (stack.Count > 0)
            {
                int v = stack.Pop();
                size += practices[v].Patients;
                foreach (int u in graph.Neighbours(v))
                    if (part[u] < 0 && label[u] == label[i]) { part[u] = id; stack.Push(u); }
            }
            partPatients.Add(size);
        }
        var main = Enumerable.Repeat(-1, k).ToArray();
        for (int i = 0; i < n; i++)
            if (main[label[i]] < 0 || partPatients[part[i]] > partPatients[main[label[i]]]) main[label[i]] = part[i];
        int detached = 0;
        double patients = 0;
        for (int i = 0; i < n; i++)
            if (part[i] != main[label[i]]) { detached++; patients += practices[i].Patients; }
        return (detached, patients);
    }
}
