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
    public PracticeSet ReadPractices(PlanningInput input, StudyRequest request, int maxPractices, string limitName, bool groupOptional = false)
    {
        PracticeSet practices;
        var read = request.ReadOptions() with { GroupOptional = groupOptional };
        if (input.Dataset is { } name)
        {
            var dataset = Find(name);
            practices = datasets.Practices(dataset, read);
        }
        else
        {
            practices = PracticeReader.Read(new MemoryStream(input.Practices ?? []), read);
        }
        if (practices.Count > maxPractices)
            throw ApiProblemException.TooLarge($"The request has {practices.Count:N0} practices; {limitName} accepts at most {maxPractices:N0}." +
                (limitName.Contains("solve", StringComparison.Ordinal) ? " Submit it as a job (POST /v1/jobs) instead." : " Split the study area."));
        return practices;
    }

    /// <summary>Prepares the study (geography and missing values) from already-read practices.</summary>
    public Study Prepare(PlanningInput input, StudyRequest request, PracticeSet practices) =>
        Study.Prepare(practices, WithDatasetBoundary(input, request));

    /// <summary>The request with the dataset's boundary as its study area when it names none.</summary>
    public StudyRequest WithDatasetBoundary(PlanningInput input, StudyRequest request) =>
        request.Boundary is null && input.Dataset is { } name && datasets.Boundary(Find(name)) is { } boundary
            ? request with { Boundary = boundary, BoundarySource = $"dataset {name}" }
            : request;

    private Dataset Find(string name) =>
        datasets.Find(name) ?? throw new InputException("body", "dataset", name,
            $"Unknown dataset. Available: {string.Join(", ", datasets.All.Select(d => d.Name))} (GET /v1/datasets).");

    /// <summary>The "parameters" section of a report: where the practices came from, every option of the request as it
    /// was applied (defaults included), and the options as given.</summary>
    public static JsonObject Parameters(PlanningInput input, string operation, StudyRequest request)
    {
        var p = new JsonObject
        {
            ["operation"] = operation,
            ["source"] = input.Source,
        };
        if (input.Dataset is not null) p["dataset"] = input.Dataset;
        foreach (var (key, value) in request.ToJson()) p[key] = value?.DeepClone();
        p["options"] = JsonSerializerNode(input.Options);
        return p;
    }

    private static JsonNode JsonSerializerNode(object o) =>
        System.Text.Json.JsonSerializer.SerializeToNode(o, ApiJson.Options) ?? new JsonObject();
}
