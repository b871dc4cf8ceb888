using System.Diagnostics;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The time budget of one restart when the solve is scheduled by time (<see cref="SolverOptions.ScheduleByTime"/>): the
/// restart's share of the time limit, how much of it the current schedule may use, and the deadline of the closing
/// polish. Inactive (every answer "no limit") otherwise, so step-scheduled runs stay reproducible.
/// </summary>
internal sealed class RestartClock
{
    // Share of a restart's time kept for the closing polish (NeighbourRecut).
    private const double PolishReserve = 0.1;
    private long _scheduleStart, _restartStart, _share, _original, _polishDeadline;

    /// <summary>Starts the clock: with a time-scheduled solve, the restart's share is TimeLimit × workers / restarts.</summary>
    public void Start(SolverOptions o)
    {
        _scheduleStart = _restartStart = Stopwatch.GetTimestamp();
        if (!(o.ScheduleByTime && o.TimeLimit is { } limit)) return;
        int workers = Math.Max(1, Math.Min(o.MaxDegreeOfParallelism ?? Environment.ProcessorCount, o.Restarts));
        double share = limit.TotalSeconds * workers / o.Restarts * 0.98;
        // The schedules take PolishReserve less, so the closing polish has time before the share ends.
        _polishDeadline = _restartStart + Math.Max(1, (long)(share * Stopwatch.Frequency));
        _share = _original = Math.Max(1, (long)(share * (1 - PolishReserve) * Stopwatch.Frequency));
    }

    /// <summary>Whether schedules follow the clock.</summary>
    public bool ByTime => _share > 0;

    /// <summary>The share of the current schedule's time used (≥ 1: over); 0 when not scheduled by time.</summary>
    public double Progress() => _share > 0 ? (Stopwatch.GetTimestamp() - _scheduleStart) / (double)_share : 0;

    /// <summary>The next schedule gets <paramref name="share"/> of the restart's time share.</summary>
    public void NextPhase(double share)
    {
        _share = Math.Max(1, (long)(share * _original));
        _scheduleStart = Stopwatch.GetTimestamp();
    }

    /// <summary>The last schedule gets the rest of the restart's time share, at least half of it.</summary>
    public void LastPhase()
    {
        long now = Stopwatch.GetTimestamp();
        _share = Math.Max(_original / 2, _original - (now - _restartStart));
        _scheduleStart = now;
    }

    /// <summary>Whether the restart's share (polish included) is spent.</summary>
    public bool PolishOverdue => _polishDeadline > 0 && Stopwatch.GetTimestamp() > _polishDeadline;
}
