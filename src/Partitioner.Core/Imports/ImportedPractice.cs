namespace Partitioner.Core.Imports;

/// <summary>
/// One practice of the built file. Coordinates are WGS84 degrees (and British National Grid metres when
/// the postcode table gives them); a missing deprivation score is NaN.
/// </summary>
public sealed record ImportedPractice(
    string Code,
    string Name,
    string Postcode,
    double Longitude,
    double Latitude,
    double? Easting,
    double? Northing,
    string CoordinateSource,
    double Patients,
    double WeightedPatients,
    double Deprivation,
    double Spend,
    string Group);
