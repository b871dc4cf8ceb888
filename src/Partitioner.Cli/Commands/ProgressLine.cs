using System.Diagnostics;

namespace Partitioner.Cli.Commands;

/// <summary>Shows progress on standard error: one line redrawn in place on a terminal, a line a second otherwise.</summary>
internal abstract class ProgressLine<T> : IProgress<T>, IDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private T _last = default!;
    private bool _any;
    private bool _finished;

    /// <summary>The progress as one line of text.</summary>
    protected abstract string Line(T value);

    public void Report(T value)
    {
        lock (_gate)
        {
            if (_finished) return;
            _last = value;
            _any = true;
            if (_terminal) Console.Error.Write($"\r  {Line(value)}   ");
            else if (_sinceLine.Elapsed >= TimeSpan.FromSeconds(1))
            {
                Console.Error.WriteLine($"  {Line(value)}");
                _sinceLine.Restart();
            }
        }
    }

    /// <summary>Ends the line (on a terminal) or writes the last state (otherwise); later reports are ignored.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            if (_any) Console.Error.WriteLine(_terminal ? "" : $"  {Line(_last)}");
        }
    }

    public void Dispose() => Finish();
}
