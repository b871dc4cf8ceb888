namespace Partitioner.Core.Layers;

/// <summary>One attribute column of a <see cref="FeatureLayer"/>.</summary>
/// <param name="Name">The column name, as in the GeoJSON properties.</param>
/// <param name="Type">Its type across every feature of the layer.</param>
public sealed record LayerField(string Name, FieldType Type);
