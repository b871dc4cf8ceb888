namespace Partitioner.Exact.Cbc;

/// <summary>
/// A mixed-integer linear program held in managed memory: named columns with bounds, objective
/// coefficients and integrality, and sparse rows <c>lower ≤ Σ a·x ≤ upper</c>. Load it into a
/// <see cref="CbcModel"/> to solve. Not thread-safe while being built.
/// </summary>
public sealed class LinearModel
{
    private readonly List<string> _names = new();
    private readonly List<double> _colLower = new();
    private readonly List<double> _colUpper = new();
    private readonly List<double> _objective = new();
    private readonly List<bool> _integer = new();
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly List<int> _rowStart = new() { 0 };
    private readonly List<int> _rowColumns = new();
    private readonly List<double> _rowValues = new();
    private readonly List<double> _rowLower = new();
    private readonly List<double> _rowUpper = new();

    /// <summary>Number of columns (variables).</summary>
    public int ColumnCount => _names.Count;

    /// <summary>Number of rows (constraints).</summary>
    public int RowCount => _rowLower.Count;

    /// <summary>Number of non-zero constraint coefficients.</summary>
    public int NonZeroCount => _rowColumns.Count;

    /// <summary>True to maximise the objective; minimises by default.</summary>
    public bool Maximise { get; set; }

    /// <summary>Adds a column and returns its index. Names must be unique (CBC's MIP start matches by name).</summary>
    public int AddColumn(string name, double lower, double upper, double objective, bool integer)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (lower > upper) throw new ArgumentException($"Column '{name}' has lower bound {lower} above upper bound {upper}.");
        int index = _names.Count;
        if (!_byName.TryAdd(name, index)) throw new ArgumentException($"Column name '{name}' is used twice.", nameof(name));
        _names.Add(name);
        _colLower.Add(lower);
        _colUpper.Add(upper);
        _objective.Add(objective);
        _integer.Add(integer);
        return index;
    }

    /// <summary>Adds a binary column (integer in [0, 1]).</summary>
    public int AddBinary(string name, double objective) => AddColumn(name, 0, 1, objective, integer: true);

    /// <summary>
    /// Adds the row <c>lower ≤ Σ coefficients[k]·x[columns[k]] ≤ upper</c>; use infinities for one-sided rows.
    /// Repeated columns are summed by CBC's loader, so callers should not repeat them.
    /// </summary>
    public void AddRow(ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, double lower, double upper)
    {
        if (columns.Length != coefficients.Length) throw new ArgumentException("One coefficient per column is required.");
        for (int k = 0; k < columns.Length; k++)
        {
            if ((uint)columns[k] >= (uint)_names.Count) throw new ArgumentOutOfRangeException(nameof(columns), $"Column {columns[k]} does not exist.");
            if (coefficients[k] == 0) continue;
            _rowColumns.Add(columns[k]);
            _rowValues.Add(coefficients[k]);
        }
        _rowStart.Add(_rowColumns.Count);
        _rowLower.Add(lower);
        _rowUpper.Add(upper);
    }

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int FindColumn(string name) => _byName.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The name of column <paramref name="column"/>.</summary>
    public string ColumnName(int column) => _names[column];

    /// <summary>Whether column <paramref name="column"/> is integer.</summary>
    public bool IsInteger(int column) => _integer[column];

    /// <summary>The objective coefficient of column <paramref name="column"/>.</summary>
    public double ObjectiveCoefficient(int column) => _objective[column];

    /// <summary>Converts to CBC's column-major arrays; infinite bounds become ±<see cref="double.MaxValue"/> (COIN_DBL_MAX).</summary>
    internal void ToColumnMajor(out int[] start, out int[] index, out double[] value,
        out double[] colLower, out double[] colUpper, out double[] objective, out double[] rowLower, out double[] rowUpper)
    {
        int nCols = _names.Count, nRows = _rowLower.Count, nz = _rowColumns.Count;
        start = new int[nCols + 1];
        for (int k = 0; k < nz; k++) start[_rowColumns[k] + 1]++;
        for (int c = 0; c < nCols; c++) start[c + 1] += start[c];
        index = new int[nz];
        value = new double[nz];
        var next = new int[nCols];
        Array.Copy(start, next, nCols);
        for (int r = 0; r < nRows; r++)
        {
            for (int k = _rowStart[r]; k < _rowStart[r + 1]; k++)
            {
                int pos = next[_rowColumns[k]]++;
                index[pos] = r;
                value[pos] = _rowValues[k];
            }
        }
        colLower = Finite(_colLower);
        colUpper = Finite(_colUpper);
        objective = _objective.ToArray();
        rowLower = Finite(_rowLower);
        rowUpper = Finite(_rowUpper);
    }

    private static double[] Finite(List<double> values)
    {
        var a = values.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsPositiveInfinity(a[i])) a[i] = double.MaxValue;
            else if (double.IsNegativeInfinity(a[i])) a[i] = double.MinValue;
            else if (double.IsNaN(a[i])) throw new InvalidOperationException("A bound is NaN.");
        }
        return a;
    }
}
