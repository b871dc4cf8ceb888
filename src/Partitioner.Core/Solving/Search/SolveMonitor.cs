using System.Diagnostics;
using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// Shared by the restarts of one solve: the clock, stop signals, totals for progress reports and the best-score
/// history. Only touched every few thousand steps, under a lock; it never influences a restart's search.
/// </summary>
internal sealed class SolveMonitor
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan? _timeLimit;
    private readonly IProgress<SolveProgress>? _progress;
    private readonly TimeSpan _interval;
    private readonly List<ScoreSnapshot> _history = new();
    private TimeSpan _lastReport;
    private bool _reported;
    private long _steps;
    private int _restartsDone;
    private double _bestObj = double.NaN, _bestViol = double.PositiveInfinity;

    public SolveMonitor(SolverOptions options, CancellationToken ct)
    {
        _timeLimit = options.TimeLimit;
        _progress = options.Progress;
        _interval = options.ProgressInterval;
        Token = ct;
    }

    public CancellationToken Token { get; }
    public TimeSpan Elapsed => _clock.Elapsed;
    public TimeSpan? FirstPlan { get; private set; }
    public TimeSpan? FirstValid { get; private set; }
    public volatile bool TimedOut;

    /// <summary>True when the search must stop now (cancelled or out of time).</summary>
    public bool ShouldStop()
    {
        if (Token.IsCancellationRequested) return true;
        if (_timeLimit is { } limit && _clock.Elapsed >= limit) { TimedOut = true; return true; }
        return false;
    }

    public void PlanBuilt()
    {
        lock (_gate) FirstPlan ??= _clock.Elapsed;
    }

    /// <summary>Reports a restart's new best plan (for the history) and adds its steps since the last call.</summary>
    public void Report(int restart, long newSteps, double obj, double viol, bool improved)
    {
        lock (_gate)
        {
            _steps += newSteps;
            var now = _clock.Elapsed;
            if (improved && new Score(viol, obj).IsBetterThan(new Score(_bestViol, _bestObj)))
            {
                _bestObj = obj;
                _bestViol = viol;
                if (new Score(viol, obj).MeetsRules) FirstValid ??= now;
                _history.Add(new ScoreSnapshot(now, restart, obj, viol));
            }
            MaybeProgress(now, false);
        }
    }

    public void RestartDone()
    {
        lock (_gate)
        {
            _restartsDone++;
            MaybeProgress(_clock.Elapsed, true);
        }
    }

    public IReadOnlyList<ScoreSnapshot> History()
    {
        lock (_gate) return _history.ToArray();
    }

    private void MaybeProgress(TimeSpan now, bool force)
    {
        if (_progress is null) return;
        if (!force && _reported && now - _lastReport < _interval) return;
        _lastReport = now;
        _reported = true;
        _progress.Report(new SolveProgress(now, _steps, _restartsDone, _bestObj, _bestViol, FirstValid is not null));
    }
}
