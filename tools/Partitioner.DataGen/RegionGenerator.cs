namespace Partitioner.DataGen;

/// <summary>Generates the regional "Northshire" dataset: ~300 practices, ~2.75 million patients,
/// three co-located pairs and a small island cluster off the coast.</summary>
/// <param name="random">The run's seeded source.</param>
/// <param name="needRandom">A second seeded source for the need weighting (see <see cref="PracticeSynthesis"/>).</param>
public sealed class RegionGenerator(Random random, Random needRandom)
{
    public const int PracticeCount = 300;
    public const long TargetPatients = 2_750_000;
    public const double TargetMeanImd = 25.0;
    public const int GroupCount = 8;
    public const int IslandPractices = 4;
    public const int CoLocatedPairs = 3;
    private const double RuralShare = 0.10;
    private const double MarginKm = 3.0;

    /// <summary>Builds the practices with their <c>ccg_code</c> filled in.</summary>
    public List<Practice> Generate()
    {
        var towns = NorthshireGeography.Towns;
        var weights = new double[towns.Count];
        for (int t = 0; t < towns.Count; t++) weights[t] = towns[t].PopulationThousands;

        var placement = new SitePlacement(random, NorthshireGeography.Mainland, MarginKm);
        var sites = new List<SiteDraft>(PracticeCount);
        var townNames = new List<string?>(PracticeCount);
        int mainland = PracticeCount - IslandPractices;
        for (int i = 0; i < mainland; i++)
        {
            if (random.NextDouble() < RuralShare)
            {
                sites.Add(placement.Rural());
                townNames.Add(null);
                continue;
            }
            int t = random.NextWeightedIndex(weights);
            sites.Add(placement.NearTown(towns[t]));
            townNames.Add(towns[t].Name);
        }
        ShareSites(sites, townNames);
        for (int i = 0; i < IslandPractices; i++)
        {
            double angle = random.NextDouble() * 2 * Math.PI, radius = 1.8 * Math.Sqrt(random.NextDouble());
            var p = NorthshireGeography.IslandCentre.OffsetKm(radius * Math.Cos(angle), radius * Math.Sin(angle));
            sites.Add(new SiteDraft(p, 0, 0, Rural: true));
            townNames.Add(null);
        }

        var practices = new PracticeSynthesis(random, TargetPatients, TargetMeanImd, needRandom)
            .Build(sites, townNames, "N", medianList: 8500);
        var group = new CcgGrouping(random).Assign(practices, GroupCount, targetSpread: 0.3);
        var codes = CcgCodes.Name(practices, group, GroupCount, "R");
        for (int i = 0; i < practices.Count; i++) practices[i] = practices[i] with { CcgCode = codes[i] };
        return practices;
    }

    // Moves a few town practices onto the site of their predecessor, making exact co-located pairs.
    private void ShareSites(List<SiteDraft> sites, List<string?> townNames)
    {
        int made = 0;
        int i = 1 + random.Next(20);
        while (made < CoLocatedPairs && i < sites.Count)
        {
            if (townNames[i] is not null && townNames[i - 1] == townNames[i])
            {
                sites[i] = sites[i - 1];
                made++;
                i += 40 + random.Next(40);
            }
            else
            {
                i++;
            }
        }
        if (made < CoLocatedPairs)
            throw new InvalidOperationException($"Made only {made} of {CoLocatedPairs} co-located pairs; change the seed.");
    }
}
