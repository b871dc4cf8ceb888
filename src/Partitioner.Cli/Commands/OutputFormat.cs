using System.CommandLine;
using Partitioner.Core.GeoPackage;
using Partitioner.Core.Layers;
using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary>
/// <c>--format gpkg</c>: besides the GeoJSON layers and the report, the plan's layers in one GeoPackage (plan.gpkg,
/// British National Grid), made from the GeoJSON just written so both hold the same features.
/// </summary>
internal static class OutputFormat
{
    public const string GeoPackageFile = "plan.gpkg";

    /// <summary>The option; its values are checked by the parser, before any work is done.</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output layers: geojson (consortia.geojson, practices.geojson) or gpkg (those and plan.gpkg: both layers in one GeoPackage, British National Grid).",
            DefaultValueFactory = _ => "geojson",
        };
        option.AcceptOnlyFromAmong("geojson", "gpkg");
        return option;
    }

    private static bool WantsGeoPackage(string? format) => (format ?? "geojson").Trim().ToLowerInvariant() switch
    {
        "geojson" => false,
        "gpkg" => true,
        var other => throw new InputException("--format", "format", other, "Use geojson or gpkg."),
    };

    /// <summary>Writes plan.gpkg from the layers in <paramref name="outDir"/> when asked (the consortia, or the given
    /// <paramref name="levels"/>, e.g. consortia and federations, then practices); returns its path or null.</summary>
    public static string? Write(string? format, string outDir, IReadOnlyList<string>? levels = null)
    {
        if (!WantsGeoPackage(format)) return null;
        var layers = new List<FeatureLayer>();
        foreach (var name in (levels ?? ["consortia"]).Append("practices"))
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, name + ".geojson"));
            layers.Add(FeatureLayerReader.Read(bytes, name, char.ToUpperInvariant(name[0]) + name[1..]));
        }
        var path = Path.Combine(outDir, GeoPackageFile);
        GeoPackageWriter.Write(path, layers, OutputCrs.BritishNationalGrid);
        Console.WriteLine($"Wrote {path} ({string.Join(", ", layers.Select(l => l.Name))}; British National Grid).");
        return path;
    }
}
