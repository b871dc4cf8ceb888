namespace Partitioner.Core.Geography;

/// <summary>What an <see cref="AreaMap"/>'s polygons are, for reading them and for messages.</summary>
public sealed record AreaKind(string Noun, string Plural, string File, string Option, IReadOnlyList<string> CodeProperties, IReadOnlyList<string> NameProperties)
{
    /// <summary>Council boundaries: a code in <c>la_code</c>, <c>council_code</c>, <c>code</c>, <c>lad_code</c> or <c>id</c>.</summary>
    public static AreaKind Council { get; } = new("council", "Councils", "council boundary file", "(councils)",
        ["la_code", "council_code", "code", "lad_code", "id"], ["name", "la_name", "council_name", "lad_name"]);

    /// <summary>A plan's consortia as drawn: named by <c>consortium</c>, <c>name</c>, <c>code</c> or <c>id</c> (a
    /// consortia layer written by Partitioner names them in <c>name</c>).</summary>
    public static AreaKind Consortium { get; } = new("consortium", "Consortia", "consortium boundary file", "(consortia)",
        ["consortium", "name", "code", "id"], ["name"]);
}
