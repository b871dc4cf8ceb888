namespace Partitioner.Api.Limits;

/// <summary>How much memory the process holds (its resident set); a test gives its own reading.</summary>
public sealed class ResidentMemory(Func<long>? read = null)
{
    public long Bytes => read?.Invoke() ?? Environment.WorkingSet;
}
