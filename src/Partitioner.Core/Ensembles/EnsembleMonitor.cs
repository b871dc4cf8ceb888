using System.Diagnostics;

namespace Partitioner.Core.Ensembles;

/// <summary>Shared by the chains of one run: the clock, counts for progress, and the progress sink (called under a lock,
/// at most every interval). Never influences a chain.</summary>
internal sealed class EnsembleMonitor(EnsembleOptions options, int wanted, CancellationToken token)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _recorded, _started;
    private long _steps;
    private TimeSpan _last = TimeSpan.MinValue;

    public CancellationToken Token { get; } = token;
    public TimeSpan Elapsed => _clock.Elapsed;

    public void ChainStarted()
    {
        lock (_gate) { _started++; Report(true); }
    }

    public void Recorded(int plans, long steps)
    {
        lock (_gate)
        {
            _recorded += plans;
            _steps += steps;
            Report(false);
        }
    }

    private void Report(bool force)
    {
        if (options.Progress is not { } sink) return;
        var now = _clock.Elapsed;
        if (!force && now - _last < options.ProgressInterval) return;
        _last = now;
        sink.Report(new EnsembleProgress(now, _recorded, wanted, _steps, _started));
    }
}
