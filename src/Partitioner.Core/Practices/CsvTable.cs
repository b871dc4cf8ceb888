using System.Globalization;

namespace Partitioner.Core.Practices;

/// <summary>
/// A practices CSV file read into memory by <see cref="CsvParser"/>, with its limits checked while it is
/// read: more data rows than the row limit stop the reading at once. Row numbers are 1-based file lines. Numbers
/// written as spreadsheets write them ("11,438"; "51,4532" in a file separated by semicolons) are rewritten to the
/// plain form (<see cref="SpreadsheetNumbers"/>).
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string[] header, List<string[]> rows, List<int> lines, List<int> widths, char separator)
    {
        Separator = separator;
        Header = header;
        Rows = rows;
        Lines = lines;
        Widths = widths;
    }

    public string[] Header { get; }

    /// <summary>The separator between fields: a comma, or a semicolon or tab (<see cref="CsvParser.Separator"/>).</summary>
    public char Separator { get; }

    /// <summary>Data rows; a row wider than the header keeps only the header's width (see <see cref="Widths"/>).</summary>
    public List<string[]> Rows { get; }

    /// <summary>The file line each row starts on.</summary>
    public List<int> Lines { get; }

    /// <summary>The number of fields each row really had.</summary>
    public List<int> Widths { get; }

    /// <summary>Reads the table; throws <see cref="InputException"/> as soon as a limit is passed.</summary>
    public static CsvTable Parse(TextReader reader, int maxRows, int maxColumns, int maxLineLength)
    {
        var rows = new List<string[]>();
        var lines = new List<int>();
        var widths = new List<int>();
        var header = CsvParser.Read(reader, maxColumns, maxLineLength, (fields, line, width) =>
        {
            if (rows.Count == maxRows)
                throw new InputException($"line {line}", "(rows)", null, string.Create(CultureInfo.InvariantCulture,
                    $"The file has more than {maxRows:N0} practices, the limit for one study. England has fewer than 10,000 practices: check the file holds one row per practice, or split the study area."))
                { ExceedsLimit = true };
            rows.Add(fields);
            lines.Add(line);
            widths.Add(width);
        }, null, out char separator);
        SpreadsheetNumbers.Normalise(rows, widths, header.Length, separator);
        return new CsvTable(header, rows, lines, widths, separator);
    }
}
