namespace Partitioner.Exact;

/// <summary>
/// The time limit of one exact solve, divided among its phases (listing candidates, LP bounds, cuts, branching, the integer
/// engines): each phase is granted a share of what is left and never more than what is left, so no floor on a phase's
/// time can carry the whole solve past its limit. <see cref="Deadline"/> is cancelled when the limit is reached; the
/// engines stop on it (CP-SAT, SCIP and GLOP are interrupted) and the listing loops check it, so a phase that overruns its
/// own grant is stopped at the limit too. Every grant is recorded (<see cref="Phases"/>). Thread-safe.
/// </summary>
internal sealed class TimeBudget : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly long _origin;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _parentDeadline;
    private readonly List<PhaseTime> _phases;
    private readonly TimeBudget? _parent;

    /// <summary>A budget of <paramref name="limit"/> from now on <paramref name="clock"/> (the system clock by default).</summary>
    public TimeBudget(TimeSpan limit, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Limit = limit > TimeSpan.Zero ? limit : TimeSpan.Zero;
        _started = _origin = _clock.GetTimestamp();
        _deadline = new CancellationTokenSource(Limit, _clock);
        _phases = [];
    }

    private TimeBudget(TimeBudget parent, TimeSpan limit)
    {
        _clock = parent._clock;
        Limit = limit > TimeSpan.Zero ? limit : TimeSpan.Zero;
        _started = _clock.GetTimestamp();
        _origin = parent._origin;
        _phases = parent._phases;
        _parent = parent;
        _deadline = new CancellationTokenSource(Limit, _clock);
        _parentDeadline = parent.Deadline.Register(_deadline.Cancel);
    }

    /// <summary>
    /// A budget for the steps of one phase: <paramref name="limit"/> (a grant of this budget) from now, cancelled at its
    /// own limit or this one's, its grants recorded with this budget's (times from the first budget's start).
    /// </summary>
    public TimeBudget Within(TimeSpan limit) => new(this, limit);

    /// <summary>The whole limit.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Time since the budget started.</summary>
    public TimeSpan Elapsed => _clock.GetElapsedTime(_started);

    /// <summary>Time left before the limit (and the limits of the budgets this one is within), never negative.</summary>
    public TimeSpan Left => LeftAt(_clock.GetTimestamp());

    private TimeSpan LeftAt(long now)
    {
        var left = Limit - _clock.GetElapsedTime(_started, now);
        if (_parent is not null)
        {
            var outer = _parent.LeftAt(now);
            if (outer < left) left = outer;
        }
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether less than <paramref name="least"/> is left (a phase needing that much should not start).</summary>
    public bool Below(TimeSpan least) => Left < least;

    /// <summary>Cancelled when the limit is reached.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>
    /// The time granted to <paramref name="phase"/>: <paramref name="share"/> (0–1) of what is left, at most
    /// <paramref name="cap"/> when given; zero once the limit is reached. Recorded in <see cref="Phases"/>.
    /// </summary>
    public TimeSpan Grant(string phase, double share = 1, TimeSpan? cap = null)
    {
        long now = _clock.GetTimestamp();
        var left = LeftAt(now);
        var granted = left * Math.Clamp(double.IsFinite(share) ? share : 0, 0, 1);
        if (cap is { } c && granted > c) granted = c > TimeSpan.Zero ? c : TimeSpan.Zero;
        lock (_phases) _phases.Add(new PhaseTime(phase, _clock.GetElapsedTime(_origin, now), granted, left));
        return granted;
    }

    /// <summary>Every grant so far, in order.</summary>
    public IReadOnlyList<PhaseTime> Phases
    {
        get
        {
            lock (_phases) return [.. _phases];
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _parentDeadline.Dispose();
        _deadline.Dispose();
    }
}
