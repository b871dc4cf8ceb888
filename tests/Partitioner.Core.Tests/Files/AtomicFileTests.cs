using System.Text;
using Partitioner.Core.Files;

namespace Partitioner.Core.Tests.Files;

public sealed class AtomicFileTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-atomic-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void WriteText(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_write_that_fails_half_way_leaves_the_old_file_whole_and_no_temporary_file()
    {
        var dir = TempDir();
        var target = Path.Combine(dir, "consortia.geojson");
        File.WriteAllText(target, "old");
        var e = Assert.Throws<OutputWriteException>(() => AtomicFile.Write(target, s =>
        {
            WriteText(s, "{\"type\":\"FeatureCollection\",\"features\":[");
            throw new InvalidOperationException("side location conflict");
        }));
        Assert.Equal(target, e.Path);
        Assert.Contains("side location conflict", e.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(dir));
    }

    [Fact]
    public void When_one_file_of_a_set_fails_none_is_replaced()
    {
        var dir = TempDir();
        var a = Path.Combine(dir, "a.json");
        var b = Path.Combine(dir, "b.json");
        File.WriteAllText(a, "old a");
        Assert.Throws<OutputWriteException>(() => AtomicFile.WriteAll([
            (a, s => WriteText(s, "new a")),
            (b, _ => throw new IOException("disk full")),
        ]));
        Assert.Equal("old a", File.ReadAllText(a));
        Assert.False(File.Exists(b));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_complete_set_replaces_every_file_and_creates_the_folder()
    {
        var dir = Path.Combine(TempDir(), "new", "folder");
        var a = Path.Combine(dir, "a.json");
        var b = Path.Combine(dir, "b.json");
        AtomicFile.WriteAll([(a, s => WriteText(s, "1")), (b, s => WriteText(s, "2"))]);
        Assert.Equal("1", File.ReadAllText(a));
        Assert.Equal("2", File.ReadAllText(b));
        Assert.Equal(2, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void A_folder_that_cannot_be_made_is_an_output_error_naming_the_file()
    {
        var dir = TempDir();
        var blocker = Path.Combine(dir, "not-a-folder");
        File.WriteAllText(blocker, "");
        var target = Path.Combine(blocker, "report.json");
        var e = Assert.Throws<OutputWriteException>(() => AtomicFile.Write(target, s => WriteText(s, "{}")));
        Assert.Equal(target, e.Path);
    }
}
