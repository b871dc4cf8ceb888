using System.Text.Json.Nodes;
using Partitioner.Api.Datasets;
using Partitioner.Api.Errors;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Input;

/// <summary>Reads a request's practices (inline or a dataset), checks the practice limit and prepares the study.</summary>
public sealed class StudyLoader(DatasetCatalog datasets)
{
    /// <summary>Reads the practices only (fast); throws InputException (400), or ApiProblemException 404/413.</summary>
    public PracticeSet ReadPractices(PlanningInput input, PlanningSettings settings, int maxPractices, string limitName)
    {
        PracticeSet practices;
        if (input.Dataset is { } name)
        {
            var dataset = Find(name);
            practices = datasets.Practices(dataset, settings.Read);
        }
        else
        {
            practices = PracticeReader.Read(new MemoryStream(input.Practices ?? []), settings.Read);
        }
        if (practices.Count > maxPractices)
            throw ApiProblemException.TooLarge($"The request has {practices.Count:N0} practices; {limitName} accepts at most {maxPractices:N0}." +
                (limitName.Contains("solve", StringComparison.Ordinal) ? " Submit it as a job (POST /v1/jobs) instead." : " Split the study area."));
        return practices;
    }

    /// <summary>Prepares the study (geography and missing values) from already-read practices.</summary>
    public Study Prepare(PlanningInput input, PlanningSettings settings, PracticeSet practices)
    {
        var boundary = settings.Boundary;
        if (boundary is null && input.Dataset is { } name) boundary = datasets.Boundary(Find(name));
        return Study.Prepare(practices, settings.Rules, settings.Missing, boundary, settings.BridgeIslands);
    }

    private Dataset Find(string name) =>
        datasets.Find(name) ?? throw new InputException("body", "dataset", name,
            $"Unknown dataset. Available: {string.Join(", ", datasets.All.Select(d => d.Name))} (GET /v1/datasets).");

    /// <summary>The "parameters" section of a report: the request's options as given, plus where the practices came from.</summary>
    public static JsonObject Parameters(PlanningInput input, string operation)
    {
        var options = JsonSerializerNode(input.Options);
        var p = new JsonObject
        {
            ["operation"] = operation,
            ["source"] = input.Source,
        };
        if (input.Dataset is not null) p["dataset"] = input.Dataset;
        if (input.GroupBy is not null) p["group_by"] = input.GroupBy;
        p["options"] = options;
        return p;
    }

    private static JsonNode JsonSerializerNode(object o) =>
        System.Text.Json.JsonSerializer.SerializeToNode(o, ApiJson.Options) ?? new JsonObject();
}
