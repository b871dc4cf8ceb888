namespace Partitioner.Bench;

/// <summary>The machine's load average, printed beside every figure (the machines are shared).</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average, or "?" where the system does not report it.</summary>
    public static string OneMinute() => Fields() is { } f ? f[0] : "?";

    /// <summary>The 1-, 5- and 15-minute load averages, or "n/a" where the system does not report them.</summary>
    public static string Averages() => Fields() is { } f ? string.Join(' ', f.Take(3)) : "n/a";

    private static string[]? Fields() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : null;
}
