using Partitioner.Core.Rules;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The best plan of one schedule, kept as an undo log from the current state: while the search wanders from its best
/// plan, each move that leaves it records what it changed, so leaving the best costs O(1) per move and the best plan is
/// written out (<see cref="Materialise"/>) only when needed or when the log grows past the number of practices.
/// </summary>
internal sealed class BestPlanLog
{
    private readonly PartitionState _st;
    private readonly int _n;
    private readonly int[] _best, _logV, _logL;
    private int _logLen;
    private bool _logging;

    public BestPlanLog(PartitionState state, int practices)
    {
        _st = state;
        _n = practices;
        _best = new int[practices];
        _logV = new int[2 * practices + 16];
        _logL = new int[2 * practices + 16];
    }

    /// <summary>The best plan's labels (current after <see cref="Materialise"/>, or when the log is off).</summary>
    public int[] Best => _best;

    /// <summary>The best plan's objective and violation.</summary>
    public double Objective { get; private set; }
    public double Violation { get; private set; }

    /// <summary>Step of the last improvement, and whether one happened since the last progress report.</summary>
    public long LastImprovement { get; set; }
    public bool ImprovedSinceReport { get; set; }

    /// <summary>Whether the current plan is the best one plus logged moves (false: <see cref="Best"/> is written out).</summary>
    public bool Logging => _logging;

    /// <summary>Logged entries (for undoing a compound move that was rejected: <see cref="Truncate"/>).</summary>
    public int Length => _logLen;

    /// <summary>Starts a schedule from the current plan: it is the best, and the log is empty.</summary>
    public void StartFromCurrent()
    {
        Objective = _st.Objective;
        Violation = _st.Violation;
        _logging = true;
        _logLen = 0;
    }

    /// <summary>Whether a plan with this objective and violation would be better than the best (<see cref="Score"/>).</summary>
    public bool Improves(double objective, double violation) => new Score(violation, objective).IsBetterThan(new Score(Violation, Objective));

    /// <summary>Records that practice <paramref name="v"/> leaves consortium <paramref name="label"/> (before a move that is not an improvement).</summary>
    public void Record(int v, int label)
    {
        if (!_logging) return;
        _logV[_logLen] = v;
        _logL[_logLen] = label;
        _logLen++;
    }

    /// <summary>After a move: an improvement makes the current plan the best (step <paramref name="step"/>); otherwise a
    /// log longer than the plan is written out.</summary>
    public void Moved(bool better, long step)
    {
        if (better)
        {
            Objective = _st.Objective;
            Violation = _st.Violation;
            LastImprovement = step;
            ImprovedSinceReport = true;
            _logging = true;
            _logLen = 0;
        }
        else if (_logging && _logLen > _n) Materialise();
    }

    /// <summary>Forgets entries logged after <paramref name="length"/> (a rejected compound move undone by hand).</summary>
    public void Truncate(int length) => _logLen = length;

    /// <summary>Writes the best plan into <see cref="Best"/>: the current plan with the logged moves undone, newest first.</summary>
    public void Materialise()
    {
        Array.Copy(_st.Assign, _best, _n);
        for (int i = _logLen - 1; i >= 0; i--) _best[_logV[i]] = _logL[i];
        _logging = false;
        _logLen = 0;
    }
}
