namespace Partitioner.Core.Practices;

/// <summary>
/// Which input column or property holds which practice field. Each field lists the names tried in
/// order (case-insensitive); the defaults match common NHS column names. Setting a field replaces its list.
/// </summary>
public sealed record FieldMapping
{
    public IReadOnlyList<string> Code { get; init; } = ["practice_code", "code"];
    public IReadOnlyList<string> Name { get; init; } = ["name", "practice_name"];
    public IReadOnlyList<string> Patients { get; init; } = ["list_size", "patients"];
    public IReadOnlyList<string> Deprivation { get; init; } = ["imd_score", "deprivation"];
    public IReadOnlyList<string> Spend { get; init; } = ["spend"];

    /// <summary>Need-weighted list size (fair share by need).</summary>
    public IReadOnlyList<string> WeightedPatients { get; init; } = ["weighted_list_size", "weighted_patients"];

    /// <summary>Grouping field (e.g. <c>ccg_code</c>); null = no grouping read.</summary>
    public string? Group { get; init; }

    /// <summary>CSV longitude / easting columns.</summary>
    public IReadOnlyList<string> X { get; init; } = ["lon", "longitude", "lng", "x", "easting"];

    /// <summary>CSV latitude / northing columns.</summary>
    public IReadOnlyList<string> Y { get; init; } = ["lat", "latitude", "y", "northing"];

    /// <summary>The practice fields that can be overridden by name, for parsing "field=column" options.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = ["code", "name", "patients", "deprivation", "spend", "weighted_patients", "group", "x", "y"];

    /// <summary>Returns a mapping with <paramref name="field"/> read from <paramref name="column"/>.</summary>
    public FieldMapping With(string field, string column) => field.ToLowerInvariant() switch
    {
        "code" => this with { Code = [column] },
        "name" => this with { Name = [column] },
        "patients" => this with { Patients = [column] },
        "deprivation" => this with { Deprivation = [column] },
        "spend" => this with { Spend = [column] },
        "weighted_patients" => this with { WeightedPatients = [column] },
        "group" => this with { Group = column },
        "x" => this with { X = [column] },
        "y" => this with { Y = [column] },
        _ => throw new InputException("options", "field", field,
            $"Unknown practice field. Use one of: {string.Join(", ", FieldNames)} (for example code=ods_code)."),
    };
}
