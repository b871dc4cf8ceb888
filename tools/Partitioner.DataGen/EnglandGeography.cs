namespace Partitioner.DataGen;

/// <summary>Hand-typed, approximate figures for England: an outline and a table of towns.</summary>
/// <remarks>Deliberately coarse; estuaries (Thames, Wash, Humber, Severn) are treated as land.</remarks>
public static class EnglandGeography
{
    /// <summary>England outline, counter-clockwise (lon as x): south coast east, up the east coast,
    /// west along the Scottish border, down the west coast and Welsh border.</summary>
    public static Outline Outline { get; } = new(
    [
        new(50.06, -5.71), new(49.96, -5.20), new(50.22, -4.80), new(50.33, -4.15), new(50.22, -3.64),
        new(50.45, -3.48), new(50.60, -3.38), new(50.60, -1.95), new(50.72, -0.78), new(50.73, 0.25),
        new(50.91, 0.97), new(51.15, 1.38), new(51.38, 1.44), new(51.53, 0.70), new(51.78, 1.15),
        new(52.08, 1.58), new(52.47, 1.78), new(52.70, 1.78), new(52.93, 1.30), new(52.95, 0.50),
        new(53.15, 0.35), new(53.60, 0.12), new(54.12, -0.08), new(54.49, -0.61), new(54.64, -1.15),
        new(54.91, -1.33), new(55.02, -1.40), new(55.33, -1.55), new(55.77, -2.00), new(55.35, -2.48),
        new(55.22, -2.68), new(55.00, -3.05), new(54.88, -3.40), new(54.51, -3.64), new(54.05, -3.27),
        new(53.82, -3.08), new(53.40, -3.10), new(53.22, -3.00), new(53.00, -2.90), new(52.85, -3.05),
        new(52.05, -3.10), new(51.62, -2.65), new(51.35, -3.00), new(51.21, -3.48), new(51.02, -4.55),
        new(50.55, -5.00), new(50.22, -5.50),
    ]);

