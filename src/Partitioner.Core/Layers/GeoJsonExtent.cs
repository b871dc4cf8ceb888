using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Partitioner.Core.Layers;

/// <summary>
/// The bounding box of every position in a GeoJSON document, found by one pass of the reader over the
/// <c>coordinates</c> arrays without building any geometry: cheap enough to describe many stored layers at once.
/// </summary>
public static class GeoJsonExtent
{
    /// <summary>The envelope of all positions (x = first number, y = second); a null envelope when there is none.</summary>
    public static Envelope Scan(ReadOnlySpan<byte> geoJson)
    {
        var extent = new Envelope();
        var reader = new Utf8JsonReader(geoJson);
        int coordinatesDepth = -1; // reader depth of the current "coordinates" array, or -1 outside one
        int index = 0;             // position of the next number within the innermost array
        double x = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when coordinatesDepth < 0 && reader.ValueTextEquals("coordinates"u8):
                    coordinatesDepth = reader.CurrentDepth;
                    break;
                case JsonTokenType.StartArray when coordinatesDepth >= 0:
                    index = 0;
                    break;
                case JsonTokenType.Number when coordinatesDepth >= 0:
                    if (index == 0) x = reader.GetDouble();
                    else if (index == 1) extent.ExpandToInclude(x, reader.GetDouble());
                    index++;
                    break;
                case JsonTokenType.EndArray when coordinatesDepth >= 0 && reader.CurrentDepth == coordinatesDepth:
                    coordinatesDepth = -1;
                    break;
            }
        }
        return extent;
    }
}
