using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Partitioner.Core.Files;

namespace Partitioner.Core.Practices;

/// <summary>
/// The text of a CSV file's bytes: UTF-8, or, when they are not UTF-8 and carry no UTF-8 byte order mark, Windows-1252
/// (what Excel's "CSV (Comma delimited)" writes on English Windows), so "St John’s Surgery" keeps its apostrophe instead
/// of a replacement character.
/// </summary>
internal static class CsvEncoding
{
    private static readonly Lazy<Encoding> Windows1252 = new(() => CodePagesEncodingProvider.Instance.GetEncoding(1252)!);

    /// <summary>A reader over <paramref name="bytes"/> in their encoding; <paramref name="notUtf8At"/> is the offset of
    /// the first byte that is not UTF-8 when they were read as Windows-1252, else -1.</summary>
    public static TextReader Open(ArraySegment<byte> bytes, out int notUtf8At)
    {
        var span = bytes.AsSpan();
        notUtf8At = span.StartsWith(TextStart.ByteOrderMark) ? -1 : FirstInvalidUtf8(span);
        var encoding = notUtf8At < 0 ? Encoding.UTF8 : Windows1252.Value;
        return new StreamReader(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), encoding);
    }

    /// <summary>The file line (1-based) holding byte <paramref name="offset"/>.</summary>
    public static int LineOf(ArraySegment<byte> bytes, int offset) => 1 + bytes.AsSpan(0, offset).Count((byte)'\n');

    /// <summary>The offset of the first byte that does not begin a valid UTF-8 sequence, or -1 when all are valid.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        int at = 0;
        while (at < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[at..], out _, out int consumed) != OperationStatus.Done) return at;
            at += consumed;
        }
        return -1;
    }
}
