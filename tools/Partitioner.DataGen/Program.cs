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

TextFile.Write(Path.Combine(root, "england", "practices.csv"), PracticeCsvWriter.Render(england));
TextFile.Write(Path.Combine(root, "england", "boundary.geojson"),
    GeoJsonWriter.Boundary("England (synthetic outline)", [EnglandGeography.Outline]));
TextFile.Write(Path.Combine(root, "region", "practices.geojson"), GeoJsonWriter.Practices(region));
TextFile.Write(Path.Combine(root, "region", "boundary.geojson"),
    GeoJsonWriter.Boundary("Northshire", [NorthshireGeography.Mainland, NorthshireGeography.Island]));

var englandSummary = DatasetSummary.Of(england);
var regionSummary = DatasetSummary.Of(region);
TextFile.Write(Path.Combine(root, "README.md"), ReadmeWriter.Root(options.Seed, englandSummary, regionSummary));
TextFile.Write(Path.Combine(root, "england", "README.md"), ReadmeWriter.England(options.Seed, englandSummary));
TextFile.Write(Path.Combine(root, "region", "README.md"), ReadmeWriter.Region(options.Seed, regionSummary));

Console.WriteLine($"england: {englandSummary}");
Console.WriteLine($"region:  {regionSummary}");
return 0;
