using System.Diagnostics;
using System.Reflection;

namespace Partitioner.Cli.Tests;

/// <summary>Runs the real partitioner command (the built CLI next to this test assembly) in a process.</summary>
internal static class CliRun
{
    public static string RepositoryRoot { get; } = typeof(CliRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public sealed record Output(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static Output Run(params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "partitioner.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(cli);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000)) { p.Kill(true); Assert.Fail("partitioner did not finish within 180 s"); }
        return new Output(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"partitioner-cli-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
