using System.Globalization;
using System.Text.Json.Nodes;
using Partitioner.Core.Councils;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The solve of a plan whose consortia are unions of whole councils: the solver works on <see cref="CouncilUnits"/>
/// and the plan is read back onto the practices, with a report section naming every council still split and why.
/// </summary>
internal static class WholeCouncilSolve
{
    /// <summary>Step budget per restart for cutting a council above the maximum (fixed, so the cut is the same on every machine).</summary>
    private const long PieceSteps = 20_000;

    /// <summary>Solves on the council units; <paramref name="contiguity"/> is the graph the plan is judged contiguous on.</summary>
    public static SolveResult Solve(Study study, Problem problem, SolverOptions options, Dictionary<string, JsonNode?> sections, List<string> notes,
        out AdjacencyGraph contiguity, CancellationToken cancellationToken)
    {
        if (study.Councils is null)
            throw new InputException("options", RequestOption.WholeCouncils.Name, "true",
                "Whole councils need each practice's council: name the practices' field (council_field, e.g. la_code_2014) or give council polygons (councils).");
        var pieceOptions = options with { MaxSteps = PieceSteps, Restarts = 2, MaxDegreeOfParallelism = 1, TimeLimit = TimeSpan.FromSeconds(30), Progress = null };
        var units = CouncilUnits.Build(problem, study.Councils, pieceOptions, cancellationToken);
        contiguity = units.ContiguityGraph;
        sections["whole_councils"] = Section(units, study.Councils);
        notes.Add(Note(units, study.Councils));
        var result = Solver.Solve(units.Problem, options, cancellationToken);
        if (result.ConsortiumOf.Length != units.UnitCount) return result;
        var of = units.Expand(result.ConsortiumOf);
        return result with { ConsortiumOf = of, ConsortiumNames = ConsortiumNaming.Names(problem, of, result.ConsortiumCount) };
    }

    private static JsonObject Section(CouncilUnits units, CouncilAssignment councils) => new()
    {
        ["councils"] = councils.Count,
        ["source"] = councils.Source,
        ["units"] = units.UnitCount,
        ["councils_split"] = units.Splits.Count,
        ["council_bridges"] = new JsonArray(units.Bridges.Select(b => (JsonNode)new JsonObject
        {
            ["council"] = b.Council,
            ["from_practice"] = b.FromCode,
            ["to_practice"] = b.ToCode,
            ["km"] = Math.Round(b.Km, 2),
        }).ToArray()),
        ["split"] = new JsonArray(units.Splits.Select(s => (JsonNode)new JsonObject
        {
            ["code"] = s.Code,
            ["name"] = s.Name,
            ["patients"] = s.Patients,
            ["pieces"] = s.Pieces,
            ["reason"] = Reason(s),
        }).ToArray()),
    };

    private static string Reason(CouncilSplit s) => s.NotConnected
        ? "more patients than the maximum, its practices not connected: each connected part cut into the fewest pieces"
        : "more patients than the maximum: cut into the fewest pieces";

    private static string Note(CouncilUnits units, CouncilAssignment councils)
    {
        string n(int v) => v.ToString("N0", CultureInfo.InvariantCulture);
        return $"Whole councils ({councils.Source}): {n(councils.Count - units.Splits.Count)} of {n(councils.Count)} councils kept in one unit, " +
            $"{n(units.Bridges.Count)} council bridge(s) joining parts of councils whose practices are not connected; " +
            $"{n(units.Splits.Count)} council(s) cut because they hold more patients than the maximum.";
    }
}