    /// <summary>Towns and cities with approximate centre, urban population (thousands) and typical IMD.</summary>
    public static IReadOnlyList<Town> Towns { get; } =
    [
        T("London", 51.507, -0.128, 8800, 27), T("Birmingham", 52.486, -1.890, 1150, 36),
        T("Wolverhampton", 52.587, -2.129, 260, 34), T("Walsall", 52.586, -1.982, 270, 32),
        T("Dudley", 52.512, -2.081, 320, 27), T("Coventry", 52.407, -1.512, 370, 26),
        T("Manchester", 53.481, -2.243, 1600, 36), T("Bolton", 53.578, -2.429, 280, 29),
        T("Oldham", 53.541, -2.118, 230, 34), T("Stockport", 53.408, -2.149, 290, 19),
        T("Wigan", 53.545, -2.633, 320, 26), T("Liverpool", 53.408, -2.991, 800, 40),
        T("St Helens", 53.453, -2.737, 180, 29), T("Southport", 53.647, -3.005, 90, 20),
        T("Leeds", 53.800, -1.549, 790, 27), T("Bradford", 53.795, -1.759, 540, 34),
        T("Wakefield", 53.683, -1.499, 350, 27), T("Huddersfield", 53.645, -1.785, 160, 25),
        T("Halifax", 53.722, -1.864, 90, 27), T("Sheffield", 53.381, -1.470, 580, 28),
        T("Rotherham", 53.430, -1.357, 260, 30), T("Doncaster", 53.523, -1.133, 310, 31),
        T("Barnsley", 53.553, -1.480, 240, 30), T("York", 53.960, -1.082, 210, 13),
        T("Hull", 53.745, -0.336, 320, 40), T("Scarborough", 54.283, -0.400, 60, 32),
        T("Middlesbrough", 54.574, -1.235, 350, 38), T("Darlington", 54.524, -1.553, 110, 27),
        T("Newcastle", 54.978, -1.618, 800, 31), T("Sunderland", 54.906, -1.381, 280, 33),
        T("Durham", 54.776, -1.575, 110, 24), T("Carlisle", 54.892, -2.934, 110, 21),
        T("Kendal", 54.328, -2.746, 30, 13), T("Barrow-in-Furness", 54.111, -3.227, 70, 30),
        T("Lancaster", 54.047, -2.801, 140, 22), T("Blackpool", 53.817, -3.036, 250, 42),
        T("Preston", 53.763, -2.703, 330, 28), T("Blackburn", 53.748, -2.482, 250, 35),
        T("Burnley", 53.789, -2.240, 150, 34), T("Chester", 53.193, -2.893, 120, 18),
        T("Stoke-on-Trent", 53.003, -2.180, 370, 33), T("Stafford", 52.806, -2.117, 70, 16),
        T("Derby", 52.922, -1.476, 300, 25), T("Nottingham", 52.954, -1.158, 700, 29),
        T("Leicester", 52.637, -1.139, 530, 28), T("Lincoln", 53.230, -0.540, 120, 24),
        T("Grimsby", 53.567, -0.080, 150, 36), T("Boston", 52.976, -0.026, 45, 27),
        T("Peterborough", 52.573, -0.243, 200, 26), T("Northampton", 52.240, -0.902, 230, 21),
        T("Milton Keynes", 52.041, -0.759, 260, 17), T("Cambridge", 52.205, 0.122, 180, 12),
        T("Norwich", 52.630, 1.297, 260, 22), T("Great Yarmouth", 52.608, 1.729, 70, 33),
        T("Ipswich", 52.057, 1.148, 180, 23), T("Colchester", 51.890, 0.901, 190, 17),
        T("Chelmsford", 51.736, 0.469, 170, 13), T("Southend-on-Sea", 51.546, 0.708, 300, 23),
        T("Luton", 51.879, -0.417, 260, 27), T("Oxford", 51.752, -1.258, 200, 14),
        T("Reading", 51.454, -0.978, 330, 16), T("Swindon", 51.558, -1.782, 220, 20),
        T("Bristol", 51.455, -2.588, 700, 23), T("Bath", 51.381, -2.359, 95, 12),
        T("Gloucester", 51.864, -2.244, 150, 22), T("Cheltenham", 51.900, -2.078, 120, 15),
        T("Worcester", 52.192, -2.220, 100, 19), T("Hereford", 52.056, -2.716, 60, 20),
        T("Shrewsbury", 52.707, -2.754, 75, 17), T("Telford", 52.678, -2.445, 170, 26),
        T("Exeter", 50.718, -3.534, 130, 16), T("Plymouth", 50.375, -4.143, 265, 27),
        T("Torquay", 50.462, -3.525, 130, 28), T("Truro", 50.263, -5.051, 30, 22),
        T("Camborne", 50.213, -5.297, 45, 32), T("Taunton", 51.015, -3.101, 70, 19),
        T("Bournemouth", 50.720, -1.880, 400, 20), T("Salisbury", 51.069, -1.795, 45, 13),
        T("Southampton", 50.909, -1.404, 500, 24), T("Portsmouth", 50.820, -1.088, 450, 26),
        T("Winchester", 51.060, -1.310, 45, 8), T("Brighton", 50.822, -0.137, 480, 22),
        T("Hastings", 50.855, 0.573, 90, 34), T("Eastbourne", 50.768, 0.290, 110, 23),
        T("Crawley", 51.109, -0.187, 110, 17), T("Guildford", 51.236, -0.570, 140, 9),
        T("Maidstone", 51.272, 0.522, 170, 17), T("Canterbury", 51.280, 1.079, 55, 20),
        T("Margate", 51.389, 1.386, 140, 35), T("Dover", 51.128, 1.313, 40, 28),
        T("Medway", 51.388, 0.506, 280, 26),
    ];

    private static Town T(string name, double lat, double lon, double popThousands, double baseImd) =>
        new(name, new LatLon(lat, lon), popThousands, baseImd);
}
