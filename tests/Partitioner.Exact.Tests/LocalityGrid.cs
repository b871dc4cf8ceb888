using Partitioner.Core.Solving;

namespace Partitioner.Exact.Tests;

/// <summary>A small locality instance with its brute-forced best plan (see <see cref="LocalityGrids.Localities"/>).</summary>
internal sealed record LocalityGrid(Problem Problem, SetPartitionModel Model, int[] Plan, double Optimum)
{
    public int Fewest => Plan.Max() + 1;
}
