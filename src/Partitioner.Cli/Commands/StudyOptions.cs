using System.CommandLine;
using System.Text.Json.Nodes;
using Partitioner.Core.Councils;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Cli.Commands;

/// <summary>
/// The options shared by every command that reads practices and rules, and their mapping onto a Core
/// <see cref="StudyRequest"/> (the command line's syntax only; meanings, defaults and checks live in Core).
/// </summary>
internal sealed class StudyOptions
{
    private static readonly StudyRequest Defaults = new();

    public Argument<string> Practices { get; } = new("practices") { Description = "Practices: a GeoJSON FeatureCollection of points or a CSV file with a header row." };
    public Option<string> Out { get; } = new("--out") { Description = "Folder to write consortia.geojson, practices.geojson and report.json into.", Required = true };
    public Option<double> Min { get; } = new("--min") { Description = "Smallest consortium, in registered patients.", DefaultValueFactory = _ => Defaults.MinPatients };
    public Option<double> Max { get; } = new("--max") { Description = "Largest consortium, in registered patients.", DefaultValueFactory = _ => Defaults.MaxPatients };
    public Option<string[]> Balance { get; } = new("--balance") { Description = "Balance tolerance: deprivation=0.2 (±20% of the area mean) or spend=15abs (±£15 per patient). Repeatable.", AllowMultipleArgumentsPerToken = false };
    public Option<double?> DeprivedShare { get; } = new("--deprived-share") { Description = "Share rule: at least this fraction (0–1) of each consortium's patients at practices in the more-deprived half of the area." };
    public Option<string?> Boundary { get; } = new("--boundary") { Description = "Study boundary: GeoJSON Polygon/MultiPolygon (default: hull of the practices buffered by 5 km)." };
    public Option<bool> NoBridges { get; } = new("--no-bridges") { Description = "Do not join islands to their nearest neighbour." };
    public Option<string> Crs { get; } = new("--crs") { Description = "Input coordinates: auto, wgs84 or bng (EPSG:27700 metres).", DefaultValueFactory = _ => "auto" };
    public Option<string[]> Field { get; } = new("--field") { Description = "Field mapping, e.g. --field code=ods_code --field patients=registered. Fields: code, name, patients, deprivation, spend, group, x, y." };
    public Option<string> Format { get; } = OutputFormat.Create();
    public Option<string?> CouncilField { get; } = new("--council-field") { Description = "The practices' field holding each practice's council (e.g. la_code_2014 or icb_code_2022) for the coterminosity figures. Default: la_code, la_code_2014, council_code or council when the input has one." };
    public Option<string?> Councils { get; } = new("--councils") { Description = "Council boundaries: polygons (GeoJSON, or a GeoPackage layer) with a code (la_code, council_code or code); each practice's council is the one containing it." };
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
        command.Options.Add(CouncilField);
        command.Options.Add(Councils);
        command.Options.Add(Format);
    }

    /// <summary>
    /// The request the shared options state (reading, rules, boundary), with <paramref name="groupBy"/> as the grouping
    /// field; syntax problems are added to <paramref name="problems"/>.
    /// </summary>
    public StudyRequest Request(ParseResult r, string? groupBy, List<InputProblem> problems)
    {
        var request = new StudyRequest
        {
            MinPatients = r.GetValue(Min),
            MaxPatients = r.GetValue(Max),
            DeprivedShare = r.GetValue(DeprivedShare),
            BridgeIslands = !r.GetValue(NoBridges),
            Crs = RequestText.Crs(r.GetValue(Crs), problems) ?? Defaults.Crs,
            Missing = RequestText.Missing(r.GetValue(Missing), problems) ?? Defaults.Missing,
            GroupBy = groupBy,
            CouncilField = r.GetValue(CouncilField) is { } council && council.Trim().Length > 0 ? council.Trim() : null,
        };
        request = WithFields(request, r.GetValue(Field), problems);
        foreach (var spec in r.GetValue(Balance) ?? []) request = RequestText.WithBalance(request, spec, problems);
        if (r.GetValue(Boundary) is { } path)
        {
            try { request = request with { Boundary = BoundaryReader.ReadFile(path), BoundarySource = path }; }
            catch (InputException e) { problems.AddRange(e.Problems); }
        }
        if (r.GetValue(Councils) is { } councils)
        {
            try { request = request with { Councils = AreaMap.ReadFile(councils, AreaKind.Council) }; }
            catch (InputException e) { problems.AddRange(e.Problems); }
        }
        return request;
    }

    /// <summary><paramref name="request"/> with the <c>--field</c> mappings <paramref name="specs"/> (field=column) applied.</summary>
    public static StudyRequest WithFields(StudyRequest request, string[]? specs, List<InputProblem> problems)
    {
        foreach (var spec in specs ?? [])
            if (RequestText.Pair(spec, RequestOption.Fields, "field=column, e.g. code=ods_code", problems) is { } f)
                request = RequestText.WithField(request, f.Name, f.Value, problems);
        return request;
    }

    /// <summary>Throws the problems of a request, naming each option by its command-line flag.</summary>
    public static StudyRequest Checked(StudyRequest request, List<InputProblem> problems, bool evaluating = false)
    {
        problems.AddRange(request.Validate(evaluating: evaluating));
        if (problems.Count > 0) throw new InputException(problems.Select(OnCommandLine).ToList());
        return request;
    }

    /// <summary>A request problem as the command line names it (<c>--min</c> rather than the API's <c>min</c>).</summary>
    public static InputProblem OnCommandLine(InputProblem p) =>
        p.Where == "options" && RequestOption.Find(p.Field) is { } option ? p with { Where = option.Flag } : p;

    /// <summary>Reads the practices and prepares the study, saying what it did on standard error; <paramref name="read"/>
    /// sees the practices first and may add notes to them (a drawn proposal's).</summary>
    public Study Prepare(ParseResult r, StudyRequest request, Func<PracticeSet, PracticeSet>? read = null)
    {
        var practices = PracticeReader.ReadFile(r.GetValue(Practices)!, request.ReadOptions());
        if (read is not null) practices = read(practices);
        var study = Study.Prepare(practices, request);
        Console.Error.WriteLine($"Read {study.Practices.Count:N0} practices, {study.Practices.TotalPatients:N0} patients; {study.Geography.SiteCount:N0} sites, {study.Geography.SiteGraph.EdgeCount:N0} neighbour pairs.");
        foreach (var w in study.Practices.Warnings.Concat(study.Geography.Warnings).Take(20)) Console.Error.WriteLine($"  note: {w}");
        int more = study.Practices.Warnings.Count + study.Geography.Warnings.Count - 20;
        if (more > 0) Console.Error.WriteLine($"  … and {more} more notes in report.json.");
        foreach (var b in study.Geography.Bridges) Console.Error.WriteLine($"  {b}");
        return study;
    }

    /// <summary>
    /// Reads the proposal file at <paramref name="path"/> (mapping CSV or consortium polygons) against the practices:
    /// its practice → consortium pairs, and the practices with its notes (practices put in the nearest polygon), which
    /// the study then prints and reports as the practices' own.
    /// </summary>
    internal static PracticeSet Proposal(PracticeSet practices, string path, out List<KeyValuePair<string, string>> pairs)
    {
        pairs = Plan.FromFile(practices, path, out var notes).Pairs(practices);
        return practices.With(practices.Practices, notes);
    }

    /// <summary>The report's "parameters" section: the command, the practices file and every option of the request.</summary>
    public JsonObject Parameters(ParseResult r, string command, StudyRequest request)
    {
        var o = new JsonObject
        {
            ["command"] = command,
            ["practices"] = r.GetValue(Practices),
        };
        foreach (var (key, value) in request.ToJson()) o[key] = value?.DeepClone();
        return o;
    }
}
