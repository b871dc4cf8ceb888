using Partitioner.Core.Files;
using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary>Runs a command body, turning input problems into a clear message and exit code 2, and an output that could not be written into exit code 5.</summary>
internal static class CommandRunner
{
    /// <summary>The exit code when the input was fine but an output file could not be written.</summary>
    public const int OutputNotWritten = 5;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (OutputWriteException e)
        {
            Console.Error.WriteLine(e.Message);
            return OutputNotWritten;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not read or write a file: {e.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Not allowed to read or write a file: {e.Message}");
            return 2;
        }
    }
}
