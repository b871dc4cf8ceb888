using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Partitioner.Core.Layers;

namespace Partitioner.Api.Ogc;

/// <summary>Writes a page of a collection's items, or one item, as GeoJSON in the requested CRS.</summary>
public static class OgcItemsWriter
{
    /// <summary>Writes the FeatureCollection of one page with numberMatched, numberReturned and self/prev/next links.</summary>
    public static byte[] Page(FeatureLayer layer, OgcItemsQuery query, string itemsUrl, IQueryCollection rawQuery)
    {
        var matched = Matching(layer, query.Area);
        int start = Math.Min(query.Offset, matched.Count);
        int count = Math.Min(query.Limit, matched.Count - start);

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            for (int i = start; i < start + count; i++)
            {
                var f = matched[i];
                FeatureLayerGeoJson.WriteFeature(w, layer, f, Project(f.Geometry, query.Crs));
                if (w.BytesPending > 64 * 1024) w.Flush();
            }
            w.WriteEndArray();
            w.WriteNumber("numberMatched", matched.Count);
            w.WriteNumber("numberReturned", count);
            w.WriteString("timeStamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            WriteLegacyCrs(w, query.Crs);
            w.WriteStartArray("links");
            WriteLink(w, WithOffset(itemsUrl, rawQuery, query.Offset), "self", OgcDocuments.GeoJson, "This page");
            if (start + count < matched.Count)
                WriteLink(w, WithOffset(itemsUrl, rawQuery, start + count), "next", OgcDocuments.GeoJson, "Next page");
            if (start > 0)
                WriteLink(w, WithOffset(itemsUrl, rawQuery, Math.Max(0, start - query.Limit)), "prev", OgcDocuments.GeoJson, "Previous page");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Writes one Feature with self and collection links.</summary>
    public static byte[] Item(FeatureLayer layer, LayerFeature feature, OutputCrs crs, string itemUrl, string collectionUrl)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            FeatureLayerGeoJson.WriteFeatureMembers(w, layer, feature, Project(feature.Geometry, crs));
            WriteLegacyCrs(w, crs);
            w.WriteStartArray("links");
            WriteLink(w, itemUrl, "self", OgcDocuments.GeoJson, "This feature");
            WriteLink(w, collectionUrl, "collection", OgcDocuments.Json, "The collection");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Outside CRS84 the document also names its CRS in the pre-RFC 7946 <c>crs</c> member (the Content-Crs header says
    /// it too), so GeoJSON readers that ignore headers, such as GDAL's and so QGIS's OGR provider, place the metres right.
    /// </summary>
    private static void WriteLegacyCrs(Utf8JsonWriter w, OutputCrs crs)
    {
        if (crs == OutputCrs.Wgs84) return;
        w.WriteStartObject("crs");
        w.WriteString("type", "name");
        w.WriteStartObject("properties");
        w.WriteString("name", "urn:ogc:def:crs:EPSG::27700");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static List<LayerFeature> Matching(FeatureLayer layer, Geometry? area)
    {
        if (area is null) return [.. layer.Features];
        var prepared = PreparedGeometryFactory.Prepare(area);
        var envelope = area.EnvelopeInternal;
        var matched = new List<LayerFeature>();
        foreach (var f in layer.Features)
            if (f.Geometry is { } g && envelope.Intersects(g.EnvelopeInternal) && prepared.Intersects(g)) matched.Add(f);
        return matched;
    }

    private static Geometry? Project(Geometry? wgs84, OutputCrs crs) =>
        wgs84 is null || crs == OutputCrs.Wgs84 ? wgs84 : GridOutput.FromWgs84(wgs84);

    private static string WithOffset(string url, IQueryCollection query, int offset)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var (key, values) in query)
            if (key != "offset")
                foreach (var v in values) parameters.Add(new(key, v));
        parameters.Add(new("offset", offset.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(url, parameters);
    }

    private static void WriteLink(Utf8JsonWriter w, string href, string rel, string type, string title)
    {
        w.WriteStartObject();
        w.WriteString("href", href);
        w.WriteString("rel", rel);
        w.WriteString("type", type);
        w.WriteString("title", title);
        w.WriteEndObject();
    }
}
