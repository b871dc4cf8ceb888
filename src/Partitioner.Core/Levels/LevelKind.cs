namespace Partitioner.Core.Levels;

/// <summary>
/// The layers of the structure the 2010 papers describe, smallest first: localities (about 30,000 patients) inside
/// consortia (100,000–750,000) inside federations (at least 500,000) inside support agencies (at least 1,000,000).
/// </summary>
public enum LevelKind
{
    /// <summary>Localities inside consortia (a slot: produced by the localities work, not by this namespace yet).</summary>
    Locality,

    /// <summary>Commissioning consortia, the plan itself.</summary>
    Consortium,

    /// <summary>Federations of consortia sharing management and risk.</summary>
    Federation,

    /// <summary>Commissioning support agencies serving several federations.</summary>
    Agency,
}
