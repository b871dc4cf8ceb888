using System.Diagnostics;
using Partitioner.Core.Solving;

namespace Partitioner.Cli.Commands;

/// <summary>Shows solver progress on standard error: a bar redrawn in place on a terminal, plain lines otherwise.</summary>
internal sealed class ProgressDisplay : IProgress<SolveProgress>, IDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private readonly object _gate = new();
    private SolveProgress? _last;
    private bool _finished;

    public void Report(SolveProgress value)
    {
        lock (_gate)
        {
            if (_finished) return;
            _last = value;
            if (_terminal)
            {
                Console.Error.Write($"\r  {Line(value)}   ");
            }
            else if (_sinceLine.Elapsed >= TimeSpan.FromSeconds(1))
            {
                Console.Error.WriteLine($"  {Line(value)}");
                _sinceLine.Restart();
            }
        }
    }

    private static string Line(SolveProgress p)
    {
        string score = double.IsFinite(p.BestScore) ? p.BestScore.ToString("0.###") : "–";
        return $"{p.Elapsed.TotalSeconds,6:0.0}s  steps {p.Steps,12:N0}  restarts done {p.RestartsCompleted}  best {score}  {(p.FeasibleFound ? "feasible" : "not feasible yet")}";
    }

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
