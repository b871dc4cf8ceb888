using System.IO.Compression;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// One sampled chain of an ensemble (<see cref="EnsembleSampler.SampleChain"/>): its records, compressed plans, hashes,
/// co-assignment counts and counters, as bytes to move between machines (<see cref="ToBytes"/>, <see cref="FromBytes"/>)
/// without changing a value. A pure function of (study, options, chain index).
/// </summary>
public sealed class EnsembleChain
{
    private const int Format = 1;

    internal EnsembleChain(ChainOutcome outcome) => Outcome = outcome;

    internal ChainOutcome Outcome { get; }

    /// <summary>The chain's index (0-based).</summary>
    public int Chain => Outcome.Chain;

    /// <summary>Plans it recorded.</summary>
    public int Plans => Outcome.RecordSteps.Length;

    /// <summary>Chain steps it took after its start.</summary>
    public long Steps => Outcome.Steps;

    /// <summary>The chain as bytes (deflated); <see cref="FromBytes"/> reads them back to the same chain.</summary>
    public byte[] ToBytes()
    {
        var o = Outcome;
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true)))
        {
            w.Write(Format);
            w.Write(o.Chain);
            w.Write(o.Columns.Length);
            foreach (var column in o.Columns)
            {
                w.Write(column.Length);
                foreach (double v in column) w.Write(v);
            }
            w.Write(o.RecordSteps.Length);
            foreach (long s in o.RecordSteps) w.Write(s);
            w.Write(o.Rows.Practices);
            w.Write(o.Rows.Plans);
            w.Write(o.Rows.Deflated.Length);
            w.Write(o.Rows.Deflated);
            w.Write(o.Hashes.Length);
            foreach (ulong h in o.Hashes) w.Write(h);
            w.Write(o.Together.Length);
            foreach (int t in o.Together) w.Write(t);
            w.Write(o.Steps);
            w.Write(o.Proposals);
            w.Write(o.Accepted);
            w.Write(o.WalkSteps);
            w.Write(o.StartSteps);
            w.Write(o.StartTime.Ticks);
            w.Write(o.SamplingTime.Ticks);
        }
        return buffer.ToArray();
    }

    /// <summary>A chain written by <see cref="ToBytes"/>. Throws <see cref="InvalidDataException"/> for other bytes.</summary>
    public static EnsembleChain FromBytes(byte[] bytes)
    {
        using var r = new BinaryReader(new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress));
        if (r.ReadInt32() != Format) throw new InvalidDataException("Not a chain of this version.");
        int chain = r.ReadInt32();
        var columns = new double[r.ReadInt32()][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[r.ReadInt32()];
            for (int i = 0; i < columns[c].Length; i++) columns[c][i] = r.ReadDouble();
        }
        var steps = new long[r.ReadInt32()];
        for (int i = 0; i < steps.Length; i++) steps[i] = r.ReadInt64();
        int practices = r.ReadInt32(), plans = r.ReadInt32();
        var rows = AssignmentRows.FromDeflated(practices, plans, r.ReadBytes(r.ReadInt32()));
        var hashes = new ulong[r.ReadInt32()];
        for (int i = 0; i < hashes.Length; i++) hashes[i] = r.ReadUInt64();
        var together = new int[r.ReadInt32()];
        for (int i = 0; i < together.Length; i++) together[i] = r.ReadInt32();
        return new EnsembleChain(new ChainOutcome
        {
            Chain = chain, Columns = columns, RecordSteps = steps, Rows = rows, Hashes = hashes, Together = together,
            Steps = r.ReadInt64(), Proposals = r.ReadInt64(), Accepted = r.ReadInt64(), WalkSteps = r.ReadInt64(), StartSteps = r.ReadInt64(),
            StartTime = TimeSpan.FromTicks(r.ReadInt64()), SamplingTime = TimeSpan.FromTicks(r.ReadInt64()),
        });
    }
}
