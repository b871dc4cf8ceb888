using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Partitioner.Core.Councils;
using Partitioner.Core.Files;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// A study area ready to plan: validated practices (missing values treated), their geography and the
/// rules. The one path from input to evaluation and to the solver's problem, shared by the CLI and the API.
/// </summary>
public sealed class Study
{
    private Study(PracticeSet practices, PracticeGeography geography, ConsortiumRules rules, CouncilAssignment? councils)
    {
        Practices = practices;
        Geography = geography;
        Rules = rules;
        Councils = councils;
    }

    public PracticeSet Practices { get; }
    public PracticeGeography Geography { get; }
    public ConsortiumRules Rules { get; }

    /// <summary>Each practice's council, for the coterminosity figures; null when the input names none.</summary>
    public CouncilAssignment? Councils { get; }

    /// <summary>
    /// Prepares a study: applies the missing-value policy (an error only when a rule needs the value),
    /// and builds the geography. Throws <see cref="InputException"/> for bad input, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stops the geography.
    /// </summary>
    public static Study Prepare(PracticeSet practices, ConsortiumRules rules, MissingValuePolicy missing = MissingValuePolicy.Error, Geometry? boundary = null, bool bridgeIslands = true,
        CouncilAssignment? councils = null, CancellationToken cancellationToken = default)
    {
        if (councils is not null && councils.CouncilOf.Count != practices.Count)
            throw new ArgumentException($"The councils cover {councils.CouncilOf.Count} practices but there are {practices.Count}.", nameof(councils));
        bool needDeprivation = rules.Deprivation is not null || rules.MinDeprivedShare is not null;
        bool needSpend = rules.Spend is not null;
        var treated = MissingValues.Apply(practices, missing, needDeprivation, needSpend);
        var geography = PracticeGeography.Build(treated, new GeographyOptions { Boundary = boundary, BridgeIslands = bridgeIslands }, cancellationToken);
        return new Study(treated, geography, rules, councils);
    }

    /// <summary>Prepares the study a request describes: its rules, missing-value policy, boundary, bridges and councils.</summary>
    public static Study Prepare(PracticeSet practices, StudyRequest request, CancellationToken cancellationToken = default) =>
        Prepare(practices, request.Rules(), request.Missing, request.Boundary, request.BridgeIslands, CouncilsOf(practices, request), cancellationToken);

    /// <summary>
    /// The councils a request names for <paramref name="practices"/>: its polygons, its field, or else the first of
    /// <see cref="CouncilAssignment.DefaultFields"/> the practices carry (null when they carry none).
    /// </summary>
    public static CouncilAssignment? CouncilsOf(PracticeSet practices, StudyRequest request)
    {
        if (request.Councils is { } map) return CouncilAssignment.FromPolygons(practices, map);
        var field = request.CouncilField ?? CouncilAssignment.DetectField(practices);
        return field is null ? null : CouncilAssignment.FromField(practices, field, request.ReadOptions().Fields.Group);
    }

    /// <summary>
    /// The same practices, geography and councils under other rules that need the same attributes (a sweep's bands):
    /// the missing-value treatment of <see cref="Prepare(PracticeSet, ConsortiumRules, MissingValuePolicy, Geometry?, bool, CouncilAssignment?, CancellationToken)"/>
    /// depends only on which attributes the rules use, so it stays right.
    /// </summary>
    public Study With(ConsortiumRules rules)
    {
        bool deprivation = rules.Deprivation is not null || rules.MinDeprivedShare is not null, spend = rules.Spend is not null;
        bool hadDeprivation = Rules.Deprivation is not null || Rules.MinDeprivedShare is not null, hadSpend = Rules.Spend is not null;
        if ((deprivation && !hadDeprivation) || (spend && !hadSpend))
            throw new ArgumentException("The new rules use an attribute the study was not prepared for; prepare the study with them.", nameof(rules));
        return new Study(Practices, Geography, rules, Councils);
    }

