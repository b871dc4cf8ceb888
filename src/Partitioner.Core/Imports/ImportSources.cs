namespace Partitioner.Core.Imports;

/// <summary>
/// The official NHS files an import reads, as users download them (CSV with the publications' own
/// column headings). Only the payments file and the postcode table are required.
/// </summary>
public sealed record ImportSources
{
    /// <summary>NHS Digital "NHS Payments to General Practice" (practice level): code, name, postcode, CCG, dates, registered and weighted list sizes, total payments.</summary>
    public required string Payments { get; init; }

    /// <summary>A postcode → coordinate table (columns <c>postcode</c> and <c>lat</c>/<c>lon</c> or <c>easting</c>/<c>northing</c>), e.g. OS Code-Point Open or the ONS postcode directory.</summary>
    public required string Postcodes { get; init; }

    /// <summary>Optional NHS Digital "Patients Registered at a GP Practice" (totals: <c>CODE</c>, <c>NUMBER_OF_PATIENTS</c>); when given, its list sizes replace the payments file's.</summary>
    public string? Patients { get; init; }

    /// <summary>Optional practice-level IMD scores as published by OHID Fingertips (<c>AreaCode</c>, <c>Year</c>, <c>Value</c>).</summary>
    public string? Deprivation { get; init; }

    /// <summary>Optional postcode-sector centroids (<c>sector</c>, <c>lat</c>/<c>lon</c> or <c>easting</c>/<c>northing</c>): a coarse fallback for postcodes the table lacks.</summary>
    public string? Sectors { get; init; }
}
