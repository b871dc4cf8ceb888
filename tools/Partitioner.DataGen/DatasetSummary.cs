namespace Partitioner.DataGen;

/// <summary>Totals reported in the READMEs and on the console.</summary>
public sealed record DatasetSummary(
    int Practices, long Patients, double MeanImd, double SpendPerPatient, int Groups, int GroupsInRange,
    int GroupsBelow, int GroupsAbove, int SharedSitePractices, int MinList, int MaxList)
{
    public const int MinConsortium = 100_000;
    public const int MaxConsortium = 750_000;

    public static DatasetSummary Of(IReadOnlyList<Practice> practices)
    {
        long patients = 0;
        double imd = 0, spend = 0;
        int minList = int.MaxValue, maxList = 0;
        var groupPatients = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var siteCount = new Dictionary<LatLon, int>();
        foreach (var p in practices)
        {
            patients += p.ListSize;
            imd += p.ImdScore * p.ListSize;
            spend += p.Spend;
            minList = Math.Min(minList, p.ListSize);
            maxList = Math.Max(maxList, p.ListSize);
            groupPatients[p.CcgCode] = groupPatients.GetValueOrDefault(p.CcgCode) + p.ListSize;
            siteCount[p.Location] = siteCount.GetValueOrDefault(p.Location) + 1;
        }
        int inRange = 0, below = 0, above = 0;
        foreach (long g in groupPatients.Values)
        {
            if (g < MinConsortium) below++;
            else if (g > MaxConsortium) above++;
            else inRange++;
        }
        int shared = 0;
        foreach (var p in practices) if (siteCount[p.Location] > 1) shared++;
        return new DatasetSummary(practices.Count, patients, imd / patients, spend / patients, groupPatients.Count,
            inRange, below, above, shared, minList, maxList);
    }

    public override string ToString() =>
        $"{Practices} practices, {Fmt.Count(Patients)} patients, mean IMD {Fmt.Two(MeanImd)}, " +
        $"£{Fmt.Two(SpendPerPatient)}/patient, {Groups} groups ({GroupsInRange} in 100k–750k, {GroupsBelow} below, {GroupsAbove} above), " +
        $"{SharedSitePractices} practices on shared sites, list sizes {MinList}–{MaxList}";
}
