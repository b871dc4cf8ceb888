using System.Text.Json.Nodes;

namespace Partitioner.Core.Studies;

/// <summary>
/// What the exact solver answered: its plan (consortium of each practice, 0..<see cref="ConsortiumCount"/>−1; null when
/// it found none), a one-line <see cref="Summary"/> for a planner (status, time, gap) and the report section describing
/// the proof.
/// </summary>
public sealed record ExactAnswer(int[]? ConsortiumOf, int ConsortiumCount, string Summary, JsonObject Report);
