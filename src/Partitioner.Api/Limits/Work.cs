using System.Globalization;
using Partitioner.Api.Errors;

namespace Partitioner.Api.Limits;

/// <summary>
/// One request's or job's work under the service's limits: its cancellation (the caller's token, its deadline, the
/// memory watch), its admitted budget and why the service stopped it. Created by <see cref="WorkAdmission"/>; disposing
/// it returns its memory and concurrency to the service.
/// </summary>
public sealed class Work : IDisposable
{
    private readonly WorkAdmission _owner;
    private readonly CancellationTokenSource _cancellation;
    private readonly bool _holdsSlot;
    private CancellationTokenSource? _deadline;
    private int _reason;
    private int _disposed;

    internal Work(WorkAdmission owner, string what, CancellationToken outer, TimeSpan? deadline, bool holdsSlot)
    {
        _owner = owner;
        What = what;
        _holdsSlot = holdsSlot;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        if (deadline is { } d) SetDeadline(d);
    }

    /// <summary>What the work is, for messages and logs ("POST /v1/evaluations", "job 3f2…").</summary>
    public string What { get; }

    /// <summary>Cancelled when the caller's token is, when the deadline passes, or when the memory watch stops the work.</summary>
    public CancellationToken Token => _cancellation.Token;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>The longest deadline a timer can hold.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>The deadline in force, if any.</summary>
    public TimeSpan? Deadline { get; private set; }

    /// <summary>The budget admitted (null before <see cref="Admit"/>).</summary>
    public WorkBudget? Budget { get; internal set; }

    /// <summary>Why the service itself stopped the work (None when it did not).</summary>
    public StopReason StoppedBy => (StopReason)Volatile.Read(ref _reason);

    /// <summary>Reserves the work's memory budget (see <see cref="WorkAdmission.Admit"/>) and, unless a deadline is set, gives it the budget's time.</summary>
    public void Admit(WorkBudget budget, bool wait)
    {
        _owner.Admit(this, budget, wait);
        if (Deadline is null) SetDeadline(budget.Time);
    }

    /// <summary>A job's admission: its phase becomes "waiting for memory" while it waits for room for <paramref name="budget"/>.</summary>
    public void AdmitJob(WorkBudget budget, Action<string>? phase)
    {
        phase?.Invoke("waiting for memory");
        Admit(budget, wait: true);
    }

    /// <summary>Stops the work for <paramref name="reason"/>; the first reason given is kept.</summary>
    public void Stop(StopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None);
        try { _cancellation.Cancel(); } catch (ObjectDisposedException) { }
    }

    private void SetDeadline(TimeSpan deadline)
    {
        // A timer runs at most int.MaxValue ms (24.8 days); a longer budget is that long.
        if (deadline > MaxDeadline) deadline = MaxDeadline;
        Deadline = deadline;
        _deadline = new CancellationTokenSource(deadline);
        _deadline.Token.Register(() => Stop(StopReason.Deadline));
    }

    /// <summary>
    /// Runs <paramref name="body"/> (which checks <see cref="Token"/>) on the thread pool. When the service stops the work,
    /// the caller is answered at once (413, naming why); the work is disposed, returning its budget, once the body has
    /// noticed and ended.
    /// </summary>
    internal async Task<T> RunAsync<T>(Func<Work, T> body)
    {
        // Taken before the body starts: the work is disposed as soon as the body ends, perhaps before the await below.
        var token = Token;
        var task = Task.Run(() => body(this), CancellationToken.None);
        _owner.Hold(this, task);
        try
        {
            return await task.WaitAsync(token);
        }
        catch (OperationCanceledException) when (StoppedBy != StopReason.None)
        {
            throw Refusal();
        }
    }

    /// <summary>The problem a request stopped by the service answers with.</summary>
    public ApiProblemException Refusal() => StoppedBy switch
    {
        StopReason.Memory => new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Request too large for the memory available",
            string.Create(CultureInfo.InvariantCulture, $"{What} was stopped: the service's memory passed its limit ({WorkBudget.Megabytes(_owner.LimitBytes)} MB) while it ran") +
            (Budget is { } b ? $" (its budget: {b.Describe()})" : "") + ". Send fewer practices or a simpler boundary, or submit it as a job (POST /v1/jobs)."),
        _ => new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Request too large to finish in time",
            string.Create(CultureInfo.InvariantCulture, $"{What} did not finish within {Deadline?.TotalSeconds:N0} s, the limit of one request here") +
            (Budget is { } b2 ? $" (its size: {b2.Describe()})" : "") + ". Send fewer practices or a simpler boundary (fewer vertices), or submit it as a job (POST /v1/jobs)."),
    };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _owner.Release(this, _holdsSlot);
        _deadline?.Dispose();
        _cancellation.Dispose();
    }
}
