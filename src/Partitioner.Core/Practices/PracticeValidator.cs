using System.Globalization;
using Partitioner.Core.Coordinates;

namespace Partitioner.Core.Practices;

/// <summary>
/// Turns raw records into validated practices: codes unique, list sizes, deprivation and spend finite
/// and within the bounds of <see cref="PracticeReadOptions"/>, locations inside Great Britain. Problems
/// are collected in record order, listed up to the options' limit and counted past it.
/// </summary>
internal static class PracticeValidator
{
    public static PracticeSet Build(List<RawPractice> raws, PracticeReadOptions options, CoordinateSystem crs, string unit)
    {
        var fields = options.Fields;
        if (raws.Count == 0)
            throw new InputException("input", "(practices)", null, $"The input has no practices (no {unit}s). Add one {unit} per practice.");
        var problems = new ProblemList(options.MaxProblems);
        var warnings = new List<InputWarning>();
        var practices = new List<Practice>(raws.Count);
        var firstSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in raws)
        {
            foreach (var p in raw.Problems) problems.Add(p);
            if (raw.Unusable) continue;
            var props = raw.Properties;
            int codeAt = FindProperty(props, fields.Code);
            int nameAt = FindProperty(props, fields.Name);
            int patientsAt = FindProperty(props, fields.Patients);
            int depAt = FindProperty(props, fields.Deprivation);
            int spendAt = FindProperty(props, fields.Spend);
            int weightedAt = FindProperty(props, fields.WeightedPatients);
            int groupAt = fields.Group is null ? -1 : FindProperty(props, [fields.Group]);

            string code = codeAt < 0 ? "" : Text(props[codeAt].Value);
            if (code.Length == 0)
                problems.Add(raw.Where, fields.Code[0], null, $"The practice code is missing. Give every practice a unique code (looked for: {string.Join(", ", fields.Code)}).");
            else if (firstSeen.TryGetValue(code, out var first))
                problems.Add(raw.Where, props[codeAt].Name, PracticeReader.Shorten(code), $"Duplicate practice code: already used at {first}. Each practice needs a unique code; merge or rename the rows.");
            else
                firstSeen[code] = raw.Where;

            double patients = Patients(props, patientsAt, raw.Where, options, problems);
            double deprivation = OptionalNumber(props, depAt, raw.Where, "deprivation score", options.MaxAbsoluteDeprivation,
                "IMD scores run from 0 to about 100", problems);
            // Spend may be negative: net payments after a clawback are real (one open practice in 2014/15).
            double spend = OptionalNumber(props, spendAt, raw.Where, "spend (£ per year)", options.MaxAbsoluteSpend,
                "it is the practice's total for a year in pounds; no practice receives more than about £20 million", problems);
            double weighted = OptionalNumber(props, weightedAt, raw.Where, "weighted list size", options.MaxPatientsPerPractice * 10,
                "it is the practice's need-weighted patients, close to its list size", problems);
            string? group = groupAt < 0 ? null : Text(props[groupAt].Value);
            if (fields.Group is not null && string.IsNullOrEmpty(group) && !options.GroupOptional)
                problems.Add(raw.Where, fields.Group, null, $"The grouping field '{fields.Group}' is missing or empty. Give every practice a consortium, or leave out the grouping option.");

            var (lon, lat, e, n) = Location(raw, crs, problems);
            if (code.Length > 0 && patients == 0)
            {
                warnings.Add(new InputWarning(raw.Where, $"practice {code} has 0 registered patients (closed) and was left out."));
                continue;
            }
            // The grouping column stays among the properties: former groups (levels) and the outputs read it by name.
            var rest = new List<PracticeProperty>(props.Count);
            for (int i = 0; i < props.Count; i++)
                if (i != codeAt && i != nameAt && i != patientsAt && i != depAt && i != spendAt) rest.Add(props[i]);
            practices.Add(new Practice(code, nameAt < 0 ? "" : Text(props[nameAt].Value), patients, deprivation, spend, group, lon, lat, e, n, rest, weighted));
        }
        problems.ThrowIfAny();
        if (practices.Count == 0)
            throw new InputException("input", fields.Patients[0], null, "No practice has any registered patients, so there is nothing to group. Check the list-size column.");
        return new PracticeSet(practices, warnings, crs);
    }

    private static double Patients(IReadOnlyList<PracticeProperty> props, int at, string where, PracticeReadOptions options, ProblemList problems)
    {
        var fields = options.Fields;
        if (at < 0 || props[at].Value is null || Text(props[at].Value).Length == 0)
        {
            problems.Add(where, at < 0 ? fields.Patients[0] : props[at].Name, null,
                $"The number of registered patients is missing (looked for: {string.Join(", ", fields.Patients)}). Give the practice's list size.");
            return double.NaN;
        }
        string text = PracticeReader.Shorten(Text(props[at].Value));
        if (!TryNumber(props[at].Value, out double patients) || !double.IsFinite(patients))
        {
            problems.Add(where, props[at].Name, text, "The number of registered patients is not a finite number. Give a whole number such as 7250.");
            return double.NaN;
        }
        if (patients < 0)
        {
            problems.Add(where, props[at].Name, text, "The number of registered patients is negative. Give the list size, 0 or more.");
            return double.NaN;
        }
        if (patients > options.MaxPatientsPerPractice)
        {
            problems.Add(where, props[at].Name, text, string.Create(CultureInfo.InvariantCulture,
                $"The number of registered patients is above {options.MaxPatientsPerPractice:N0}, more than any GP practice has (the largest have about 100,000). Check that the column holds the practice's list size, not a total or an amount of money."));
            return double.NaN;
        }
        return patients;
    }

    private static double OptionalNumber(IReadOnlyList<PracticeProperty> props, int at, string where, string what, double bound, string hint, ProblemList problems)
    {
        if (at < 0 || props[at].Value is null) return double.NaN;
        string text = Text(props[at].Value);
        if (text.Length == 0) return double.NaN;
        if (!TryNumber(props[at].Value, out double v) || !double.IsFinite(v))
        {
            problems.Add(where, props[at].Name, PracticeReader.Shorten(text), $"The {what} is not a finite number. Give a number, or leave it empty if unknown.");
            return double.NaN;
        }
        if (Math.Abs(v) > bound)
        {
            problems.Add(where, props[at].Name, PracticeReader.Shorten(text), string.Create(CultureInfo.InvariantCulture,
                $"The {what} is beyond ±{bound:N0}, outside any plausible value ({hint}). Check the column and its units, or leave the value empty if unknown."));
            return double.NaN;
        }
        return v;
    }

    private static (double Lon, double Lat, double E, double N) Location(RawPractice raw, CoordinateSystem crs, ProblemList problems)
    {
        var at = raw.Location;
        var none = (double.NaN, double.NaN, double.NaN, double.NaN);
        if (at.GeometryProblem is not null)
        {
            problems.Add(raw.Where, "geometry", null, at.GeometryProblem);
            return none;
        }
        bool ok = true;
        if (at.XText is not null) ok &= CoordinateText(at.XText, at.X, at.XField, raw.Where, problems);
        if (at.YText is not null) ok &= CoordinateText(at.YText, at.Y, at.YField, raw.Where, problems);
        if (!ok) return none;
        string field = at.XField == "geometry" ? "geometry" : $"{at.XField}/{at.YField}";
        string value = string.Create(CultureInfo.InvariantCulture, $"{at.X}, {at.Y}");
        if (crs == CoordinateSystem.BritishNationalGrid)
        {
            if (!BritishNationalGrid.IsOnGrid(at.X, at.Y))
            {
                string hint = BritishNationalGrid.IsOnGrid(at.Y, at.X)
                    ? "Easting and northing appear swapped: give easting first."
                    : "It is outside Great Britain's National Grid (eastings 0–700,000 m, northings 0–1,250,000 m). Check the coordinate system.";
                problems.Add(raw.Where, field, value, hint);
                return none;
            }
            var (lon, lat) = BritishNationalGrid.ToWgs84(at.X, at.Y);
            return (lon, lat, at.X, at.Y);
        }
        if (!BritishNationalGrid.IsInGreatBritain(at.X, at.Y))
        {
            string hint = BritishNationalGrid.IsInGreatBritain(at.Y, at.X)
                ? "Latitude and longitude appear swapped: give longitude first in GeoJSON (RFC 7946 [lon, lat]), or check the lat/lon columns."
                : BritishNationalGrid.IsOnGrid(at.X, at.Y) && Math.Abs(at.X) > 180
                    ? "This looks like British National Grid metres: say so with the coordinate system option (bng / EPSG:27700)."
                    : "The point is outside Great Britain (longitude −8.8 to 2, latitude 49.7 to 61). Check the coordinates.";
            problems.Add(raw.Where, field, value, hint);
            return none;
        }
        var (e, n) = BritishNationalGrid.FromWgs84(at.X, at.Y);
        return (at.X, at.Y, e, n);
    }

    private static bool CoordinateText(string text, double parsed, string field, string where, ProblemList problems)
    {
        if (text.Length == 0)
        {
            problems.Add(where, field, null, "The coordinate is missing. Give the practice's location.");
            return false;
        }
        if (!double.IsFinite(parsed))
        {
            problems.Add(where, field, PracticeReader.Shorten(text), "The coordinate is not a finite number. Use decimal degrees (e.g. -1.318938) or metres.");
            return false;
        }
        return true;
    }

    private static int FindProperty(IReadOnlyList<PracticeProperty> props, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            for (int i = 0; i < props.Count; i++)
                if (string.Equals(props[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d: number = d; return true;
            case string s: return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default: number = double.NaN; return false;
        }
    }

    internal static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
