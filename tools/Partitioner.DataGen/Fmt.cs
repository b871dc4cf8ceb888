using System.Globalization;

namespace Partitioner.DataGen;

/// <summary>Invariant-culture number formatting used by every writer.</summary>
public static class Fmt
{
    public static string Deg(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    public static string Two(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Thousands-separated integer for READMEs, e.g. 56,000,000.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
