using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
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
    private Study(PracticeSet practices, PracticeGeography geography, ConsortiumRules rules)
    {
        Practices = practices;
        Geography = geography;
        Rules = rules;
    }

    public PracticeSet Practices { get; }
    public PracticeGeography Geography { get; }
    public ConsortiumRules Rules { get; }

    /// <summary>
    /// Prepares a study: applies the missing-value policy (an error only when a rule needs the value),
    /// and builds the geography. Throws <see cref="InputException"/> for bad input, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stops the geography.
    /// </summary>
    public static Study Prepare(PracticeSet practices, ConsortiumRules rules, MissingValuePolicy missing = MissingValuePolicy.Error, Geometry? boundary = null, bool bridgeIslands = true,
        CancellationToken cancellationToken = default)
    {
        bool needDeprivation = rules.Deprivation is not null || rules.MinDeprivedShare is not null;
        bool needSpend = rules.Spend is not null;
        var treated = MissingValues.Apply(practices, missing, needDeprivation, needSpend);
        var geography = PracticeGeography.Build(treated, new GeographyOptions { Boundary = boundary, BridgeIslands = bridgeIslands }, cancellationToken);
        return new Study(treated, geography, rules);
    }

    /// <summary>Prepares the study a request describes: its rules, missing-value policy, boundary and bridges.</summary>
    public static Study Prepare(PracticeSet practices, StudyRequest request, CancellationToken cancellationToken = default) =>
        Prepare(practices, request.Rules(), request.Missing, request.Boundary, request.BridgeIslands, cancellationToken);

    /// <summary>Evaluates a plan against the study's rules (see <see cref="PlanEvaluator.Evaluate"/> for the cancellation).</summary>
    public Evaluation Evaluate(Plan plan, bool withPolygons = true, CancellationToken cancellationToken = default) =>
        PlanEvaluator.Evaluate(Geography, plan, Rules, withPolygons, cancellationToken);

    /// <summary>
    /// The solver's problem for this study. <paramref name="locks"/> pins practice codes to consortium
    /// names; <paramref name="existingGroups"/> uses the practices' grouping field for the disruption term.
    /// </summary>
    public Problem ToProblem(IReadOnlyList<KeyValuePair<string, string>>? locks = null, bool existingGroups = false)
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
        int[]? existing = null;
        if (existingGroups)
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
        return new Problem(Geography.PracticeGraph, patients, dep, spend, x, y, Rules, existing, locked, lockNames, codes);
    }

    /// <summary>Writes consortia.geojson, practices.geojson and report.json into <paramref name="directory"/>, all or none (<see cref="OutputWriteException"/>).</summary>
    public void WriteOutputs(string directory, Evaluation evaluation, JsonObject parameters, IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        // Atomic: a layer that fails half-way (disk full, a geometry that cannot be drawn) leaves the folder as it was.
        AtomicFile.WriteAll([
            (Path.Combine(directory, "consortia.geojson"), f => PlanLayers.WriteConsortia(f, evaluation)),
            (Path.Combine(directory, "practices.geojson"), f => PlanLayers.WritePractices(f, Geography, evaluation.Plan)),
            (Path.Combine(directory, "report.json"), f => PlanReport.Write(f, evaluation, Geography, parameters, extra)),
        ]);
    }
}
