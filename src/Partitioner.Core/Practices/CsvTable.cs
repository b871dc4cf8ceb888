using System.Text;

namespace Partitioner.Core.Practices;

/// <summary>
/// A CSV file read into memory (RFC 4180: comma separated, double-quoted fields may hold commas,
/// quotes and line breaks). Row numbers are 1-based file lines, as a spreadsheet shows them.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string[] header, List<string[]> rows, List<int> lines)
    {
        Header = header;
        Rows = rows;
        Lines = lines;
    }

    public string[] Header { get; }
    public List<string[]> Rows { get; }
    public List<int> Lines { get; }

    public static CsvTable Parse(TextReader reader)
    {
        var records = new List<string[]>();
        var lines = new List<int>();
        var field = new StringBuilder();
        var record = new List<string>();
        int line = 1, recordLine = 1;
        bool inQuotes = false, any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; any = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    Finish();
                    line++;
                    recordLine = line;
                    break;
                default: field.Append(ch); any = true; break;
            }
        }
        if (inQuotes)
            throw new InputException($"line {recordLine}", "(row)", null, "A quoted field is never closed. Check for a stray double quote (\") in this row.");
        Finish();
        if (records.Count == 0)
            throw new InputException("line 1", "(header)", null, "The CSV file is empty. It needs a header row (e.g. practice_code,name,lat,lon,list_size,imd_score,spend) and one row per practice.");
        var header = records[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        records.RemoveAt(0);
        lines.RemoveAt(0);
        return new CsvTable(header, records, lines);

        void Finish()
        {
            if (!any && record.Count == 0 && field.Length == 0) return; // blank line
            record.Add(field.ToString());
            field.Clear();
            records.Add(record.ToArray());
            lines.Add(recordLine);
            record.Clear();
            any = false;
        }
    }
}
