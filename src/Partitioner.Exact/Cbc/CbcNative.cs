using System.Runtime.InteropServices;

namespace Partitioner.Exact.Cbc;

/// <summary>
/// Raw entry points of CBC's C interface (<c>Cbc_C_Interface.h</c>, CBC 2.10) in <c>libCbcSolver.so.3</c>.
/// Only the calls this project uses. <c>CoinBigIndex</c> is <c>int</c> in the Debian build.
/// Callers must go through <see cref="CbcModel"/>, which owns the handle and takes <see cref="Gate"/>.
/// </summary>
internal static unsafe partial class CbcNative
{
    internal const string LibraryName = "libCbcSolver.so.3";

    /// <summary>Serialises every native call: CBC 2.10's C interface keeps static state in CbcMain0/CbcMain1.</summary>
    internal static readonly Lock Gate = new();

    [LibraryImport(LibraryName)]
    internal static partial CbcModelHandle Cbc_newModel();

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_deleteModel(IntPtr model);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr Cbc_getVersion();

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_loadProblem(CbcModelHandle model, int numCols, int numRows,
        int* start, int* index, double* value, double* colLower, double* colUpper, double* obj,
        double* rowLower, double* rowUpper);

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_setObjSense(CbcModelHandle model, double sense);

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_setInteger(CbcModelHandle model, int column);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setColName(CbcModelHandle model, int column, string name);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setRowName(CbcModelHandle model, int row, string name);

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_setMIPStart(CbcModelHandle model, int count, IntPtr* colNames, double* colValues);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void Cbc_setParameter(CbcModelHandle model, string name, string value);

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_setMaximumSeconds(CbcModelHandle model, double seconds);

    [LibraryImport(LibraryName)]
    internal static partial void Cbc_setLogLevel(CbcModelHandle model, int level);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_solve(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_status(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_secondaryStatus(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_isProvenOptimal(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_isProvenInfeasible(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_isSecondsLimitReached(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial double Cbc_getObjValue(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial double Cbc_getBestPossibleObjValue(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial double* Cbc_bestSolution(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial double* Cbc_getColSolution(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial int Cbc_getNumCols(CbcModelHandle model);

    [LibraryImport(LibraryName)]
    internal static partial double* Cbc_getReducedCost(CbcModelHandle model);
}
