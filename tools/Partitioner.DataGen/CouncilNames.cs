namespace Partitioner.DataGen;

/// <summary>Names councils after the nearest town: the first takes the town's name, later ones the town and a compass point.</summary>
public sealed class CouncilNames(IReadOnlyList<Town> towns, double kmPerDegreeLon)
{
    private static readonly string[] Compass = ["East", "North East", "North", "North West", "West", "South West", "South", "South East"];
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>A name for the council centred at (<paramref name="xKm"/>, <paramref name="yKm"/>) on the layout's plane.</summary>
    public string Next(double xKm, double yKm)
    {
        Town nearest = towns[0];
        double best = double.PositiveInfinity, dx = 0, dy = 0;
        foreach (var t in towns)
        {
            double tx = (t.Centre.Lon * kmPerDegreeLon) - xKm, ty = (t.Centre.Lat * 111.2) - yKm;
            double d = (tx * tx) + (ty * ty);
            if (d < best) { best = d; nearest = t; dx = -tx; dy = -ty; }
        }
        string name = nearest.Name;
        if (Math.Sqrt(best) > 3 * nearest.SpreadKm) name = $"Rural {nearest.Name}";
        if (_used.Add(name)) return name;
        int sector = (int)Math.Round(Math.Atan2(dy, dx) / (Math.PI / 4));
        string pointed = $"{nearest.Name} {Compass[((sector % 8) + 8) % 8]}";
        if (_used.Add(pointed)) return pointed;
        for (int k = 2; ; k++)
            if (_used.Add($"{pointed} {k}")) return $"{pointed} {k}";
    }
}
