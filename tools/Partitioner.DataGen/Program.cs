using Partitioner.DataGen;

// Writes the bundled synthetic datasets. Usage: dotnet run --project tools/Partitioner.DataGen -- [--seed N] [--out DIR]
GeneratorOptions options;
try
{
    options = GeneratorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string root = options.OutputDirectory;
var england = new EnglandGenerator(new Random(options.Seed), new Random(options.Seed + 1000)).Generate();
var region = new RegionGenerator(new Random(options.Seed + 1), new Random(options.Seed + 1001)).Generate();
// Councils draw from their own sources, so every other column stays as it was.
var englandCouncils = CouncilLayout.Build(new Random(options.Seed + 2000), england, [EnglandGeography.Outline], EnglandGeography.Towns, 320);
var regionCouncils = CouncilLayout.Build(new Random(options.Seed + 2001), region, [NorthshireGeography.Mainland, NorthshireGeography.Island], NorthshireGeography.Towns, 10);

TextFile.Write(Path.Combine(root, "england", "practices.csv"), PracticeCsvWriter.Render(england, englandCouncils.CodeOf));
TextFile.Write(Path.Combine(root, "england", "boundary.geojson"),
    GeoJsonWriter.Boundary("England (synthetic outline)", [EnglandGeography.Outline]));
TextFile.Write(Path.Combine(root, "england", "councils.geojson"), CouncilGeoJsonWriter.Render(englandCouncils.Councils));
TextFile.Write(Path.Combine(root, "region", "councils.geojson"), CouncilGeoJsonWriter.Render(regionCouncils.Councils));
TextFile.Write(Path.Combine(root, "region", "practices.geojson"), GeoJsonWriter.Practices(region, regionCouncils.CodeOf));
TextFile.Write(Path.Combine(root, "region", "boundary.geojson"),
    GeoJsonWriter.Boundary("Northshire", [NorthshireGeography.Mainland, NorthshireGeography.Island]));

var englandSummary = DatasetSummary.Of(england);
var regionSummary = DatasetSummary.Of(region);
TextFile.Write(Path.Combine(root, "README.md"), ReadmeWriter.Root(options.Seed, englandSummary, regionSummary));
TextFile.Write(Path.Combine(root, "england", "README.md"), ReadmeWriter.England(options.Seed, englandSummary));
TextFile.Write(Path.Combine(root, "region", "README.md"), ReadmeWriter.Region(options.Seed, regionSummary));

Console.WriteLine($"england: {englandSummary}");
Console.WriteLine($"region:  {regionSummary}");
Console.WriteLine($"councils: england {englandCouncils.Councils.Count}, region {regionCouncils.Councils.Count}");
return 0;
