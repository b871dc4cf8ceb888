using System.Runtime.InteropServices;

namespace Partitioner.Exact.Cbc;

/// <summary>Whether the native CBC library can be used in this process.</summary>
public static class CbcLibrary
{
    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>File name of the CBC C-interface library that is loaded.</summary>
    public const string LibraryName = CbcNative.LibraryName;

    /// <summary>True when <c>libCbcSolver.so.3</c> loads and exports the C interface. Never throws.</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>CBC's version string, e.g. "2.10.8".</summary>
    /// <exception cref="CbcNotInstalledException">CBC is not installed.</exception>
    public static string Version
    {
        get
        {
            EnsureAvailable();
            return Marshal.PtrToStringUTF8(CbcNative.Cbc_getVersion()) ?? "";
        }
    }

    /// <summary>Throws <see cref="CbcNotInstalledException"/> unless <see cref="IsAvailable"/>.</summary>
    public static void EnsureAvailable()
    {
        if (IsAvailable) return;
        try
        {
            // Repeat the load to surface the loader's own reason in the inner exception.
            NativeLibrary.Free(NativeLibrary.Load(LibraryName, typeof(CbcLibrary).Assembly, null));
            throw new DllNotFoundException($"{LibraryName} loaded but does not export Cbc_newModel.");
        }
        catch (DllNotFoundException e)
        {
            throw new CbcNotInstalledException(e);
        }
    }

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(LibraryName, typeof(CbcLibrary).Assembly, null, out var lib)) return false;
        try
        {
            return NativeLibrary.TryGetExport(lib, "Cbc_newModel", out _)
                && NativeLibrary.TryGetExport(lib, "Cbc_bestSolution", out _);
        }
        finally
        {
            NativeLibrary.Free(lib);
        }
    }
}
