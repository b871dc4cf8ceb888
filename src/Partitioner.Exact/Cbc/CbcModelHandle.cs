using Microsoft.Win32.SafeHandles;

namespace Partitioner.Exact.Cbc;

/// <summary>Owns one native <c>Cbc_Model*</c>; released exactly once with <c>Cbc_deleteModel</c>.</summary>
internal sealed class CbcModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private static int s_live;

    /// <summary>Called by the P/Invoke marshaller for <c>Cbc_newModel</c>.</summary>
    public CbcModelHandle() : base(ownsHandle: true)
    {
    }

    /// <summary>Native models created and not yet freed in this process (for leak tests).</summary>
    internal static int LiveCount => Volatile.Read(ref s_live);

    internal void MarkCreated() => Interlocked.Increment(ref s_live);

    protected override bool ReleaseHandle()
    {
        lock (CbcNative.Gate) CbcNative.Cbc_deleteModel(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