    /// <summary>
    /// Evaluates a plan against the study's rules (with the coterminosity figures when the study has councils; see
    /// <see cref="PlanEvaluator.Evaluate"/> for the cancellation).
    /// </summary>
    public Evaluation Evaluate(Plan plan, bool withPolygons = true, CancellationToken cancellationToken = default, AdjacencyGraph? contiguityGraph = null) =>
        PlanEvaluator.Evaluate(Geography, plan, Rules, withPolygons, contiguityGraph, Councils, cancellationToken);

    /// <summary>
    /// The solver's problem for this study. <paramref name="locks"/> pins practice codes to consortium
    /// names; <paramref name="existingGroups"/> uses the practices' grouping field for the disruption term, or
    /// <paramref name="groups"/> gives each practice's group index itself (e.g. its council, for the coterminosity term).
    /// </summary>
    public Problem ToProblem(IReadOnlyList<KeyValuePair<string, string>>? locks = null, bool existingGroups = false, IReadOnlyList<int>? groups = null)
    {
        int n = Practices.Count;
        var patients = new double[n];
        var dep = new double[n];
        var spend = new double[n];
        var x = new double[n];
        var y = new double[n];
        var codes = new string[n];
        for (int i = 0; i < n; i++)
        {
            var p = Practices[i];
            patients[i] = p.Patients;
            dep[i] = p.Deprivation;
            spend[i] = p.Spend;
            x[i] = p.Easting;
            y[i] = p.Northing;
            codes[i] = p.Code;
        }
        int[]? existing = groups is null ? null : [.. groups];
        if (existingGroups && groups is null)
        {
            existing = new int[n];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                var g = Practices[i].Group;
                if (g is null) { existing[i] = -1; continue; }
                if (!index.TryGetValue(g, out int k)) index[g] = k = index.Count;
                existing[i] = k;
            }
        }
        int[]? locked = null;
        var lockNames = new List<string>();
        if (locks is { Count: > 0 })
        {
            locked = new int[n];
            Array.Fill(locked, -1);
            var problems = new List<InputProblem>();
            var nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (code, name) in locks)
            {
                int i = Practices.IndexOf(code);
                if (i < 0)
                {
                    problems.Add(new InputProblem($"lock {code}={name}", "practice_code", code, "No practice with this code is in the input (or it has 0 patients). Check the code."));
                    continue;
                }
                if (!nameIndex.TryGetValue(name, out int k)) { nameIndex[name] = k = lockNames.Count; lockNames.Add(name); }
                if (locked[i] >= 0 && locked[i] != k)
                    problems.Add(new InputProblem($"lock {code}={name}", "practice_code", code, $"The practice is already locked to '{lockNames[locked[i]]}'. Lock it to one consortium."));
                locked[i] = k;
            }
            if (problems.Count > 0) throw new InputException(problems);
        }
        return new Problem(Geography.PracticeGraph, patients, dep, spend, x, y, Rules, existing, locked, lockNames, codes, Geography.PracticeBorderMetres);
    }

    /// <summary>Writes consortia.geojson, practices.geojson and report.json into <paramref name="directory"/>, all or none (<see cref="OutputWriteException"/>).</summary>
    /// <remarks>With <paramref name="localities"/>, also localities.geojson, and each practice's locality in practices.geojson.</remarks>
    public void WriteOutputs(string directory, Evaluation evaluation, JsonObject parameters, IReadOnlyDictionary<string, JsonNode?>? extra = null,
        Evaluation? localities = null)
    {
        // Atomic: a layer that fails half-way (disk full, a geometry that cannot be drawn) leaves the folder as it was.
        var files = new List<(string, Action<Stream>)>
        {
            (Path.Combine(directory, "consortia.geojson"), f => PlanLayers.WriteConsortia(f, evaluation)),
            (Path.Combine(directory, "practices.geojson"), f => PlanLayers.WritePractices(f, Geography, evaluation.Plan, localities is null ? null : PlanLayers.LocalityOf(localities.Plan))),
            (Path.Combine(directory, "report.json"), f => PlanReport.Write(f, evaluation, Geography, parameters, extra)),
        };
        if (localities is not null)
            files.Add((Path.Combine(directory, "localities.geojson"), f => PlanLayers.WriteLocalities(f, localities, evaluation.Plan)));
        AtomicFile.WriteAll([.. files]);
    }
}
