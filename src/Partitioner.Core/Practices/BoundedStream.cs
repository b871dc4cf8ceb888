using System.Globalization;

namespace Partitioner.Core.Practices;

/// <summary>A read-only view of a stream that refuses to read more than a number of bytes, so a reader's memory is bounded by its input limit.</summary>
internal sealed class BoundedStream(Stream inner, long maxBytes, string what = "practices file") : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _read += n;
        if (_read > maxBytes) throw TooLarge(maxBytes, what);
        return n;
    }

    /// <summary>Reads the whole stream into memory, at most <paramref name="maxBytes"/> bytes, without copying it twice.</summary>
    public static ArraySegment<byte> ReadAll(Stream stream, long maxBytes, string what = "practices file")
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > maxBytes) throw TooLarge(maxBytes, what);
            var exact = new byte[remaining];
            int read = 0, n;
            while (read < exact.Length && (n = stream.Read(exact, read, exact.Length - read)) > 0) read += n;
            if (read == exact.Length && stream.ReadByte() < 0) return new ArraySegment<byte>(exact, 0, read);
            // The stream grew while it was read: fall back to reading it as a sequence.
            var rest = new MemoryStream();
            rest.Write(exact, 0, read);
            new BoundedStream(stream, maxBytes - read, what).CopyTo(rest);
            return rest.TryGetBuffer(out var all) ? all : rest.ToArray();
        }
        var buffer = new MemoryStream();
        new BoundedStream(stream, maxBytes, what).CopyTo(buffer);
        return buffer.TryGetBuffer(out var segment) ? segment : buffer.ToArray();
    }

    public static InputException TooLarge(long maxBytes, string what = "practices file") =>
        new("input", "(file)", null, string.Create(CultureInfo.InvariantCulture,
            $"The input is larger than {maxBytes / (1024.0 * 1024):0.#} MiB, the limit for one {what}. ") +
            (what == "practices file" ? "A file of every English practice is under 5 MB: check it holds one record per practice." : "Simplify it (e.g. QGIS Simplify, or a generalised ONS boundary) and try again."))
        { ExceedsLimit = true };

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
