using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace Partitioner.Core.Geography;

/// <summary>
/// A study area cut into small pieces by recursive quartering, so that clipping a Voronoi cell touches
/// only the few hundred boundary vertices near it instead of a whole coastline.
/// </summary>
internal sealed class StudyAreaTiles
{
    private const int MaxVertices = 96;
    private const double MinTileMetres = 1_000;

    private readonly IPreparedGeometry _area;
    private readonly STRtree<Geometry> _pieces = new();

    public StudyAreaTiles(Geometry area)
    {
        _area = PreparedGeometryFactory.Prepare(area);
        Split(area, area.EnvelopeInternal);
        _pieces.Build();
    }

    private void Split(Geometry piece, Envelope box)
    {
        if (piece.IsEmpty) return;
        if (piece.NumPoints <= MaxVertices || box.Width < MinTileMetres)
        {
            for (int i = 0; i < piece.NumGeometries; i++)
            {
                var part = piece.GetGeometryN(i);
                if (part is Polygon p && !p.IsEmpty) _pieces.Insert(p.EnvelopeInternal, p);
            }
            return;
        }
        double mx = (box.MinX + box.MaxX) / 2, my = (box.MinY + box.MaxY) / 2;
        var quarters = new[]
        {
            new Envelope(box.MinX, mx, box.MinY, my), new Envelope(mx, box.MaxX, box.MinY, my),
            new Envelope(box.MinX, mx, my, box.MaxY), new Envelope(mx, box.MaxX, my, box.MaxY),
        };
        foreach (var q in quarters)
        {
            var rect = piece.Factory.ToGeometry(q);
            Geometry part = piece.EnvelopeInternal.Intersects(q) ? piece.Intersection(rect) : piece.Factory.CreatePolygon();
            Split(Polygonal(part), q);
        }
    }

    /// <summary>The part of <paramref name="cell"/> inside the study area.</summary>
    public Geometry Clip(Geometry cell)
    {
        if (_area.Contains(cell)) return cell;
        var parts = new List<Geometry>();
        foreach (var piece in _pieces.Query(cell.EnvelopeInternal))
        {
            if (!piece.EnvelopeInternal.Intersects(cell.EnvelopeInternal)) continue;
            var part = Polygonal(cell.Intersection(piece));
            if (!part.IsEmpty && part.Area > 0) parts.Add(part);
        }
        if (parts.Count == 0) return cell.Factory.CreatePolygon();
        return parts.Count == 1 ? parts[0] : CascadedPolygonUnion.Union(parts);
    }

    /// <summary>Keeps only the polygons of an overlay result (dropping touching lines and points).</summary>
    private static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon) return g;
        var polygons = new List<Polygon>();
        for (int i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) polygons.Add(p);
        return polygons.Count == 1 ? polygons[0] : g.Factory.CreateMultiPolygon(polygons.ToArray());
    }
}
