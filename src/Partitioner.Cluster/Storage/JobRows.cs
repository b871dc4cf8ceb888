using System.Data.Common;
using System.Globalization;

namespace Partitioner.Cluster.Storage;

/// <summary>
/// The one way of reading a job row into a <see cref="JobRecord"/>, for the embedded SQLite store and the cluster's
/// PostgreSQL store alike: both tables have these columns under the same names, and both select them with
/// <see cref="Columns"/> so the reader's positions hold.
/// </summary>
public static class JobRows
{
    /// <summary>
    /// The select list of a job row, for a jobs table aliased <c>j</c>; <paramref name="resultsTable"/> is the table of
    /// result documents keyed by <c>job_id</c>.
    /// </summary>
    public static string Columns(string resultsTable) => $"""
        j.id, j.state, j.created_at, j.started_at, j.finished_at, j.parameters_json, j.practice_count, j.progress_json,
        j.errors_json, j.summary_json, j.message, j.attempts, j.cancel_requested,
        EXISTS (SELECT 1 FROM {resultsTable} r WHERE r.job_id = j.id)
        """;

    /// <summary>The job on the reader's current row, selected with <see cref="Columns"/>.</summary>
    public static JobRecord Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        State = JobStateNames.Parse(r.GetString(1)),
        CreatedAt = Time(r, 2),
        StartedAt = r.IsDBNull(3) ? null : Time(r, 3),
        FinishedAt = r.IsDBNull(4) ? null : Time(r, 4),
        ParametersJson = r.GetString(5),
        PracticeCount = r.GetInt32(6),
        ProgressJson = Text(r, 7),
        ErrorsJson = Text(r, 8),
        SummaryJson = Text(r, 9),
        Message = Text(r, 10),
        Attempts = r.GetInt32(11),
        CancelRequested = r.GetBoolean(12),
        HasResult = r.GetBoolean(13),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // SQLite keeps times as round-trip ISO 8601 text; PostgreSQL as timestamptz.
    private static DateTimeOffset Time(DbDataReader r, int i) => r.GetFieldType(i) == typeof(string)
        ? DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture)
        : r.GetFieldValue<DateTimeOffset>(i);
}
