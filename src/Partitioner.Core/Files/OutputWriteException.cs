namespace Partitioner.Core.Files;

/// <summary>
/// An output file could not be written (disk full, no permission, or a layer that could not be drawn).
/// The file named in <see cref="Path"/> was left as it was; no truncated file remains.
/// </summary>
public sealed class OutputWriteException : Exception
{
    public OutputWriteException(string path, Exception inner)
        : base($"Could not write {path}: {inner.Message} Nothing was written in its place; check the folder can be written to and has space, and try again.", inner)
    {
        Path = path;
    }

    /// <summary>The file that could not be written.</summary>
    public string Path { get; }
}
