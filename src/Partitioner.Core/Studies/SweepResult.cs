using Partitioner.Core.Bounds;

namespace Partitioner.Core.Studies;

/// <summary>A sweep's trade-off table: one row per band, tightest last, with the proven bound the bands run down to.</summary>
/// <param name="Rows">The bands solved, in the order asked.</param>
/// <param name="Bounds">The balance bounds under the request's size rules.</param>
/// <param name="HasCouncils">Whether the study has councils (the coterminosity columns are filled).</param>
/// <param name="Seconds">Time for the whole sweep.</param>
public sealed record SweepResult(IReadOnlyList<SweepRow> Rows, BandBounds Bounds, bool HasCouncils, double Seconds);
