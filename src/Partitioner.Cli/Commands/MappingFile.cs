using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary>Reads a practice → consortium mapping CSV (header row; first column practice code, second consortium).</summary>
internal static class MappingFile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, "(file)", null, "The mapping file does not exist. Check the path.");
        var lines = File.ReadAllLines(path);
        var list = new List<KeyValuePair<string, string>>();
        var problems = new List<InputProblem>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var parts = lines[i].Split(',');
            if (parts.Length < 2) { problems.Add(new InputProblem($"line {i + 1}", "(row)", lines[i], "Expected practice_code,consortium.")); continue; }
            list.Add(new(parts[0].Trim().Trim('"'), parts[1].Trim().Trim('"')));
        }
        if (problems.Count > 0) throw new InputException(problems);
        if (list.Count == 0) throw new InputException(path, "(file)", null, "The mapping has no rows. Give a header row and one practice_code,consortium row per practice.");
        return list;
    }
}
