using NetTopologySuite.Geometries;

namespace Partitioner.DataGen;

/// <summary>A synthetic council: its code, name, outline (WGS84, lon as x) and the practices and patients inside it.</summary>
public sealed record Council(string Code, string Name, Geometry Shape, int Practices, long Patients);
