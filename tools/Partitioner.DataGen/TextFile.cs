using System.Text;

namespace Partitioner.DataGen;

/// <summary>Writes UTF-8 (no BOM) text with "\n" line endings, creating folders as needed.</summary>
public static class TextFile
{
    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"), new UTF8Encoding(false));
    }
}
