using System.Text.Json.Nodes;

namespace Partitioner.Core.Studies;

/// <summary>
/// What the exact solver answered: its plan (consortium of each practice, 0..<see cref="ConsortiumCount"/>−1; null when
/// it found none), a one-line <see cref="Summary"/> for a planner (status, time, gap) and the report section describing
/// the proof.
/// </summary>
public sealed record ExactAnswer(int[]? ConsortiumOf, int ConsortiumCount, string Summary, JsonObject Report)
{
    /// <summary>What is proven about the count (no plan has fewer consortia with "fewest"), when the solve proved anything; as the report's <c>count_bound</c>.</summary>
    public int? CountBound { get; init; }
}
