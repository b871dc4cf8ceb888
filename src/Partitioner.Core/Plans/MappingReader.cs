using System.Globalization;
using Partitioner.Core.Files;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Plans;

/// <summary>
/// Reads a mapping CSV: a header row, then one row per practice (practice code, consortium) or per consortium
/// (consortium, federation), the first two columns used. Read as the practices CSV is: quoted fields may hold commas,
/// the separator may be a semicolon or tab, the encoding UTF-8 or Windows-1252 (<see cref="CsvEncoding"/>).
/// </summary>
public static class MappingReader
{
    private const long MaxBytes = 64L * 1024 * 1024;
    private const int MaxColumns = 1_000, MaxLineLength = 100_000;

    /// <summary>Reads the mapping file at <paramref name="path"/>; <paramref name="pair"/> names its two columns in
    /// messages, e.g. "practice_code,consortium".</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadFile(string path, string pair = "practice_code,consortium")
    {
        if (!File.Exists(path)) throw new InputException(path, "(file)", null, "The mapping file does not exist. Check the path.");
        using var stream = File.OpenRead(path);
        return Read(stream, path, pair);
    }

    /// <summary>Reads a mapping from <paramref name="stream"/>; <paramref name="source"/> names it in messages.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(Stream stream, string source, string pair = "practice_code,consortium")
    {
        var bytes = BoundedStream.ReadAll(stream, MaxBytes, "mapping file");
        if (TextStart.FirstByte(bytes) < 0)
            throw new InputException(source, "(file)", null, $"The mapping file is empty. Give a header row and one {pair} row per line.");
        var list = new List<KeyValuePair<string, string>>();
        var problems = new List<InputProblem>();
        var header = CsvParser.Read(CsvEncoding.Open(bytes, out _), MaxColumns, MaxLineLength, (fields, line, width) =>
        {
            if (width == 1 && fields[0].Trim().Length == 0) return;
            if (fields.Length < 2)
            {
                problems.Add(new InputProblem($"line {line}", "(row)", string.Join(",", fields), string.Create(CultureInfo.InvariantCulture,
                    $"Expected {pair}: the row has {width} field{(width == 1 ? "" : "s")}.")));
                return;
            }
            list.Add(new(fields[0].Trim(), fields[1].Trim()));
        });
        if (header.Length < 2)
            throw new InputException(source, "(header)", string.Join(",", header), $"The mapping needs a header row of two columns, {pair}, and one such row per line.");
        if (problems.Count > 0) throw new InputException(problems);
        if (list.Count == 0) throw new InputException(source, "(file)", null, $"The mapping has no rows. Give a header row and one {pair} row per line.");
        return list;
    }
}
