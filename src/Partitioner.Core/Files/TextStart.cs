namespace Partitioner.Core.Files;

/// <summary>
/// Where a text document's content begins: past a UTF-8 byte order mark and leading spaces, tabs and line breaks. Its
/// first byte tells a JSON document ('{' or '[') from a table.
/// </summary>
public static class TextStart
{
    /// <summary>The UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The offset of the first content byte of <paramref name="bytes"/>, or its length when it holds none.</summary>
    public static int Of(ReadOnlySpan<byte> bytes)
    {
        int at = bytes.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        while (at < bytes.Length && bytes[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') at++;
        return at;
    }

    /// <summary>The first content byte of <paramref name="bytes"/>, or -1 when it holds none.</summary>
    public static int FirstByte(ReadOnlySpan<byte> bytes)
    {
        int at = Of(bytes);
        return at < bytes.Length ? bytes[at] : -1;
    }
}
