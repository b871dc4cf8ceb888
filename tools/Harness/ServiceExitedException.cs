namespace Partitioner.Harness;

/// <summary>The service exited while starting; the message holds its exit code and everything it wrote.</summary>
internal sealed class ServiceExitedException(int exitCode, string log)
    : InvalidOperationException($"The service exited with {exitCode} while starting:\n{log}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>What the service wrote before it exited.</summary>
    public string Log { get; } = log;
}
