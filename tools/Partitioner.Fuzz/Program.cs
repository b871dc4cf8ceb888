using System.Globalization;

namespace Partitioner.Fuzz;

/// <summary>
/// Fuzzing harness for the HTTP service: starts Partitioner.Api on 127.0.0.1 at a free port, sends generated malformed
/// and hostile requests to every input endpoint, and fails on any 5xx, hang, crash or error logged by the service.
///   dotnet run -c Release --project tools/Partitioner.Fuzz -- [--count 10000] [--seconds 1800] [--seed 1] [--first 0]
///       [--concurrency 4] [--hang-seconds 60] [--max-rss-mb N] [--max-body-bytes N] [--set Key=Value ...]
/// Exit code 0 when the run passed, 1 when it found a problem, 2 for bad arguments.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var settings = new FuzzSettings();
        var server = new Dictionary<string, string>();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                settings = args[i] switch
                {
                    "--count" => settings with { Count = Int() },
                    "--first" => settings with { First = Int() },
                    "--seed" => settings with { Seed = Int() },
                    "--concurrency" => settings with { Concurrency = Math.Max(1, Int()) },
                    "--seconds" => settings with { TimeBudget = TimeSpan.FromSeconds(Int()) },
                    "--hang-seconds" => settings with { HangLimit = TimeSpan.FromSeconds(Int()) },
                    "--max-rss-mb" => settings with { MaxPeakRssBytes = Int() * 1024L * 1024 },
                    "--max-body-bytes" => settings with { MaxBodyBytes = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--set" => Set(Value()),
                    _ => throw new ArgumentException($"Unknown argument {args[i]}."),
                };
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"{e.Message} Use --count N, --first N, --seed N, --concurrency N, --seconds N, --hang-seconds N, --max-rss-mb N, --max-body-bytes N, --set Key=Value.");
            return 2;
        }
        settings = settings with { ServerSettings = server };

        FuzzSettings Set(string pair)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--set {pair}: expected Key=Value, e.g. --set SyncTimeLimitSeconds=5.");
            server[pair[..eq]] = pair[(eq + 1)..];
            return settings;
        }

        var report = await FuzzRun.RunAsync(settings, Console.Out);
        Console.WriteLine();
        Console.Write(report.Summary());
        return report.Passed ? 0 : 1;
    }
}
