using System.Globalization;
using System.Text;

namespace Partitioner.Fuzz.Generators;

/// <summary>
/// Practice files in CSV as users have them and as attackers make them: a byte order mark, NaN and huge numbers, broken
/// quoting, very many columns, rows or characters, bad UTF-8, degenerate locations (all at one point, on one line), and
/// spreadsheets' files: separated by semicolons with decimal commas or by tabs, numbers in thousands, Windows-1252.
/// </summary>
internal static class CsvAttacks
{
    private const string Header = "practice_code,name,lat,lon,list_size,imd_score,spend,ccg_code\n";

    public static (string Shape, byte[] Body) Next(Random rng)
    {
        switch (rng.Next(19))
        {
            case 0: return ("csv/byte order mark", [0xEF, 0xBB, 0xBF, .. Seeds.Utf8(Seeds.GridCsv())]);
            case 1:
            {
                var value = rng.Pick(new[] { "NaN", "Infinity", "-Infinity", "1e15", "1.2e21", "-5", "1e400", "0x10", "1,5", "", "nan", "∞", "12abc" });
                var column = rng.Pick(new[] { "list_size", "imd_score", "spend", "lat", "lon" });
                return ($"csv/{value} in {column}", Seeds.Utf8(Replace(Seeds.GridCsv(), column, 3, value)));
            }
            case 2: return ("csv/unclosed quote", Seeds.Utf8(Seeds.GridCsv().Replace("Practice 5", "\"Practice 5", StringComparison.Ordinal)));
            case 3:
            {
                int columns = rng.Pick(new[] { 1_001, 20_000, 300_000 });
                var sb = new StringBuilder(Header.TrimEnd('\n'));
                for (int i = 0; i < columns; i++) sb.Append(",c").Append(i);
                return ($"csv/{columns:N0} columns", Seeds.Utf8(sb.Append('\n').ToString()));
            }
            case 4:
            {
                int length = rng.Pick(new[] { 100_001, 3_000_000 });
                return ($"csv/{length:N0}-character row", Seeds.Utf8(Header + "T1," + new string('n', length) + ",53.8,-1.6,25000,20,1000,A\n"));
            }
            case 5:
            {
                int rows = rng.Pick(new[] { 20_001, 60_000, 400_000 });
                var sb = new StringBuilder("practice_code,lat,lon,list_size\n");
                for (int i = 0; i < rows; i++) sb.Append(i).Append(",53,-1,1\n");
                return ($"csv/{rows:N0} tiny rows (huge list, small body)", Seeds.Utf8(sb.ToString()));
            }
            case 6: return ("csv/empty", []);
            case 7: return ("csv/header only", Seeds.Utf8(Header));
            case 8: return ("csv/duplicate column", Seeds.Utf8(Seeds.GridCsv().Replace("spend", "list_size", StringComparison.Ordinal)));
            case 9: return ("csv/CR line endings", Seeds.Utf8(Seeds.GridCsv().Replace('\n', '\r')));
            case 10: return ("csv/invalid UTF-8", [.. Seeds.Utf8(Header), 0xFF, 0xFE, 0xC0, .. Seeds.Utf8(",x,53.8,-1.6,1,1,1,A\n")]);
            case 11: return ("csv/all practices at one point", Seeds.Utf8(Grid(rng.Next(2, 400), (_, _) => (53.8, -1.6))));
            case 12: return ("csv/practices on one line", Seeds.Utf8(Grid(rng.Next(2, 400), (i, _) => (53.8, -1.6 + i * 0.001))));
            case 13: return ("csv/practices a nanodegree apart", Seeds.Utf8(Grid(rng.Next(2, 50), (i, _) => (53.8 + i * 1e-9, -1.6))));
            case 14: return ("csv/coordinates outside Great Britain", Seeds.Utf8(Grid(5, (i, _) => (rng.Next(2) == 0 ? 0 : 89.9, 179.0 - i))));
            case 15:
            {
                // A decimal-comma spreadsheet's CSV, sometimes with a value in the other locale's form, a stray separator or an empty cell.
                var csv = string.Join('\n', Seeds.GridCsv().Split('\n').Select(line => line.Replace(',', ';').Replace('.', ',')));
                var twist = rng.Pick(new[] { "", "20.25", "1.234,5", "1.234.567", ";", ",5", "5,", "-", "" });
                return ($"csv/semicolons and decimal commas{(twist.Length > 0 ? $" with '{twist}'" : "")}", Seeds.Utf8(ReplaceIn(csv, ';', rng.Pick(new[] { "imd_score", "list_size", "lat", "spend" }), 2, twist)));
            }
            case 16:
            {
                var csv = Seeds.GridCsv().Replace(',', '\t');
                var twist = rng.Pick(new[] { "", "Smith, Jones", "Smith\tJones", "\"25,000\"", "25,000", "\t" });
                return ($"csv/tab separated{(twist.Length > 0 ? " with '" + twist.Replace("\t", "\\t", StringComparison.Ordinal) + "'" : "")}", Seeds.Utf8(ReplaceIn(csv, '\t', rng.Pick(new[] { "name", "list_size", "spend" }), 1, twist)));
            }
            case 17:
            {
                // Windows-1252 as Excel's "CSV (Comma delimited)" writes it: curly quotes, £, é, the euro sign, thousands in quotes.
                var csv = ReplaceIn(ReplaceIn(Seeds.GridCsv(), ',', "name", 1, "St John\u2019s Caf\u00e9 \u00a3\u20ac"), ',', "list_size", 2, "\"25,000\"");
                return ("csv/Windows-1252 with thousands", Encoding.Latin1.GetBytes(csv.Replace('\u2019', '\u0092').Replace('\u20ac', '\u0080')));
            }
            default:
            {
                int n = rng.Pick(new[] { 1, 2, 3 });
                return ($"csv/{n} practice(s)", Seeds.Utf8(Grid(n, (i, _) => (53.8 + i * 0.01, -1.6))));
            }
        }
    }

    private static string Grid(int n, Func<int, int, (double Lat, double Lon)> at)
    {
        var sb = new StringBuilder(Header);
        for (int i = 0; i < n; i++)
        {
            var (lat, lon) = at(i, n);
            sb.Append(CultureInfo.InvariantCulture, $"P{i},Practice {i},{lat:R},{lon:R},{1000 + i % 7 * 5000},{10 + i % 9},{150_000 + i},{(i % 2 == 0 ? "A" : "B")}\n");
        }
        return sb.ToString();
    }

    /// <summary>The file separated by <paramref name="separator"/> with one row's value in <paramref name="column"/>
    /// replaced, unless <paramref name="value"/> is empty.</summary>
    private static string ReplaceIn(string csv, char separator, string column, int row, string value)
    {
        if (value.Length == 0) return csv;
        var lines = csv.Split('\n');
        int c = Array.IndexOf(lines[0].Split(separator), column);
        var cells = lines[row + 1].Split(separator);
        cells[c] = value;
        lines[row + 1] = string.Join(separator, cells);
        return string.Join('\n', lines);
    }

    /// <summary>The CSV with one row's value in <paramref name="column"/> replaced.</summary>
    private static string Replace(string csv, string column, int row, string value)
    {
        var lines = csv.Split('\n');
        int c = Array.IndexOf(lines[0].Split(','), column);
        var cells = lines[row + 1].Split(',');
        cells[c] = value.Contains(',', StringComparison.Ordinal) ? $"\"{value}\"" : value;
        lines[row + 1] = string.Join(',', cells);
        return string.Join('\n', lines);
    }
}
