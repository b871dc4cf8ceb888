namespace Partitioner.Core.Councils;

/// <summary>
/// How a plan follows the council boundaries: councils split and into how many pieces, the share of patients whose
/// council lies wholly inside one consortium, consortia that nest inside one council and consortia that are unions of
/// whole councils. Practices without a council are left out (and counted).
/// </summary>
public sealed record Coterminosity
{
    /// <summary>Where the councils came from ("field la_code_2014", "polygons councils.geojson").</summary>
    public required string Source { get; init; }

    /// <summary>Councils holding at least one practice.</summary>
    public required int Councils { get; init; }

    /// <summary>Councils whose practices are in more than one consortium.</summary>
    public required int CouncilsSplit { get; init; }

    /// <summary>Pieces the split councils are cut into, in total (a council in three consortia is three pieces).</summary>
    public required int SplitCouncilPieces { get; init; }

    /// <summary>Share (0..1) of patients (with a known council) whose council lies wholly inside one consortium.</summary>
    public required double PatientsInWholeCouncils { get; init; }

    /// <summary>Consortia whose practices (with a council) are all in one council.</summary>
    public required int ConsortiaNested { get; init; }

    /// <summary>Consortia that are unions of whole councils.</summary>
    public required int ConsortiaOfWholeCouncils { get; init; }

    /// <summary>Practices whose council is not known.</summary>
    public required int PracticesWithoutCouncil { get; init; }

    /// <summary>Every council, in council order.</summary>
    public required IReadOnlyList<CouncilPieces> ByCouncil { get; init; }

    /// <summary>Practices placed by the nearest council polygon or left without a council.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
