using System.Globalization;
using System.Runtime.InteropServices;

namespace Partitioner.Exact.Cbc;

/// <summary>
/// One native CBC model. Load a <see cref="LinearModel"/>, set options, <see cref="Solve"/> once, read
/// the answer, then dispose (the native model is freed exactly once, also by the finaliser if forgotten).
/// Not thread-safe. Every native call of every model is serialised process-wide on one lock, because CBC 2.10's
/// C interface is not reentrant: <c>Cbc_newModel</c> runs <c>CbcMain0</c> and <c>Cbc_solve</c> runs <c>CbcMain1</c>,
/// which share static state (concurrent models crashed the process in testing).
/// </summary>
public sealed class CbcModel : IDisposable
{
    private readonly CbcModelHandle _handle;
    private int _columnCount;
    private bool _solved;

    /// <summary>Creates an empty native model with logging off.</summary>
    /// <exception cref="CbcNotInstalledException">CBC is not installed.</exception>
    public CbcModel()
    {
        try
        {
            lock (CbcNative.Gate) _handle = CbcNative.Cbc_newModel();
        }
        catch (DllNotFoundException e)
        {
            throw new CbcNotInstalledException(e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new CbcNotInstalledException(e);
        }
        if (_handle.IsInvalid) throw new OutOfMemoryException("Cbc_newModel returned null.");
        _handle.MarkCreated();
        SetLogLevel(0);
    }

    /// <summary>Native models alive in this process (created and not yet freed).</summary>
    public static int LiveModelCount => CbcModelHandle.LiveCount;

    /// <summary>Number of columns loaded.</summary>
    public int ColumnCount => _columnCount;

    /// <summary>Loads <paramref name="model"/>: matrix, bounds, objective, sense, integrality, column names and row names r0, r1, ….</summary>
    public unsafe void Load(LinearModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfUnusable();
        if (_columnCount != 0) throw new InvalidOperationException("A CbcModel can be loaded once.");
        model.ToColumnMajor(out var start, out var index, out var value, out var colLower, out var colUpper,
            out var objective, out var rowLower, out var rowUpper);
        lock (CbcNative.Gate)
        {
            fixed (int* pStart = start, pIndex = index)
            fixed (double* pValue = value, pColLower = colLower, pColUpper = colUpper, pObj = objective, pRowLower = rowLower, pRowUpper = rowUpper)
            {
                CbcNative.Cbc_loadProblem(_handle, model.ColumnCount, model.RowCount, pStart, pIndex, pValue,
                    pColLower, pColUpper, pObj, pRowLower, pRowUpper);
            }
            _columnCount = model.ColumnCount;
            CbcNative.Cbc_setObjSense(_handle, model.Maximise ? -1.0 : 1.0);
            for (int c = 0; c < model.ColumnCount; c++)
            {
                if (model.IsInteger(c)) CbcNative.Cbc_setInteger(_handle, c);
                CbcNative.Cbc_setColName(_handle, c, model.ColumnName(c));
            }
            // Name rows too: CBC 2.10's final Clp presolve crashed (SIGSEGV) with named columns and unnamed rows.
            for (int r = 0; r < model.RowCount; r++)
                CbcNative.Cbc_setRowName(_handle, r, string.Create(CultureInfo.InvariantCulture, $"r{r}"));
        }
    }

    /// <summary>
    /// Gives CBC a starting solution by column name (non-zero integer columns suffice; CBC completes
    /// continuous ones by an LP). CBC checks it and ignores it when infeasible. Names and values are copied.
    /// </summary>
    public unsafe void SetMipStart(IReadOnlyList<string> columnNames, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(values);
        if (columnNames.Count != values.Count) throw new ArgumentException("One value per column name is required.");
        ThrowIfUnusable();
        int count = columnNames.Count;
        var names = new IntPtr[count];
        var vals = new double[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(columnNames[i]);
                vals[i] = values[i];
            }
            lock (CbcNative.Gate)
            {
                fixed (IntPtr* pNames = names)
                fixed (double* pVals = vals)
                {
                    CbcNative.Cbc_setMIPStart(_handle, count, pNames, pVals);
                }
            }
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                if (names[i] != IntPtr.Zero) Marshal.FreeCoTaskMem(names[i]);
            }
        }
    }

    /// <summary>Sets a CBC command-line parameter, e.g. ("ratioGap", "0.01") or ("threads", "1").</summary>
    public void SetParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfUnusable();
        lock (CbcNative.Gate) CbcNative.Cbc_setParameter(_handle, name, value);
    }

    /// <summary>Wall-clock limit for <see cref="Solve"/>, in seconds.</summary>
    public void SetMaximumSeconds(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        ThrowIfUnusable();
        lock (CbcNative.Gate)
        {
            CbcNative.Cbc_setMaximumSeconds(_handle, seconds);
            // Cbc_solve runs CbcMain1, which takes its limit from the "sec" parameter.
            CbcNative.Cbc_setParameter(_handle, "sec", seconds.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>CBC's log level: 0 silent (default here), 1 normal, higher for debugging.</summary>
    public void SetLogLevel(int level)
    {
        ThrowIfUnusable();
        lock (CbcNative.Gate)
        {
            CbcNative.Cbc_setLogLevel(_handle, level);
            CbcNative.Cbc_setParameter(_handle, "log", level.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Runs branch-and-cut. A model can be solved once (CBC's C interface does not support re-solves).</summary>
    public CbcStatus Solve()
    {
        ThrowIfUnusable();
        if (_solved) throw new InvalidOperationException("This CbcModel was already solved; build a new one.");
        _solved = true;
        lock (CbcNative.Gate) CbcNative.Cbc_solve(_handle);
        if (IsProvenOptimal) return CbcStatus.Optimal;
        if (IsProvenInfeasible) return CbcStatus.Infeasible;
        if (IsSecondsLimitReached) return CbcStatus.TimeLimit;
        return CbcStatus.Stopped;
    }

    /// <summary>CBC's raw status (-1 before solve, 0 finished, 1 stopped on limits, 2 difficulties, 5 user stop).</summary>
    public int RawStatus => Query(CbcNative.Cbc_status);

    /// <summary>CBC's secondary status (0 solution, 1 LP infeasible, 2 gap, 3 nodes, 4 time, ...).</summary>
    public int RawSecondaryStatus => Query(CbcNative.Cbc_secondaryStatus);

    /// <summary>Whether optimality was proven.</summary>
    public bool IsProvenOptimal => Query(CbcNative.Cbc_isProvenOptimal) != 0;

    /// <summary>Whether infeasibility was proven.</summary>
    public bool IsProvenInfeasible => Query(CbcNative.Cbc_isProvenInfeasible) != 0;

    /// <summary>Whether the time limit stopped the search.</summary>
    public bool IsSecondsLimitReached => Query(CbcNative.Cbc_isSecondsLimitReached) != 0;

    /// <summary>Objective of the best integer solution (meaningless without one; see <see cref="BestSolution"/>).</summary>
    public double ObjectiveValue
    {
        get
        {
            ThrowIfUnusable();
            lock (CbcNative.Gate) return CbcNative.Cbc_getObjValue(_handle);
        }
    }

    /// <summary>Best proven bound on the objective.</summary>
    public double BestPossibleObjectiveValue
    {
        get
        {
            ThrowIfUnusable();
            lock (CbcNative.Gate) return CbcNative.Cbc_getBestPossibleObjValue(_handle);
        }
    }

    /// <summary>A copy of the best integer solution, or null when CBC found none.</summary>
    public unsafe double[]? BestSolution()
    {
        ThrowIfUnusable();
        if (!_solved) return null;
        lock (CbcNative.Gate)
        {
            double* p = CbcNative.Cbc_bestSolution(_handle);
            if (p == null) return null;
            return new ReadOnlySpan<double>(p, _columnCount).ToArray();
        }
    }

    /// <summary>A copy of the current column values (after an LP-only model, the LP optimum), or null.</summary>
    public unsafe double[]? ColumnSolution() => CopyColumnArray(&CbcNative.Cbc_getColSolution);

    /// <summary>
    /// A copy of the reduced costs of the last LP CBC solved (for a model without integer columns, the LP optimum's),
    /// or null before <see cref="Solve"/>.
    /// </summary>
    public unsafe double[]? ReducedCosts() => CopyColumnArray(&CbcNative.Cbc_getReducedCost);

    /// <summary>Copies one of CBC's per-column arrays after a solve (null before one, or when CBC has none).</summary>
    private unsafe double[]? CopyColumnArray(delegate*<CbcModelHandle, double*> read)
    {
        ThrowIfUnusable();
        if (!_solved) return null;
        lock (CbcNative.Gate)
        {
            double* p = read(_handle);
            if (p == null) return null;
            int n = CbcNative.Cbc_getNumCols(_handle);
            return new ReadOnlySpan<double>(p, Math.Min(n, _columnCount)).ToArray();
        }
    }

    /// <summary>Frees the native model.</summary>
    public void Dispose() => _handle.Dispose();

    private int Query(Func<CbcModelHandle, int> call)
    {
        ThrowIfUnusable();
        lock (CbcNative.Gate) return call(_handle);
    }

    private void ThrowIfUnusable() => ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
}
