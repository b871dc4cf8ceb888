namespace Partitioner.DataGen;

/// <summary>A simple closed polygon ring (first vertex not repeated), in WGS84 degrees.</summary>
public sealed class Outline
{
    private readonly LatLon[] _vertices;

    public Outline(LatLon[] vertices)
    {
        if (vertices.Length < 3)
            throw new ArgumentException($"An outline needs at least 3 vertices, got {vertices.Length}.", nameof(vertices));
        _vertices = vertices;
    }

    public IReadOnlyList<LatLon> Vertices => _vertices;

    /// <summary>Shoelace area in degree² with lon as x; positive means counter-clockwise.</summary>
    public double SignedArea()
    {
        double sum = 0;
        for (int i = 0, j = _vertices.Length - 1; i < _vertices.Length; j = i++)
            sum += (_vertices[j].Lon * _vertices[i].Lat) - (_vertices[i].Lon * _vertices[j].Lat);
        return sum / 2;
    }

    /// <summary>Even-odd ray casting point-in-polygon test.</summary>
    public bool Contains(LatLon p)
    {
        bool inside = false;
        for (int i = 0, j = _vertices.Length - 1; i < _vertices.Length; j = i++)
        {
            LatLon a = _vertices[i], b = _vertices[j];
            if ((a.Lat > p.Lat) != (b.Lat > p.Lat)
                && p.Lon < ((b.Lon - a.Lon) * (p.Lat - a.Lat) / (b.Lat - a.Lat)) + a.Lon)
                inside = !inside;
        }
        return inside;
    }

    /// <summary>Distance in km from <paramref name="p"/> to the nearest edge of the ring.</summary>
    public double DistanceToEdgeKm(LatLon p)
    {
        var (px, py) = LatLon.ToLocalKm(p, p.Lat);
        double best = double.MaxValue;
        for (int i = 0, j = _vertices.Length - 1; i < _vertices.Length; j = i++)
        {
            var (ax, ay) = LatLon.ToLocalKm(_vertices[j], p.Lat);
            var (bx, by) = LatLon.ToLocalKm(_vertices[i], p.Lat);
            double dx = bx - ax, dy = by - ay;
            double t = Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
            double ex = ax + (t * dx) - px, ey = ay + (t * dy) - py;
            best = Math.Min(best, Math.Sqrt((ex * ex) + (ey * ey)));
        }
        return best;
    }

    /// <summary>Bounding box as (minLat, minLon, maxLat, maxLon).</summary>
    public (double MinLat, double MinLon, double MaxLat, double MaxLon) Bounds()
    {
        double minLat = double.MaxValue, minLon = double.MaxValue, maxLat = double.MinValue, maxLon = double.MinValue;
        foreach (var v in _vertices)
        {
            minLat = Math.Min(minLat, v.Lat); maxLat = Math.Max(maxLat, v.Lat);
            minLon = Math.Min(minLon, v.Lon); maxLon = Math.Max(maxLon, v.Lon);
        }
        return (minLat, minLon, maxLat, maxLon);
    }
}
