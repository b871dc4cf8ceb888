using System.Globalization;
using Partitioner.Core.Coordinates;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>
/// Builds a practice file (our default column names) from the official NHS files: list sizes, weighted
/// list sizes and spend from NHS Payments to General Practice (list sizes from the registered-patients
/// file when given), IMD by practice, and each practice's postcode placed with a postcode → coordinate
/// table. Closed practices and practices without patients are left out with a warning; practices whose
/// postcode cannot be placed are listed with the reason. Nothing is summed or guessed.
/// </summary>
public static class PracticeImport
{
    /// <summary>Reads the sources and builds the practices; throws <see cref="InputException"/> naming every problem in the files.</summary>
    public static ImportResult Run(ImportSources sources, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var problems = new List<InputProblem>();
        var payments = PaymentsFile.Read(sources.Payments, problems);
        var patients = sources.Patients is null ? null : PatientsFile.Read(sources.Patients, problems);
        var deprivation = sources.Deprivation is null ? null : DeprivationFile.Read(sources.Deprivation, options.DeprivationYear, problems);
        if (problems.Count > 0) throw new InputException(problems.Take(100).ToArray(), Math.Max(0, problems.Count - 100));

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in payments) wanted.Add(Postcodes.Key(p.Postcode));
        var places = Postcodes.Read(sources.Postcodes, wanted, sector: false);
        var sectors = sources.Sectors is null ? null : Postcodes.Read(sources.Sectors, null, sector: true);

