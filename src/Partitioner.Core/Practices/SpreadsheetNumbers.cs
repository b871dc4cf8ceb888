namespace Partitioner.Core.Practices;

/// <summary>
/// Numbers as spreadsheets write them into a CSV, rewritten column by column to the plain form the reader parses. In a
/// file separated by commas or tabs, thousands may be grouped by commas ("11,438", "1,739,475.89"). In a file separated
/// by semicolons, the comma is the decimal mark and thousands may be grouped by points ("51,4532", "1.739.475,89",
/// "11.438"). Either may carry a pound sign, as a currency format writes spend ("£1,739,475.89"). A column is rewritten
/// only when every value in it is a number in that form and at least one has a mark that form gives a new meaning (a
/// comma or a pound sign; in a semicolon file a point too), so a column of names, or of decimals with points
/// ("20.25"), is never touched, and a value that fits neither form stays as written, for the reader to refuse by its
/// row, field and value. Rows whose width is not the header's are left out of the decision (the reader refuses them).
/// </summary>
internal static class SpreadsheetNumbers
{
    /// <summary>Rewrites the columns of <paramref name="rows"/> (each at most <paramref name="width"/> wide, and
    /// <paramref name="widths"/> wide in the file) that hold spreadsheet numbers for a file separated by
    /// <paramref name="separator"/>.</summary>
    public static void Normalise(List<string[]> rows, List<int> widths, int width, char separator)
    {
        bool decimalComma = separator == ';';
        for (int c = 0; c < width; c++)
        {
            bool all = true, anyMark = false;
            for (int r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (widths[r] != width) continue;
                var s = row[c].AsSpan().Trim();
                if (s.Length == 0) continue;
                if (!Fits(s, decimalComma)) { all = false; break; }
                anyMark |= decimalComma ? s.ContainsAny(',', '.', '£') : s.ContainsAny(',', '£');
            }
            if (!all || !anyMark) continue;
            for (int r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (widths[r] != width || row[c].Length == 0) continue;
                string s = row[c].Trim().Replace("£", "", StringComparison.Ordinal);
                row[c] = decimalComma ? s.Replace(".", "", StringComparison.Ordinal).Replace(',', '.') : s.Replace(",", "", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// An optional sign and pound sign (either first), then the whole part (digits, or 1–3 digits and groups of three
    /// after the group mark), then optionally the decimal mark and digits. The marks: comma groups and point decimals, or,
    /// with <paramref name="decimalComma"/>, point groups and comma decimals.
    /// </summary>
    public static bool Fits(ReadOnlySpan<char> s, bool decimalComma)
    {
        char group = decimalComma ? '.' : ',', point = decimalComma ? ',' : '.';
        bool pound = s.Length > 0 && s[0] == '£';
        if (pound) s = s[1..];
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) s = s[1..];
        if (!pound && s.Length > 0 && s[0] == '£') s = s[1..];
        int end = s.IndexOf(point);
        var whole = end < 0 ? s : s[..end];
        if (end >= 0 && (end == s.Length - 1 || s[(end + 1)..].ContainsAnyExceptInRange('0', '9'))) return false;
        if (whole.Length == 0) return false;
        int first = whole.IndexOf(group);
        if (first < 0) return !whole.ContainsAnyExceptInRange('0', '9');
        if (first is 0 or > 3 || whole[..first].ContainsAnyExceptInRange('0', '9')) return false;
        var rest = whole[first..];
        if (rest.Length % 4 != 0) return false;
        for (int k = 0; k < rest.Length; k += 4)
            if (rest[k] != group || rest.Slice(k + 1, 3).ContainsAnyExceptInRange('0', '9')) return false;
        return true;
    }
}
