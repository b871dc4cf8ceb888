namespace Partitioner.Core.Layers;

/// <summary>The type of a layer's attribute column, as GIS tools type it.</summary>
public enum FieldType
{
    /// <summary>Text (GeoPackage TEXT, OGR String).</summary>
    Text,

    /// <summary>64-bit integer (GeoPackage INTEGER, OGR Integer64).</summary>
    Integer,

    /// <summary>Double (GeoPackage DOUBLE, OGR Real).</summary>
    Real,

    /// <summary>True/false (GeoPackage BOOLEAN, OGR Integer(Boolean)).</summary>
    Boolean,
}
