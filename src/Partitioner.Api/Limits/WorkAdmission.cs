using System.Globalization;
using Microsoft.Extensions.Options;
using Partitioner.Api.Errors;

namespace Partitioner.Api.Limits;

/// <summary>
/// Admits work within the service's limits before it starts: synchronous requests take one of
/// <see cref="PartitionerApiOptions.MaxConcurrentRequests"/> slots (429 when none frees within a moment) and get the
/// request deadline; every request and job reserves its <see cref="WorkBudget"/> of memory against
/// <see cref="LimitBytes"/> (413 when its budget alone is more; a request waits briefly, then 429, and a job waits
/// for room). The memory watch stops admitted work when the process passes the limit all the same.
/// </summary>
public sealed class WorkAdmission
{
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _slots;
    private readonly List<Work> _admitted = [];
    private readonly Lock _gate = new();
    private readonly PartitionerApiOptions _settings;
    private readonly ILogger<WorkAdmission> _logger;
    private long _reserved;

    public WorkAdmission(IOptions<PartitionerApiOptions> options, ILogger<WorkAdmission> logger)
    {
        _settings = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(_settings.EffectiveMaxConcurrentRequests);
        LimitBytes = _settings.EffectiveMaxMemoryBytes;
    }

    /// <summary>Memory the admitted work may use together, and the process may reach before the watch stops work.</summary>
    public long LimitBytes { get; }

    /// <summary>Memory reserved by admitted work now.</summary>
    public long ReservedBytes => Interlocked.Read(ref _reserved);

    /// <summary>Work admitted and not yet finished, oldest first.</summary>
    public IReadOnlyList<Work> Admitted { get { lock (_gate) return [.. _admitted]; } }

    /// <summary>
    /// Runs a synchronous request's work: takes a slot (429 when none frees soon), sets the request deadline and runs
    /// <paramref name="body"/> on the thread pool (see <see cref="Work.RunAsync"/>). The slot and the memory are returned
    /// when the body ends, even if the client was answered earlier.
    /// </summary>
    public async Task<T> RunRequestAsync<T>(string what, CancellationToken requestAborted, Func<Work, T> body)
    {
        if (!await _slots.WaitAsync(SlotWait, requestAborted))
            throw Busy($"{_settings.EffectiveMaxConcurrentRequests} requests are being worked on already");
        Work work;
        try { work = new Work(this, what, requestAborted, TimeSpan.FromSeconds(_settings.RequestTimeoutSeconds), holdsSlot: true); }
        catch
        {
            _slots.Release();
            throw;
        }
        return await work.RunAsync(body);
    }

    /// <summary>Starts a job's work (no slot: the workers bound jobs); its deadline comes from its budget.</summary>
    public Work BeginJob(string what, CancellationToken cancellation) => new(this, what, cancellation, null, holdsSlot: false);

    /// <summary>
    /// Refuses (413, <paramref name="title"/>) work whose budget alone is over the memory limit, saying what it needs and
    /// <paramref name="remedy"/>; checked at admission, and by the job intakes before a job is queued.
    /// </summary>
    public void CheckFits(string what, WorkBudget budget, string title = "Request too large for this service",
        string remedy = "Send fewer practices or a simpler boundary.")
    {
        if (budget.Bytes > LimitBytes)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, title,
                string.Create(CultureInfo.InvariantCulture, $"{what} needs {budget.Describe()}; this service allows {WorkBudget.Megabytes(LimitBytes)} MB of work at once (Partitioner:MaxMemoryMegabytes). {remedy}"));
    }

    /// <summary>Reserves <paramref name="budget"/>'s memory for <paramref name="work"/>, waiting for room when <paramref name="wait"/>.</summary>
    internal void Admit(Work work, WorkBudget budget, bool wait)
    {
        CheckFits(work.What, budget);
        var deadline = wait ? DateTime.MaxValue : DateTime.UtcNow + SlotWait;
        while (true)
        {
            lock (_gate)
            {
                if (work.Budget is null && _reserved + budget.Bytes <= LimitBytes)
                {
                    _reserved += budget.Bytes;
                    work.Budget = budget;
                    _admitted.Add(work);
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
                throw Busy(string.Create(CultureInfo.InvariantCulture, $"the work already admitted holds {WorkBudget.Megabytes(ReservedBytes)} of {WorkBudget.Megabytes(LimitBytes)} MB"));
            work.Token.WaitHandle.WaitOne(200);
            work.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Keeps the work's reservation until <paramref name="body"/> has ended, even when its caller was answered earlier.</summary>
    internal void Hold(Work work, Task body) => _ = body.ContinueWith(t => { _ = t.Exception; work.Dispose(); }, TaskScheduler.Default);

    internal void Release(Work work, bool holdsSlot)
    {
        lock (_gate)
        {
            if (work.Budget is { } b && _admitted.Remove(work)) _reserved -= b.Bytes;
        }
        if (holdsSlot) _slots.Release();
    }

    /// <summary>Stops the most recently admitted work (the memory watch's choice: older work was running within the limit before it came).</summary>
    internal Work? StopNewest(StopReason reason)
    {
        Work? newest;
        lock (_gate) newest = _admitted.LastOrDefault(w => w.StoppedBy == StopReason.None);
        if (newest is null) return null;
        _logger.LogWarning("Stopping {What} ({Reason}); it was admitted with {Budget}", newest.What, reason, newest.Budget?.Describe());
        newest.Stop(reason);
        return newest;
    }

    private static ApiProblemException Busy(string why) =>
        new(StatusCodes.Status429TooManyRequests, "The service is busy", $"The service is busy ({why}). Retry in a few seconds.") { RetryAfterSeconds = 5 };
}
