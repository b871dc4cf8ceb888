using System.Text.Json.Nodes;
using Partitioner.Api.Datasets;
using Partitioner.Api.Errors;
using Partitioner.Api.Limits;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Input;

/// <summary>Reads a request's practices (inline or a dataset), checks the practice limit and prepares the study.</summary>
public sealed class StudyLoader(DatasetCatalog datasets)
{
    /// <summary>
    /// Reads the practices only (fast): the reader stops at <paramref name="maxPractices"/> (413 past it, naming
    /// <paramref name="limitName"/>); throws InputException (400), or ApiProblemException 404/413.
    /// </summary>
    public PracticeSet ReadPractices(PlanningInput input, StudyRequest request, int maxPractices, string limitName, bool groupOptional = false)
    {
        var options = request.ReadOptions() with { MaxPractices = maxPractices, GroupOptional = groupOptional };
        PracticeSet practices;
        try
        {
            practices = input.Dataset is { } name
                ? datasets.Practices(Find(name), options)
                : PracticeReader.Read(new MemoryStream(input.Practices ?? []), options);
        }
        catch (InputException e) when (e.ExceedsLimit && e.Problems is [{ Field: "(rows)" or "features" }])
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Too many practices",
                $"The request has more than {maxPractices:N0} practices; {limitName} accepts at most {maxPractices:N0}." +
                (limitName.Contains("solve", StringComparison.Ordinal) ? " Submit it as a job (POST /v1/jobs) instead." : " Split the study area."), e.Problems);
        }
        if (practices.Count > maxPractices)
            throw ApiProblemException.TooLarge($"The request has {practices.Count:N0} practices; {limitName} accepts at most {maxPractices:N0}." +
                (limitName.Contains("solve", StringComparison.Ordinal) ? " Submit it as a job (POST /v1/jobs) instead." : " Split the study area."));
        return practices;
    }

    /// <summary>The boundary the study will use: the request's, else the dataset's (null = the practices' hull).</summary>
    public StudyRequest WithBoundary(PlanningInput input, StudyRequest request) =>
        request.Boundary is null && input.Dataset is { } name && datasets.Boundary(Find(name)) is { } boundary
            ? request with { Boundary = boundary, BoundarySource = $"dataset {name}" }
            : request;

    /// <summary>Prepares the study (geography and missing values) from already-read practices; stops when <paramref name="ct"/> is cancelled.</summary>
    public Study Prepare(PlanningInput input, StudyRequest request, PracticeSet practices, CancellationToken ct = default) =>
        Study.Prepare(practices, WithBoundary(input, request), ct);

    /// <summary>The budget of work on <paramref name="practices"/> with the request's boundary (or the dataset's).</summary>
    public WorkBudget Budget(PlanningInput input, StudyRequest request, PracticeSet practices) =>
        WorkBudget.For(practices.Count, WithBoundary(input, request).Boundary?.NumPoints ?? 0, request.TimeLimitSeconds);

    /// <summary>The memory and time an ensemble of <paramref name="sampling"/>'s plans and steps over these practices may use.</summary>
    public WorkBudget EnsembleBudget(PlanningInput input, StudyRequest request, PracticeSet practices, Partitioner.Core.Ensembles.EnsembleOptions sampling) =>
        WorkBudget.ForEnsemble(practices.Count, WithBoundary(input, request).Boundary?.NumPoints ?? 0, sampling.Plans,
            (long)sampling.Plans * sampling.Thin + sampling.Chains * sampling.EffectiveBurnIn);

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
