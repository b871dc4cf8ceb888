namespace Partitioner.Core.Imports;

/// <summary>A practice of the payments file that the import could not place on the map, and why.</summary>
public sealed record UnplacedPractice(string Code, string Name, string Postcode, string Reason)
{
    public override string ToString() => $"{Code} {Name} ({(Postcode.Length == 0 ? "no postcode" : Postcode)}): {Reason}";
}
