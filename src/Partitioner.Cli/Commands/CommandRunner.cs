using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary>Runs a command body, turning input problems into a clear message and exit code 2.</summary>
internal static class CommandRunner
{
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
