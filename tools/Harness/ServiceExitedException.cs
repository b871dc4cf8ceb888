namespace Partitioner.Harness;

/// <summary>The service exited while starting; the message holds its exit code and everything it wrote.</summary>
internal sealed class ServiceExitedException(int exitCode, string log)
    : InvalidOperationException($"The service exited with {exitCode} while starting:\n{log}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>What the service wrote before it exited.</summary>
    public string Log { get; } = log;

    /// <summary>Whether it exited because another process held its port (taken after the port was found free).</summary>
    public bool PortTaken => Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
