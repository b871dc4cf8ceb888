using System.Diagnostics;
using Partitioner.Core.Ensembles;

namespace Partitioner.Cli.Commands;

/// <summary>Shows ensemble progress on standard error: a line redrawn in place on a terminal, a line a second otherwise.</summary>
internal sealed class EnsembleProgressDisplay : IProgress<EnsembleProgress>, IDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private EnsembleProgress? _last;
    private bool _finished;

    public void Report(EnsembleProgress value)
    {
        lock (_gate)
        {
            if (_finished) return;
            _last = value;
            if (_terminal) Console.Error.Write($"\r  {Line(value)}   ");
            else if (_sinceLine.Elapsed >= TimeSpan.FromSeconds(1))
            {
                Console.Error.WriteLine($"  {Line(value)}");
                _sinceLine.Restart();
            }
        }
    }

    private static string Line(EnsembleProgress p) =>
        $"{p.Elapsed.TotalSeconds,6:0.0}s  chains started {p.ChainsStarted}  plans {p.PlansRecorded:N0} of {p.PlansWanted:N0}  steps {p.Steps:N0}";

    public void Finish()
    {
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            if (_last is { } p) Console.Error.WriteLine(_terminal ? "" : $"  {Line(p)}");
        }
    }

    public void Dispose() => Finish();
}
