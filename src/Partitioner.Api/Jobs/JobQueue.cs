using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Partitioner.Api.Jobs;

/// <summary>
/// The bounded queue of job ids waiting for a worker. A submission that finds it full is refused (429) rather than
/// waiting; jobs recovered at start-up wait for room instead, so none is lost.
/// </summary>
public sealed class JobQueue(IOptions<PartitionerApiOptions> options)
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    public int Capacity { get; } = options.Value.QueueCapacity;

    /// <summary>Jobs waiting (not yet taken by a worker).</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Adds a job if there is room; false when the queue is full.</summary>
    public bool TryEnqueue(string id) => _channel.Writer.TryWrite(id);

    /// <summary>Adds a job, waiting for room (used for jobs recovered after a restart).</summary>
    public ValueTask EnqueueAsync(string id, CancellationToken ct) => _channel.Writer.WriteAsync(id, ct);

    public ValueTask<string> DequeueAsync(CancellationToken ct) => _channel.Reader.ReadAsync(ct);
}
