using System.Globalization;
using System.Text;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>
/// One official source file (a CSV with a header row) read row by row, with its columns found by name
/// (case and surrounding spaces ignored, several spellings allowed), so the NHS publications' column
/// headings work as users download them. Problems name the file, the line, the column and the value.
/// </summary>
internal sealed class SourceTable
{
    private const int MaxColumns = 1_000;
    private const int MaxLineLength = 100_000;

    private readonly string[] _header;

    private SourceTable(string file, string[] header)
    {
        File = file;
        _header = header;
    }

    /// <summary>The file's name, for messages.</summary>
    public string File { get; }

    /// <summary>
    /// Reads <paramref name="path"/>, handing each data row to <paramref name="row"/> with its line; the
    /// table given to <paramref name="start"/> finds the columns before the first row.
    /// </summary>
    public static void Read(string path, string what, Action<SourceTable> start, Action<SourceRow> row)
    {
        if (!System.IO.File.Exists(path))
            throw new InputException(path, "(file)", null, $"The {what} file does not exist. Check the path.");
        string name = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        SourceTable? table = null;
        var header = CsvParser.Read(reader, MaxColumns, MaxLineLength, (fields, line, width) =>
        {
            if (table is null) throw new InvalidOperationException("The header is read before the rows.");
            if (width != table._header.Length && !(width == 1 && fields[0].Trim().Length == 0))
                throw new InputException($"{name} line {line}", "(row)", null, string.Create(CultureInfo.InvariantCulture,
                    $"The row has {width} fields but the header has {table._header.Length}. Check the file is the {what} as published (comma separated, quoted names)."));
            row(new SourceRow(table, fields, line));
        }, header =>
        {
            table = new SourceTable(name, header);
            start(table);
        });
        if (table is null) start(new SourceTable(name, header));
    }

    /// <summary>The index of the first column named one of <paramref name="names"/>; -1 when none.</summary>
    public int Find(params string[] names)
    {
        foreach (var n in names)
            for (int i = 0; i < _header.Length; i++)
                if (string.Equals(_header[i].Trim(), n, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The index of a column the import needs; throws naming the file and the names looked for.</summary>
    public int Require(string what, params string[] names)
    {
        int i = Find(names);
        if (i < 0)
            throw new InputException($"{File} line 1", "(header)", null,
                $"No {what} column: looked for {string.Join(", ", names.Select(n => $"'{n}'"))}. Check the file is the right publication.");
        return i;
    }

    public string ColumnName(int column) => _header[column];
}

/// <summary>One data row of a <see cref="SourceTable"/>.</summary>
internal readonly struct SourceRow(SourceTable table, string[] fields, int line)
{
    public string Where => $"{table.File} line {line}";

    public string Text(int column) => column < 0 || column >= fields.Length ? "" : fields[column].Trim();

    /// <summary>
    /// A number as the NHS files write it (thousands separators and a leading £ allowed); NaN when
    /// empty or "-". Anything else is a problem naming the row, the column and the value.
    /// </summary>
    public double Number(int column, List<InputProblem> problems)
    {
        var text = Text(column);
        if (text.Length == 0 || text == "-") return double.NaN;
        var clean = text.Replace(",", "", StringComparison.Ordinal).TrimStart('£');
        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        problems.Add(new InputProblem(Where, table.ColumnName(column), PracticeReader.Shorten(text), "The value is not a number. Give a number, or leave it empty (or \"-\") if unknown."));
        return double.NaN;
    }

    /// <summary>A date as dd/mm/yyyy or yyyy-mm-dd; null when empty or "-".</summary>
    public DateOnly? Date(int column, List<InputProblem> problems)
    {
        var text = Text(column);
        if (text.Length == 0 || text == "-") return null;
        if (DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "dd-MM-yyyy", "ddMMMyyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add(new InputProblem(Where, table.ColumnName(column), PracticeReader.Shorten(text), "The date is not dd/mm/yyyy or yyyy-mm-dd. Give the date, or \"-\" if none."));
        return null;
    }
}
