using System.Buffers.Binary;
using System.IO.Compression;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// One chain's recorded plans, compressed: each plan is a row of one 16-bit consortium number per practice, numbered
/// by first appearance in practice order (so equal plans give equal rows whatever the chain's labels), stored as the XOR
/// with the chain's previous row (a ReCom step changes two consortia, so rows are mostly zeros) and deflated. About
/// 20–100 times smaller than the raw rows.
/// </summary>
public sealed class AssignmentRows
{
    private AssignmentRows(int practices, int plans, byte[] deflated)
    {
        Practices = practices;
        Plans = plans;
        Deflated = deflated;
    }

    /// <summary>Practices per row.</summary>
    public int Practices { get; }

    /// <summary>Rows (recorded plans).</summary>
    public int Plans { get; }

    /// <summary>The compressed rows.</summary>
    public byte[] Deflated { get; }

    /// <summary>Wraps compressed rows read from a file.</summary>
    public static AssignmentRows FromDeflated(int practices, int plans, byte[] deflated) => new(practices, plans, deflated);

    /// <summary>Decompresses the rows in order, calling <paramref name="row"/> with each plan's consortium numbers
    /// (0..count−1, by first appearance). The array is reused between calls.</summary>
    public void ForEach(Action<int, int[]> row)
    {
        using var source = new DeflateStream(new MemoryStream(Deflated), CompressionMode.Decompress);
        var bytes = new byte[Practices * 2];
        var current = new int[Practices];
        for (int p = 0; p < Plans; p++)
        {
            source.ReadExactly(bytes);
            for (int i = 0; i < Practices; i++) current[i] ^= BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i));
            row(p, current);
        }
    }

    /// <summary>Builds the rows of one chain as it records (not thread-safe; one per chain).</summary>
    internal sealed class Writer
    {
        private readonly MemoryStream _buffer = new();
        private readonly DeflateStream _deflate;
        private readonly int[] _map, _previous;
        private readonly byte[] _bytes;
        private int _plans;

        public Writer(int practices, int consortia)
        {
            _deflate = new DeflateStream(_buffer, CompressionLevel.Fastest, leaveOpen: true);
            _map = new int[consortia];
            _previous = new int[practices];
            _bytes = new byte[practices * 2];
            Canonical = new int[practices];
        }

        /// <summary>The last appended plan, numbered by first appearance.</summary>
        public int[] Canonical { get; }

        /// <summary>Appends a plan (any labels 0..consortia−1).</summary>
        public void Append(int[] assign)
        {
            Array.Fill(_map, -1);
            int next = 0;
            for (int i = 0; i < Canonical.Length; i++)
            {
                int c = assign[i];
                if (_map[c] < 0) _map[c] = next++;
                Canonical[i] = _map[c];
                BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(2 * i), (ushort)(Canonical[i] ^ _previous[i]));
            }
            Array.Copy(Canonical, _previous, Canonical.Length);
            _deflate.Write(_bytes);
            _plans++;
        }

        public AssignmentRows Finish()
        {
            _deflate.Dispose();
            return new AssignmentRows(_previous.Length, _plans, _buffer.ToArray());
        }
    }
}
