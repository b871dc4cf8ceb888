using System.Globalization;

namespace Partitioner.Api.Limits;

/// <summary>
/// The memory and time one request or job may use, derived from its size before any work starts. Measured on this
/// service (peak resident memory of one evaluation, Release build): England's 7,500 practices with its outline take
/// about 90 MB over the idle process and 3–7 s; 12 practices in a 200,000-vertex boundary about 550 MB and 18–28 s at a
/// load average of 24 on 2 cores. The figures below cover those with room to spare.
/// </summary>
public readonly record struct WorkBudget(int Practices, int BoundaryVertices, long Bytes, TimeSpan Time)
{
    /// <summary>Memory every piece of work may use whatever its size (buffers, the solver's arrays, the documents).</summary>
    public const long BaseBytes = 64L * 1024 * 1024;

    /// <summary>Memory per practice (sites, cells, graph, plan layers).</summary>
    public const long BytesPerPractice = 24 * 1024;

    /// <summary>Memory per boundary vertex (the coverage's noded edges and the dissolved polygons).</summary>
    public const long BytesPerVertex = 3 * 1024;

    /// <summary>Time for the geography, evaluation and documents whatever the size, on a loaded machine.</summary>
    public static readonly TimeSpan BaseTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The budget of work on <paramref name="practices"/> practices in a boundary of <paramref name="boundaryVertices"/>
    /// vertices whose search may take <paramref name="solveSeconds"/>: the search's time plus the geometry's allowance.
    /// </summary>
    public static WorkBudget For(int practices, int boundaryVertices, double solveSeconds)
    {
        long bytes = BaseBytes + practices * BytesPerPractice + boundaryVertices * BytesPerVertex;
        var geometry = BaseTime + TimeSpan.FromMilliseconds(10.0 * practices + 0.5 * boundaryVertices);
        // The search, then the exact solver's stages a request may add (recombination, re-cuts of pairs, a proof), each
        // within the time limit.
        var time = geometry + TimeSpan.FromSeconds(Math.Max(0, solveSeconds) * 4);
        return new WorkBudget(practices, boundaryVertices, bytes, time);
    }

    /// <summary>Memory per recorded plan of an ensemble beyond its practice assignments (its statistics, chain and step).</summary>
    public const long BytesPerPlan = 256;

    /// <summary>
    /// Chain steps per second an ensemble job is allowed at the least: a tenth or less of what a chain does on a busy core
    /// (thousands to tens of thousands a second; tools/Partitioner.Bench), so only a job that has stopped making progress
    /// reaches its time.
    /// </summary>
    public const double MinEnsembleStepsPerSecond = 1_000;

    /// <summary>
    /// The budget of an ensemble of <paramref name="plans"/> plans over <paramref name="practices"/> practices taking
    /// <paramref name="steps"/> chain steps in all: the geometry's allowance, each plan's assignment at two bytes a practice
    /// (the rows are kept compressed, so this is an upper bound) and time for the steps at
    /// <see cref="MinEnsembleStepsPerSecond"/>.
    /// </summary>
    public static WorkBudget ForEnsemble(int practices, int boundaryVertices, int plans, long steps)
    {
        var geometry = For(practices, boundaryVertices, 0);
        long bytes = geometry.Bytes + plans * (2L * practices + BytesPerPlan);
        return new WorkBudget(practices, boundaryVertices, bytes, geometry.Time + TimeSpan.FromSeconds(steps / MinEnsembleStepsPerSecond));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Practices:N0} practices{(BoundaryVertices > 0 ? $" in a boundary of {BoundaryVertices:N0} vertices" : "")}: about {Megabytes(Bytes)} MB and {Time.TotalSeconds:N0} s");

    public static long Megabytes(long bytes) => (bytes + 1024 * 1024 - 1) / (1024 * 1024);
}
