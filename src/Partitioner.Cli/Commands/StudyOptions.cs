using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>The options shared by every command that reads practices and rules.</summary>
internal sealed class StudyOptions
{
    public Argument<string> Practices { get; } = new("practices") { Description = "Practices: a GeoJSON FeatureCollection of points or a CSV file with a header row." };
    public Option<string> Out { get; } = new("--out") { Description = "Folder to write consortia.geojson, practices.geojson and report.json into.", Required = true };
    public Option<double> Min { get; } = new("--min") { Description = "Smallest consortium, in registered patients.", DefaultValueFactory = _ => 100_000 };
    public Option<double> Max { get; } = new("--max") { Description = "Largest consortium, in registered patients.", DefaultValueFactory = _ => 750_000 };
    public Option<string[]> Balance { get; } = new("--balance") { Description = "Balance tolerance: deprivation=0.2 (±20% of the area mean) or spend=15abs (±£15 per patient). Repeatable.", AllowMultipleArgumentsPerToken = false };
    public Option<double?> DeprivedShare { get; } = new("--deprived-share") { Description = "Share rule: at least this fraction (0–1) of each consortium's patients at practices in the more-deprived half of the area." };
    public Option<string?> Boundary { get; } = new("--boundary") { Description = "Study boundary: GeoJSON Polygon/MultiPolygon (default: hull of the practices buffered by 5 km)." };
    public Option<bool> NoBridges { get; } = new("--no-bridges") { Description = "Do not join islands to their nearest neighbour." };
    public Option<string> Crs { get; } = new("--crs") { Description = "Input coordinates: auto, wgs84 or bng (EPSG:27700 metres).", DefaultValueFactory = _ => "auto" };
    public Option<string[]> Field { get; } = new("--field") { Description = "Field mapping, e.g. --field code=ods_code --field patients=registered. Fields: code, name, patients, deprivation, spend, group, x, y." };
    public Option<string> Format { get; } = OutputFormat.Create();
    public Option<string> Missing { get; } = new("--missing") { Description = "Missing deprivation/spend when a rule needs it: error, mean (fill with the area mean) or exclude (leave out of balance sums).", DefaultValueFactory = _ => "error" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Practices);
        command.Options.Add(Out);
        command.Options.Add(Min);
        command.Options.Add(Max);
        command.Options.Add(Balance);
        command.Options.Add(DeprivedShare);
        command.Options.Add(Boundary);
        command.Options.Add(NoBridges);
        command.Options.Add(Crs);
        command.Options.Add(Field);
        command.Options.Add(Missing);
        command.Options.Add(Format);
    }

    public PracticeReadOptions ReadOptions(ParseResult r, string? groupField)
    {
        var fields = new FieldMapping();
        foreach (var spec in r.GetValue(Field) ?? [])
        {
            var (name, column) = SplitPair(spec, "--field", "field=column, e.g. code=ods_code");
            fields = fields.With(name, column);
        }
        if (groupField is not null) fields = fields with { Group = groupField };
        var crs = (r.GetValue(Crs) ?? "auto").ToLowerInvariant() switch
        {
            "auto" => CoordinateSystem.Auto,
            "wgs84" or "epsg:4326" or "4326" => CoordinateSystem.Wgs84,
            "bng" or "epsg:27700" or "27700" => CoordinateSystem.BritishNationalGrid,
            var other => throw new InputException("--crs", "crs", other, "Unknown coordinate system. Use auto, wgs84 or bng."),
        };
        return new PracticeReadOptions { Fields = fields, CoordinateSystem = crs };
    }

    public ConsortiumRules Rules(ParseResult r)
    {
        double min = r.GetValue(Min), max = r.GetValue(Max);
        if (!(min >= 0) || !(max > 0) || min > max)
            throw new InputException("--min/--max", "population bounds", $"{min}–{max}", "The minimum must be 0 or more and no larger than the maximum.");
        var rules = new ConsortiumRules { MinPatients = min, MaxPatients = max, MinDeprivedShare = r.GetValue(DeprivedShare) };
        if (rules.MinDeprivedShare is { } s && !(s is >= 0 and <= 1))
            throw new InputException("--deprived-share", "share", s.ToString(CultureInfo.InvariantCulture), "Give a fraction between 0 and 1, e.g. 0.3.");
        foreach (var spec in r.GetValue(Balance) ?? [])
        {
            var (attribute, value) = SplitPair(spec, "--balance", "attribute=tolerance, e.g. deprivation=0.2 or spend=15abs");
            var tolerance = ParseTolerance(value, spec);
            rules = attribute.ToLowerInvariant() switch
            {
                "deprivation" or "imd" => rules with { Deprivation = tolerance },
                "spend" => rules with { Spend = tolerance },
                _ => throw new InputException("--balance", "attribute", attribute, "Balance can be set for deprivation or spend."),
            };
        }
        return rules;
    }

    public MissingValuePolicy MissingPolicy(ParseResult r) => (r.GetValue(Missing) ?? "error").ToLowerInvariant() switch
    {
        "error" => MissingValuePolicy.Error,
        "mean" or "fill" => MissingValuePolicy.FillMean,
        "exclude" => MissingValuePolicy.Exclude,
        var other => throw new InputException("--missing", "missing", other, "Use error, mean or exclude."),
    };

    /// <summary>Reads the practices and prepares the study, saying what it did on standard error.</summary>
    public Study Prepare(ParseResult r, string? groupField, ConsortiumRules rules)
    {
        var practices = PracticeReader.ReadFile(r.GetValue(Practices)!, ReadOptions(r, groupField));
        var boundaryPath = r.GetValue(Boundary);
        var boundary = boundaryPath is null ? null : BoundaryReader.ReadFile(boundaryPath);
        var study = Study.Prepare(practices, rules, MissingPolicy(r), boundary, !r.GetValue(NoBridges));
        Console.Error.WriteLine($"Read {study.Practices.Count:N0} practices, {study.Practices.TotalPatients:N0} patients; {study.Geography.SiteCount:N0} sites, {study.Geography.SiteGraph.EdgeCount:N0} neighbour pairs.");
        foreach (var w in study.Practices.Warnings.Concat(study.Geography.Warnings).Take(20)) Console.Error.WriteLine($"  note: {w}");
        int more = study.Practices.Warnings.Count + study.Geography.Warnings.Count - 20;
        if (more > 0) Console.Error.WriteLine($"  … and {more} more notes in report.json.");
        foreach (var b in study.Geography.Bridges) Console.Error.WriteLine($"  {b}");
        return study;
    }

    public JsonObject Parameters(ParseResult r, string command)
    {
        var o = new JsonObject
        {
            ["command"] = command,
            ["practices"] = r.GetValue(Practices),
            ["min_patients"] = r.GetValue(Min),
            ["max_patients"] = r.GetValue(Max),
            ["balance"] = new JsonArray((r.GetValue(Balance) ?? []).Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
            ["deprived_share"] = r.GetValue(DeprivedShare),
            ["boundary"] = r.GetValue(Boundary),
            ["bridge_islands"] = !r.GetValue(NoBridges),
            ["crs"] = r.GetValue(Crs),
            ["missing"] = r.GetValue(Missing),
        };
        return o;
    }

    internal static BalanceTolerance ParseTolerance(string value, string spec)
    {
        bool absolute = value.EndsWith("abs", StringComparison.OrdinalIgnoreCase);
        bool percent = value.EndsWith('%');
        var number = absolute ? value[..^3] : percent ? value[..^1] : value;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            throw new InputException("--balance", "tolerance", spec, "The tolerance must be a number of 0 or more: a fraction (0.2), a percentage (20%) or an absolute value (3abs).");
        return absolute ? new BalanceTolerance(v, ToleranceKind.Absolute) : new BalanceTolerance(percent ? v / 100 : v, ToleranceKind.Relative);
    }

    internal static (string Name, string Value) SplitPair(string spec, string option, string form)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
            throw new InputException(option, option, spec, $"Expected {form}.");
        return (spec[..eq].Trim(), spec[(eq + 1)..].Trim());
    }
}
