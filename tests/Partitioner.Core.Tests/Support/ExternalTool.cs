using System.Diagnostics;

namespace Partitioner.Core.Tests.Support;

/// <summary>Runs a real command-line tool (GDAL, QGIS) and returns what it printed.</summary>
internal static class ExternalTool
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static Output Run(string program, string debianPackage, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        if (!File.Exists(program))
            Assert.Fail($"{program} is not installed: run `apt-get install -y --no-install-recommends {debianPackage}` (tools/test.sh does this).");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within {timeoutSeconds} s.");
        }
        return new Output(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Environment for running QGIS headless.</summary>
    public static Dictionary<string, string> QgisEnvironment()
    {
        var runtime = Path.Combine(Path.GetTempPath(), $"partitioner-xdg-{Environment.ProcessId}");
        Directory.CreateDirectory(runtime);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string> { ["QT_QPA_PLATFORM"] = "offscreen", ["XDG_RUNTIME_DIR"] = runtime };
    }
}