        var practices = new List<ImportedPractice>(payments.Count);
        var unplaced = new List<UnplacedPractice>();
        var warnings = new List<InputWarning>();
        var notes = new List<InputWarning>();
        foreach (var p in payments)
        {
            if (p.Closed is { } closed && (options.AsOf is null || closed < options.AsOf))
            {
                warnings.Add(new InputWarning(p.Where, $"practice {p.Code} closed on {closed:yyyy-MM-dd}{(options.AsOf is { } d ? $", before the data's date {d:yyyy-MM-dd}" : "")}; left out."));
                continue;
            }
            double listSize = p.Patients;
            if (patients is not null)
            {
                if (patients.TryGetValue(p.Code, out double registered)) listSize = registered;
                else notes.Add(new InputWarning(p.Where, $"practice {p.Code} is not in the registered-patients file; its list size is the payments file's."));
            }
            if (!(listSize > 0))
            {
                warnings.Add(new InputWarning(p.Where, $"practice {p.Code} has no registered patients; left out."));
                continue;
            }
            string postcode = Postcodes.Display(p.Postcode);
            Place? place = null;
            string source = "postcode";
            if (places.TryGetValue(Postcodes.Key(p.Postcode), out var found)) place = found;
            else if (sectors is not null && Postcodes.Sector(p.Postcode) is { } sector && sectors.TryGetValue(sector, out var centroid))
            {
                place = centroid;
                source = "postcode_sector";
            }
            if (place is null)
            {
                unplaced.Add(new UnplacedPractice(p.Code, p.Name, postcode, p.Postcode.Length == 0
                    ? "the payments file gives no postcode"
                    : $"the postcode is not in the postcode table{(sectors is null ? " (give a postcode-sector table as a fallback)" : " nor its sector in the sector table")}"));
                continue;
            }
            double imd = deprivation is not null && deprivation.TryGetValue(p.Code, out double score) ? score : double.NaN;
            practices.Add(new ImportedPractice(p.Code, p.Name, postcode, place.Value.Longitude, place.Value.Latitude, place.Value.Easting, place.Value.Northing,
                source, Math.Round(listSize), Math.Round(p.Weighted), imd, p.Spend, p.Group));
        }
        return new ImportResult(practices, unplaced, warnings, notes);
    }

    /// <summary>Writes the practices as a CSV our readers take with their default column names.</summary>
    public static void WriteCsv(Stream stream, IReadOnlyList<ImportedPractice> practices)
    {
        using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        w.WriteLine("practice_code,name,postcode,lat,lon,easting,northing,coord_source,list_size,weighted_list_size,imd_score,spend,ccg_code");
        foreach (var p in practices)
        {
            w.WriteLine(string.Join(",",
                Field(p.Code), Field(p.Name), Field(p.Postcode),
                p.Latitude.ToString("0.000000", CultureInfo.InvariantCulture), p.Longitude.ToString("0.000000", CultureInfo.InvariantCulture),
                p.Easting?.ToString("R", CultureInfo.InvariantCulture) ?? "", p.Northing?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                p.CoordinateSource, Number(p.Patients), Number(p.WeightedPatients), Number(p.Deprivation), Number(p.Spend), Field(p.Group)));
        }
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A coordinate from a postcode or sector table.</summary>
    internal readonly record struct Place(double Longitude, double Latitude, double? Easting, double? Northing);

    /// <summary>Postcode keys, the postcode table and the sector table.</summary>
    private static class Postcodes
    {
        /// <summary>Upper case without spaces: the payments file writes "SK122BB", tables "SK12 2BB".</summary>
        public static string Key(string postcode) => string.Concat(postcode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

        /// <summary>The usual form, a space before the inward code ("SK12 2BB").</summary>
        public static string Display(string postcode)
        {
            var k = Key(postcode);
            return k.Length >= 5 ? k[..^3] + " " + k[^3..] : k;
        }

        /// <summary>The postcode sector ("SK12 2"), or null for a postcode too short to have one.</summary>
        public static string? Sector(string postcode)
        {
            var k = Key(postcode);
            return k.Length >= 5 ? k[..^3] + " " + k[^3] : null;
        }

        public static Dictionary<string, Place> Read(string path, HashSet<string>? wanted, bool sector)
        {
            var places = new Dictionary<string, Place>(StringComparer.Ordinal);
            var problems = new List<InputProblem>();
            int key = -1, lat = -1, lon = -1, east = -1, north = -1;
            string what = sector ? "postcode-sector table" : "postcode table";
            SourceTable.Read(path, what, t =>
            {
                key = sector ? t.Require("sector", "sector", "postcode_sector", "pcds_sector") : t.Require("postcode", "postcode", "pcds", "pcd", "pcd2");
                lat = t.Find("lat", "latitude");
                lon = t.Find("lon", "long", "longitude");
                east = t.Find("easting", "oseast1m", "x");
                north = t.Find("northing", "osnrth1m", "y");
                if ((lat < 0 || lon < 0) && (east < 0 || north < 0))
                    throw new InputException($"{t.File} line 1", "(header)", null, "No coordinate columns: looked for lat/lon or easting/northing.");
            }, row =>
            {
                string k = sector ? row.Text(key).ToUpperInvariant() : Key(row.Text(key));
                if (k.Length == 0 || (wanted is not null && !wanted.Contains(k)) || places.ContainsKey(k)) return;
                double? e = east >= 0 ? Finite(row.Number(east, problems)) : null, n = north >= 0 ? Finite(row.Number(north, problems)) : null;
                double la = lat >= 0 ? row.Number(lat, problems) : double.NaN, lo = lon >= 0 ? row.Number(lon, problems) : double.NaN;
                if (!(double.IsFinite(la) && double.IsFinite(lo)) && e is { } x && n is { } y) (lo, la) = BritishNationalGrid.ToWgs84(x, y);
                if (double.IsFinite(la) && double.IsFinite(lo) && BritishNationalGrid.IsInGreatBritain(lo, la)) places[k] = new Place(lo, la, e, n);
            });
            if (problems.Count > 0) throw new InputException(problems.Take(100).ToArray(), Math.Max(0, problems.Count - 100));
            return places;
        }

        private static double? Finite(double v) => double.IsFinite(v) ? v : null;
    }
}
