using System.Globalization;
using System.Text;

namespace Partitioner.Core.Practices;

/// <summary>
/// A streaming CSV reader (RFC 4180: comma separated, double-quoted fields may hold commas, quotes and
/// line breaks; a file whose header is separated by semicolons or tabs instead, as spreadsheets save it in some
/// locales or as "tab delimited", is read with that separator) that checks its limits while it reads: a record
/// longer than the line limit or a header wider than the column limit stops the reading at once, and fields past
/// the header's width are counted, not kept, so a hostile file costs no more than the limits allow. A UTF-8 byte
/// order mark before the header is ignored. Lines are 1-based file lines, as a spreadsheet shows them.
/// </summary>
internal static class CsvParser
{
    /// <summary>
    /// Reads every record, handing each data row to <paramref name="row"/> with its first line and its
    /// true width (the row holds at most the header's width), and returns the header (trimmed), which
    /// <paramref name="header"/> also sees as soon as it is read.
    /// </summary>
    public static string[] Read(TextReader reader, int maxColumns, int maxLineLength, Action<string[], int, int> row, Action<string[]>? header = null) =>
        Read(reader, maxColumns, maxLineLength, row, header, out _);

    /// <summary>As <see cref="Read(TextReader, int, int, Action{string[], int, int}, Action{string[]})"/>, also giving the
    /// separator the file uses (<see cref="Separator"/>).</summary>
    public static string[] Read(TextReader reader, int maxColumns, int maxLineLength, Action<string[], int, int> row, Action<string[]>? header, out char separator)
    {
        var buffer = new char[16 * 1024];
        int read = reader.Read(buffer, 0, buffer.Length);
        separator = Separator(buffer.AsSpan(0, read));
        var parser = new Parser(separator, maxColumns, maxLineLength, row, header);
        while (read > 0)
        {
            parser.Feed(buffer.AsSpan(0, read));
            read = reader.Read(buffer, 0, buffer.Length);
        }
        return parser.Finish();
    }

    /// <summary>
    /// The separator of a file that begins with <paramref name="start"/>: whichever of comma, tab and semicolon occurs
    /// most often outside quotes in the header line (or in all of <paramref name="start"/> if the header is longer),
    /// a comma when none does or on a tie.
    /// </summary>
    public static char Separator(ReadOnlySpan<char> start)
    {
        int commas = 0, tabs = 0, semicolons = 0;
        bool quoted = false;
        foreach (char ch in start)
        {
            if (ch == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (ch == '\n') break;
            else if (ch == ',') commas++;
            else if (ch == '\t') tabs++;
            else if (ch == ';') semicolons++;
        }
        if (commas >= tabs && commas >= semicolons) return ',';
        return tabs >= semicolons ? '\t' : ';';
    }

    /// <summary>The separator as a message names it.</summary>
    public static string Name(char separator) => separator switch { '\t' => "tabs", ';' => "semicolons", _ => "commas" };

    private sealed class Parser(char separator, int maxColumns, int maxLineLength, Action<string[], int, int> row, Action<string[]>? onHeader)
    {
        private readonly StringBuilder _field = new();
        private readonly List<string> _record = [];
        private string[]? _header;
        private int _line = 1, _recordLine = 1, _recordLength, _recordWidth;
        private bool _inQuotes, _quoteSeen, _any, _afterClosingQuote, _first = true;

        public void Feed(ReadOnlySpan<char> chars)
        {
            for (int i = 0; i < chars.Length; i++)
            {
                char ch = chars[i];
                if (_first)
                {
                    _first = false;
                    if (ch == '\uFEFF') continue;
                }
                if (_afterClosingQuote)
                {
                    // A quote that closed a field: the next character decides if it was an escaped quote.
                    _afterClosingQuote = false;
                    if (ch == '"') { Append('"'); _inQuotes = true; continue; }
                }
                if (_inQuotes)
                {
                    if (ch == '"') { _inQuotes = false; _afterClosingQuote = true; continue; }
                    if (ch == '\n') _line++;
                    Append(ch);
                    continue;
                }
                switch (ch)
                {
                    case '"': _inQuotes = true; _quoteSeen = true; _any = true; break;
                    case '\r': break;
                    case '\n':
                        EndRecord();
                        _line++;
                        _recordLine = _line;
                        break;
                    default:
                        if (ch == separator) EndField();
                        else Append(ch);
                        _any = true;
                        break;
                }
            }
        }

        public string[] Finish()
        {
            if (_inQuotes)
                throw new InputException($"line {_recordLine}", "(row)", null, "A quoted field is never closed. Check for a stray double quote (\") in this row.");
            EndRecord();
            if (_header is null)
                throw new InputException("line 1", "(header)", null, "The CSV file is empty. It needs a header row (e.g. practice_code,name,lat,lon,list_size,imd_score,spend) and one row per practice.");
            return _header;
        }

        private void Append(char ch)
        {
            if (++_recordLength > maxLineLength)
                throw new InputException($"line {_recordLine}", "(row)", null, string.Create(CultureInfo.InvariantCulture,
                    $"The row is longer than {maxLineLength:N0} characters, the limit for one practice. Check that the file is a CSV with one practice per line (a quoted field that is never closed swallows the rest of the file)."));
            // Fields past the header's width are counted, not kept.
            if (_header is null || _record.Count < _header.Length) _field.Append(ch);
        }

        private void EndField()
        {
            _recordWidth++;
            if (_header is null && _recordWidth > maxColumns)
                throw new InputException("line 1", "(header)", null, string.Create(CultureInfo.InvariantCulture,
                    $"The header has more than {maxColumns:N0} columns, the limit. Keep the practice columns (code, name, coordinates, list size, deprivation, spend, grouping) and drop the rest."));
            if (_header is null || _record.Count < _header.Length) _record.Add(_field.ToString());
            _field.Clear();
            _quoteSeen = false;
        }

        private void EndRecord()
        {
            if (!_any && _record.Count == 0 && _field.Length == 0 && !_quoteSeen)
            {
                ResetRecord();
                return; // blank line
            }
            EndField();
            if (_header is null)
            {
                _header = new string[_record.Count];
                for (int c = 0; c < _record.Count; c++) _header[c] = _record[c].Trim();
                onHeader?.Invoke(_header);
            }
            else row(_record.ToArray(), _recordLine, _recordWidth);
            ResetRecord();
        }

        private void ResetRecord()
        {
            _record.Clear();
            _field.Clear();
            _recordLength = 0;
            _recordWidth = 0;
            _any = false;
            _quoteSeen = false;
        }
    }
}
