namespace Partitioner.Core.Files;

/// <summary>
/// Writes files so that a failure never leaves a truncated one: each file is written to a temporary
/// file in the same folder and renamed over the target only when every file of the set is complete.
/// A reader sees the old files or the new ones, never half of one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes one file through <paramref name="write"/>.</summary>
    /// <exception cref="OutputWriteException">Writing or renaming failed; the target is unchanged.</exception>
    public static void Write(string path, Action<Stream> write) => WriteAll([(path, write)]);

    /// <summary>
    /// Writes a set of files: all are written to temporary files first, then renamed one by one.
    /// If any write fails, no target is touched and every temporary file is removed.
    /// </summary>
    /// <exception cref="OutputWriteException">A file could not be written or renamed.</exception>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        var temporaries = new string[files.Count];
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                var (path, write) = files[i];
                var full = Path.GetFullPath(path);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    temporaries[i] = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
                    using var stream = new FileStream(temporaries[i], FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                catch (Exception e) when (e is not OutputWriteException and not OperationCanceledException)
                {
                    throw new OutputWriteException(full, e);
                }
            }
            for (int i = 0; i < files.Count; i++)
            {
                var full = Path.GetFullPath(files[i].Path);
                try { File.Move(temporaries[i], full, overwrite: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OutputWriteException(full, e);
                }
                temporaries[i] = null!;
            }
        }
        finally
        {
            foreach (var t in temporaries)
                if (t is not null)
                    try { File.Delete(t); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
