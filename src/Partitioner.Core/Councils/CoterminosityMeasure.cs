using Partitioner.Core.Plans;

namespace Partitioner.Core.Councils;

/// <summary>Measures a plan against the councils: per consortium (<see cref="ConsortiumCouncils"/>) and per plan (<see cref="Coterminosity"/>).</summary>
public static class CoterminosityMeasure
{
    /// <summary>
    /// The figures of <paramref name="plan"/> over <paramref name="councils"/>, with <paramref name="patients"/> per
    /// practice (dense practice index). Sums run in practice order, so the figures are the same on every run.
    /// </summary>
    public static (ConsortiumCouncils[] Consortia, Coterminosity Plan) Measure(Plan plan, CouncilAssignment councils, IReadOnlyList<double> patients)
    {
        int n = plan.ConsortiumOf.Length, k = plan.Count, m = councils.Count;
        if (councils.CouncilOf.Count != n || patients.Count != n)
            throw new ArgumentException($"The plan has {n} practices but the councils cover {councils.CouncilOf.Count} and the patients {patients.Count}.");
        // Patients of each (consortium, council) pair that has any, in order of first practice.
        var pairIndex = new Dictionary<long, int>();
        var pairConsortium = new List<int>();
        var pairCouncil = new List<int>();
        var pairPatients = new List<double>();
        var councilPractices = new int[m];
        var councilPatients = new double[m];
        var unknown = new int[k];
        int withoutCouncil = 0;
        for (int i = 0; i < n; i++)
        {
            int c = plan.ConsortiumOf[i], council = councils.CouncilOf[i];
            if (council < 0) { unknown[c]++; withoutCouncil++; continue; }
            councilPractices[council]++;
            councilPatients[council] += patients[i];
            long key = (long)c * m + council;
            if (!pairIndex.TryGetValue(key, out int pair))
            {
                pair = pairPatients.Count;
                pairIndex[key] = pair;
                pairConsortium.Add(c);
                pairCouncil.Add(council);
                pairPatients.Add(0);
            }
            pairPatients[pair] += patients[i];
        }
        var pieces = new int[m];
        var touched = new int[k];
        var known = new double[k];
        var main = new int[k];
        var mainPatients = new double[k];
        Array.Fill(main, -1);
        for (int pair = 0; pair < pairPatients.Count; pair++)
        {
            int c = pairConsortium[pair], council = pairCouncil[pair];
            pieces[council]++;
            touched[c]++;
            known[c] += pairPatients[pair];
            if (pairPatients[pair] > mainPatients[c] || (pairPatients[pair] == mainPatients[c] && council < main[c]))
            {
                mainPatients[c] = pairPatients[pair];
                main[c] = council;
            }
        }
        var whole = new bool[k];
        Array.Fill(whole, true);
        for (int pair = 0; pair < pairPatients.Count; pair++)
            if (pieces[pairCouncil[pair]] > 1) whole[pairConsortium[pair]] = false;

        var consortia = new ConsortiumCouncils[k];
        int nested = 0, ofWhole = 0;
        for (int c = 0; c < k; c++)
        {
            bool any = touched[c] > 0;
            consortia[c] = new ConsortiumCouncils(touched[c], any ? councils.Codes[main[c]] : null, any ? mainPatients[c] / known[c] : double.NaN,
                touched[c] == 1, any && whole[c], unknown[c]);
            if (touched[c] == 1) nested++;
            if (any && whole[c]) ofWhole++;
        }
        int split = 0, splitPieces = 0;
        double inWhole = 0, total = 0;
        var byCouncil = new CouncilPieces[m];
        for (int council = 0; council < m; council++)
        {
            total += councilPatients[council];
            if (pieces[council] > 1) { split++; splitPieces += pieces[council]; }
            else inWhole += councilPatients[council];
            byCouncil[council] = new CouncilPieces(councils.Codes[council], councils.Names[council], councilPractices[council], councilPatients[council], pieces[council]);
        }
        return (consortia, new Coterminosity
        {
            Source = councils.Source,
            Councils = m,
            CouncilsSplit = split,
            SplitCouncilPieces = splitPieces,
            PatientsInWholeCouncils = total > 0 ? inWhole / total : double.NaN,
            ConsortiaNested = nested,
            ConsortiaOfWholeCouncils = ofWhole,
            PracticesWithoutCouncil = withoutCouncil,
            ByCouncil = byCouncil,
            Warnings = councils.Warnings.Select(w => w.ToString()).ToArray(),
        });
    }
}
