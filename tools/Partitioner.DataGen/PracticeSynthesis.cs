namespace Partitioner.DataGen;

/// <summary>Turns site drafts into practices: list sizes, deprivation, spend, names and codes.</summary>
/// <param name="random">The run's seeded random source.</param>
/// <param name="targetPatients">Total registered patients to scale list sizes to.</param>
/// <param name="targetMeanImd">Patient-weighted mean IMD to scale deprivation to.</param>
/// <param name="needRandom">A second seeded source, for the need weighting only, so adding it left every other column
/// as it was.</param>
public sealed class PracticeSynthesis(Random random, long targetPatients, double targetMeanImd, Random needRandom)
{
    private const int MinList = 1000;
    private const int MaxList = 30000;

    /// <summary>Builds practices coded <paramref name="codePrefix"/>00001, 00002, ... in draft order.</summary>
    public List<Practice> Build(IReadOnlyList<SiteDraft> sites, IReadOnlyList<string?> townNames, string codePrefix, double medianList)
    {
        int n = sites.Count;
        var lists = DrawListSizes(sites, medianList);
        var imd = DrawImd(sites, lists);
        var weighted = DrawWeightedLists(sites, lists, imd);
        var names = new PracticeNames(random);
        var practices = new List<Practice>(n);
        for (int i = 0; i < n; i++)
        {
            double perPatient = 148.0 + (0.6 * (imd[i] - targetMeanImd)) + (sites[i].Rural ? 9.0 : 0.0)
                + (lists[i] < 3000 ? 6.0 : 0.0) + (6.0 * random.NextGaussian());
            perPatient = Math.Clamp(perPatient, 105.0, 230.0);
            bool dispensing = random.NextDouble() < (sites[i].Rural ? 0.6 : 0.03);
            practices.Add(new Practice(
                codePrefix + (i + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
                names.Next(townNames[i]),
                sites[i].Location,
                lists[i],
                weighted[i],
                Math.Round(imd[i], 2),
                Math.Round(lists[i] * perPatient, 2),
                dispensing,
                string.Empty));
        }
        return practices;
    }

    private int[] DrawListSizes(IReadOnlyList<SiteDraft> sites, double medianList)
    {
        var raw = new double[sites.Count];
        double total = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            double median = sites[i].Rural ? medianList * 0.65 : medianList;
            raw[i] = Math.Clamp(random.NextLogNormal(median, 0.5), MinList, MaxList);
            total += raw[i];
        }
        double scale = targetPatients / total;
        var lists = new int[raw.Length];
        for (int i = 0; i < raw.Length; i++)
            lists[i] = (int)Math.Clamp(Math.Round(raw[i] * scale), MinList, MaxList);
        return lists;
    }

    /// <summary>
    /// Need-weighted list sizes: list × (1 + 0.003 per IMD point above the mean + 0.06 if rural + 8% noise), clamped to
    /// 0.7–1.4 and scaled so the weighted total equals the registered total, as in the real payments data (2014/15: ratio
    /// 1.00 on average, +0.0028 per IMD point, residual spread 0.10).
    /// </summary>
    private int[] DrawWeightedLists(IReadOnlyList<SiteDraft> sites, int[] lists, double[] imd)
    {
        var ratio = new double[lists.Length];
        double raw = 0, registered = 0;
        for (int i = 0; i < lists.Length; i++)
        {
            double r = 1.0 + (0.003 * (imd[i] - targetMeanImd)) + (sites[i].Rural ? 0.06 : 0.0) + (0.08 * needRandom.NextGaussian());
            ratio[i] = Math.Clamp(r, 0.7, 1.4);
            raw += lists[i] * ratio[i];
            registered += lists[i];
        }
        double scale = registered / raw;
        var weighted = new int[lists.Length];
        for (int i = 0; i < lists.Length; i++) weighted[i] = (int)Math.Round(lists[i] * ratio[i] * scale);
        return weighted;
    }

    private double[] DrawImd(IReadOnlyList<SiteDraft> sites, int[] lists)
    {
        var imd = new double[sites.Count];
        double weighted = 0, patients = 0;
        for (int i = 0; i < imd.Length; i++)
        {
            var s = sites[i];
            double value = s.Rural
                ? 9.0 + (2.5 * Math.Max(0, s.Location.Lat - 51.0)) + (3.0 * random.NextGaussian())
                : (s.BaseImd * (0.65 + (0.7 * s.Closeness))) + (0.2 * s.BaseImd * random.NextGaussian());
            imd[i] = Math.Max(2.0, value);
            weighted += imd[i] * lists[i];
            patients += lists[i];
        }
        // Rescale so the patient-weighted mean matches the target, keeping the spread's shape.
        double scale = targetMeanImd / (weighted / patients);
        for (int i = 0; i < imd.Length; i++)
            imd[i] = Math.Clamp(imd[i] * scale, 2.0, 75.0);
        return imd;
    }
}
