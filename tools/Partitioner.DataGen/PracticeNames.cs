namespace Partitioner.DataGen;

/// <summary>Plausible surgery names drawn from word lists.</summary>
public sealed class PracticeNames(Random random)
{
    private static readonly string[] Places =
    [
        "Riverside", "Parkview", "Oakwood", "Meadowbank", "Church Street", "High Street", "Station Road",
        "Market Square", "Abbey", "Castle", "Priory", "Victoria", "Albion", "Beechwood", "Elm Tree",
        "Willow", "Hillside", "Valley", "Brookside", "Greenfield", "Northgate", "Southgate", "Westgate",
        "Eastgate", "Queens Road", "Kings Road", "Bridge Street", "Mill Lane", "Orchard", "Cedar House",
        "Heathfield", "Moorland", "Fairfield", "Springfield", "Woodlands", "Lakeside", "The Grange",
        "Manor House", "Rosemary", "Ashfield", "Holly Tree", "Chapel Street", "Canal Side", "Old School",
    ];

    private static readonly string[] Kinds =
    [
        "Surgery", "Surgery", "Surgery", "Medical Centre", "Medical Centre", "Health Centre",
        "Medical Practice", "Family Practice", "Group Practice",
    ];

    /// <summary>A name such as "Riverside Surgery"; sometimes uses the town name instead.</summary>
    public string Next(string? townName)
    {
        string place = townName is not null && random.NextDouble() < 0.15
            ? townName + " " + random.NextItem(["Road", "Central", "Town"])
            : random.NextItem(Places);
        return place + " " + random.NextItem(Kinds);
    }
}
