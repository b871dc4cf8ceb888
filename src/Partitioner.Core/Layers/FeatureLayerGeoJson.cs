using System.Text.Json;
using NetTopologySuite.Geometries;
using Partitioner.Core.GeoJson;

namespace Partitioner.Core.Layers;

/// <summary>Writes features of a <see cref="FeatureLayer"/> as GeoJSON Feature objects with flat typed properties.</summary>
public static class FeatureLayerGeoJson
{
    /// <summary>
    /// Writes one Feature: its id, the given geometry (the feature's own, or a reprojected copy) and its values; reals
    /// always carry a decimal point so readers keep the column real.
    /// </summary>
    public static void WriteFeature(Utf8JsonWriter w, FeatureLayer layer, LayerFeature feature, Geometry? geometry)
    {
        w.WriteStartObject();
        WriteFeatureMembers(w, layer, feature, geometry);
        w.WriteEndObject();
    }

    /// <summary>Writes a Feature's members (type, id, geometry, properties) into an object the caller opened, so it can add its own.</summary>
    public static void WriteFeatureMembers(Utf8JsonWriter w, FeatureLayer layer, LayerFeature feature, Geometry? geometry)
    {
        w.WriteString("type", "Feature");
        w.WriteString("id", feature.Id);
        w.WritePropertyName("geometry");
        if (geometry is null) w.WriteNullValue();
        else GeoJsonGeometries.Write(w, geometry);
        w.WriteStartObject("properties");
        for (int i = 0; i < layer.Fields.Count; i++)
        {
            var name = layer.Fields[i].Name;
            switch (feature.Values[i])
            {
                case null: w.WriteNull(name); break;
                case long l: w.WriteNumber(name, l); break;
                case double d: JsonValues.WriteReal(w, name, d, 10); break;
                case bool b: w.WriteBoolean(name, b); break;
                case var other: w.WriteString(name, other.ToString()); break;
            }
        }
        w.WriteEndObject();
    }
}
