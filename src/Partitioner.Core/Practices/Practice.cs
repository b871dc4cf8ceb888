namespace Partitioner.Core.Practices;

/// <summary>
/// One GP practice as read from the user's input: its surgery location and its numbers.
/// Coordinates are kept both as WGS84 degrees and as British National Grid metres (EPSG:27700).
/// </summary>
public sealed class Practice
{
    public Practice(
        string code,
        string name,
        double patients,
        double deprivation,
        double spend,
        string? group,
        double longitude,
        double latitude,
        double easting,
        double northing,
        IReadOnlyList<PracticeProperty> properties,
        double weightedPatients = double.NaN)
    {
        Code = code;
        Name = name;
        Patients = patients;
        Deprivation = deprivation;
        Spend = spend;
        Group = group;
        Longitude = longitude;
        Latitude = latitude;
        Easting = easting;
        Northing = northing;
        Properties = properties;
        WeightedPatients = weightedPatients;
    }

    /// <summary>Practice code (e.g. the ODS code <c>A81001</c>); unique within a set.</summary>
    public string Code { get; }

    /// <summary>Practice name (may be empty).</summary>
    public string Name { get; }

    /// <summary>Registered patients (list size), &gt; 0 for every practice in a <see cref="PracticeSet"/>.</summary>
    public double Patients { get; }

    /// <summary>Deprivation score (IMD, higher = more deprived); NaN when not given.</summary>
    public double Deprivation { get; }

    /// <summary>Spend in £ per year (total, not per patient); NaN when not given.</summary>
    public double Spend { get; }

    /// <summary>Need-weighted list size (the Carr-Hill <c>weighted_list_size</c> of the NHS payments data); NaN when not given.</summary>
    public double WeightedPatients { get; }

    /// <summary>Value of the grouping field (e.g. <c>ccg_code</c>), or null.</summary>
    public string? Group { get; }

    /// <summary>WGS84 longitude in degrees.</summary>
    public double Longitude { get; }

    /// <summary>WGS84 latitude in degrees.</summary>
    public double Latitude { get; }

    /// <summary>British National Grid easting in metres.</summary>
    public double Easting { get; }

    /// <summary>British National Grid northing in metres.</summary>
    public double Northing { get; }

    /// <summary>Every other input property, in input order, passed through to outputs.</summary>
    public IReadOnlyList<PracticeProperty> Properties { get; }

    /// <summary>A copy with other deprivation and spend values (used when filling missing values).</summary>
    public Practice WithValues(double deprivation, double spend) =>
        new(Code, Name, Patients, deprivation, spend, Group, Longitude, Latitude, Easting, Northing, Properties, WeightedPatients);
}
