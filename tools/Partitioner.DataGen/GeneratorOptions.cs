namespace Partitioner.DataGen;

/// <summary>Command-line options: <c>[--seed N] [--out DIR]</c>.</summary>
public sealed record GeneratorOptions(int Seed, string OutputDirectory)
{
    public const int DefaultSeed = 20101;
    public const string DefaultOutput = "data";

    /// <summary>Parses the arguments, failing with a message that names the bad argument.</summary>
    public static GeneratorOptions Parse(string[] args)
    {
        int seed = DefaultSeed;
        string output = DefaultOutput;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--seed":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out seed))
                        throw new ArgumentException($"--seed must be an integer, got '{value}'.");
                    break;
                case "--out":
                    output = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--seed N] [--out DIR]");
            }
            i++;
        }
        return new GeneratorOptions(seed, output);
    }
}
