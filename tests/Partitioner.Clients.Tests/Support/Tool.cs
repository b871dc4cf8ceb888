using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Partitioner.Clients.Tests.Support;

/// <summary>The output of one run of an external tool.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything a failure message needs: the command, its exit code, stdout and stderr.</summary>
    public override string ToString() =>
        $"`{Command}` exited with {ExitCode}.\n--- stdout ---\n{Tail(StandardOutput)}\n--- stderr ---\n{Tail(StandardError)}";

    /// <summary>Fails the test with the tool's output unless it exited with 0.</summary>
    public ToolResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, ToString());
        return this;
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "...\n" + text[^6000..];
}

/// <summary>
/// Runs the command-line clients (Jupyter, QGIS, GDAL) that users run. They come from Debian packages; when one is
/// missing the test fails and says which package to install: CI installs them, so these tests are never skipped.
/// </summary>
public static class Tool
{
    public const string Python = "/usr/bin/python3";
    public const string QgisProcess = "/usr/bin/qgis_process.bin";

    /// <summary>Runs a tool to completion (killing it after <paramref name="timeout"/>).</summary>
    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string aptPackages, TimeSpan timeout,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var command = fileName + " " + string.Join(' ', start.ArgumentList);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start `{command}`.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not run `{command}` ({e.Message}). Install it with: sudo apt-get install {aptPackages}", e);
        }

        using (process)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail($"`{command}` did not finish within {timeout.TotalSeconds:0} s.\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
            }
            process.WaitForExit(); // flushes the asynchronous output readers
            return new ToolResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }

    /// <summary>Fails with the apt-get line to run when a tool's file is not there.</summary>
    public static void Require(string path, string aptPackages)
    {
        if (!File.Exists(path))
            Assert.Fail($"{path} is missing: these tests run the real client tools. Install them with: sudo apt-get install {aptPackages}");
    }

    /// <summary>Fails with the apt-get line to run when a Python module cannot be imported by /usr/bin/python3.</summary>
    public static async Task RequirePythonModulesAsync(string modules, string aptPackages, IDictionary<string, string>? environment = null)
    {
        Require(Python, "python3");
        var result = await RunAsync(Python, ["-c", $"import {modules}"], aptPackages, TimeSpan.FromSeconds(60), environment);
        if (result.ExitCode != 0)
            Assert.Fail($"/usr/bin/python3 cannot import {modules}. Install them with: sudo apt-get install {aptPackages}\n{result}");
    }

    /// <summary>Settings Qt/QGIS need to run without a display: offscreen platform and a private runtime dir.</summary>
    public static Dictionary<string, string> HeadlessQt(string scratch)
    {
        var runtime = Path.Combine(scratch, "xdg-runtime");
        Directory.CreateDirectory(runtime);
        if (!OperatingSystem.IsWindows()) // Qt refuses a runtime dir other users can read
            File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string>
        {
            ["QT_QPA_PLATFORM"] = "offscreen",
            ["XDG_RUNTIME_DIR"] = runtime,
        };
    }
}
