namespace Partitioner.DataGen;

/// <summary>Generates the national dataset: ~7,500 practices, ~56 million patients, ~200 CCG groups.</summary>
/// <param name="random">The run's seeded source.</param>
/// <param name="needRandom">A second seeded source for the need weighting (see <see cref="PracticeSynthesis"/>).</param>
public sealed class EnglandGenerator(Random random, Random needRandom)
{
    public const int PracticeCount = 7500;
    public const long TargetPatients = 56_000_000;
    public const double TargetMeanImd = 22.0;
    public const int GroupCount = 200;
    private const double RuralShare = 0.12;
    private const double CoLocatedShare = 0.066;

    /// <summary>Builds the practices with their <c>ccg_code</c> filled in.</summary>
    public List<Practice> Generate()
    {
        var towns = EnglandGeography.Towns;
        var weights = new double[towns.Count];
        for (int t = 0; t < towns.Count; t++) weights[t] = towns[t].PopulationThousands;

        var placement = new SitePlacement(random, EnglandGeography.Outline, marginKm: 0);
        var sites = new List<SiteDraft>(PracticeCount);
        var townNames = new List<string?>(PracticeCount);
        var lastInTown = new int[towns.Count];
        Array.Fill(lastInTown, -1);
        for (int i = 0; i < PracticeCount; i++)
        {
            if (random.NextDouble() < RuralShare)
            {
                sites.Add(placement.Rural());
                townNames.Add(null);
                continue;
            }
            int t = random.NextWeightedIndex(weights);
            // Some practices share a building (health centre) with the previous practice in the same town.
            if (lastInTown[t] >= 0 && random.NextDouble() < CoLocatedShare)
            {
                sites.Add(sites[lastInTown[t]]);
                lastInTown[t] = -1; // keep most shared sites to pairs
            }
            else
            {
                sites.Add(placement.NearTown(towns[t]));
                lastInTown[t] = i;
            }
            townNames.Add(towns[t].Name);
        }

        var practices = new PracticeSynthesis(random, TargetPatients, TargetMeanImd, needRandom)
            .Build(sites, townNames, "Y", medianList: 6500);
        var group = new CcgGrouping(random).Assign(practices, GroupCount, targetSpread: 0.4);
        var codes = CcgCodes.Name(practices, group, GroupCount, "NMS");
        for (int i = 0; i < practices.Count; i++) practices[i] = practices[i] with { CcgCode = codes[i] };
        return practices;
    }
}
