using System.Globalization;

namespace Partitioner.Core.Solving;

/// <summary>How the consortia of a solved plan are named: C001, C002 … in the plan's order, except that a consortium
/// holding every practice locked to one name (and no practice locked to another) takes that name.</summary>
public static class ConsortiumNaming
{
    /// <summary>Names for the <paramref name="count"/> consortia of <paramref name="consortiumOf"/> (labels 0..count−1).</summary>
    public static string[] Names(Problem problem, IReadOnlyList<int> consortiumOf, int count)
    {
        var names = new string[count];
        for (int c = 0; c < count; c++) names[c] = "C" + (c + 1).ToString("000", CultureInfo.InvariantCulture);
        int locks = problem.LockNames.Count;
        if (locks == 0) return names;
        // home[l]: the consortium holding lock l (−2: split); owner[c]: the lock consortium c holds (−2: several).
        var home = new int[locks];
        var owner = new int[count];
        Array.Fill(home, -1);
        Array.Fill(owner, -1);
        for (int i = 0; i < problem.PracticeCount; i++)
        {
            int l = problem.Locked[i];
            if (l < 0) continue;
            int c = consortiumOf[i];
            home[l] = home[l] == -1 || home[l] == c ? c : -2;
            owner[c] = owner[c] == -1 || owner[c] == l ? l : -2;
        }
        for (int l = 0; l < locks; l++)
            if (home[l] >= 0 && owner[home[l]] == l) names[home[l]] = problem.LockNames[l];
        return names;
    }
}
