using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Partitioner.Api.Contracts;
using Partitioner.Api.Errors;
using Partitioner.Api.Input;
using Partitioner.Api.Limits;
using Partitioner.Api.Storage;
using Partitioner.Cluster.Storage;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;

namespace Partitioner.Api.Jobs;

/// <summary>
/// A solve job as a list of independent work items: item i solves the job's request with seed <c>seed + i</c> (one item
/// unless the request asks for several <c>seeds</c>), each a pure function of the stored input and its index. Both
/// modes run items through this class (embedded: one after another in the worker; cluster: on whichever silo claims
/// them) and gather them with <see cref="SeedGather"/>, so a job gives the same plan wherever it runs.
/// </summary>
public sealed class SolveWork(StudyLoader loader, IExactEngine exact, IOptions<PartitionerApiOptions> options) : IJobWork
{
    private readonly PartitionerApiOptions _settings = options.Value;

    public string Phase => "solving";

    IPreparedWork IJobWork.Prepare(StoredInput stored, string? specJson, string parametersJson, Action<string>? phase, CancellationToken ct, Work? work) =>
        Prepare(stored, phase, ct, work) with { ParametersJson = parametersJson };

    byte[] IJobWork.Run(IPreparedWork job, int item, IProgress<JsonObject>? progress, CancellationToken ct) =>
        Run((PreparedJob)job, item, progress is null ? null : new JsonProgress(progress, Phase), ct);

    JobOutcome IJobWork.Gather(Func<IPreparedWork> prepare, string parametersJson, IReadOnlyList<byte[]?> results) =>
        SeedGather.Gather(() => (PreparedJob)prepare(), parametersJson, results);

    /// <summary>A job's request: the job defaults (time limit, one thread) and this service's limits; seeds allowed.</summary>
    public StudyRequest Request(PlanningOptions o) =>
        RequestMapping.From(o, _settings.DefaultJobTimeLimitSeconds, _settings.JobLimits(), threads: 1, boundaryLimits: _settings.BoundaryLimits(),
            maxSeeds: _settings.MaxJobSeeds);

    /// <summary>How many work items a job of this request has (one for a job with levels, solved whole).</summary>
    public static int ItemCount(PlanningOptions o, StudyRequest request) => request.Levels.Any ? 1 : o.Seeds ?? 1;

    /// <summary>The request item <paramref name="item"/> solves: the job's, with its own seed.</summary>
    public static StudyRequest ItemRequest(StudyRequest job, int item) => job with { Seed = unchecked(job.Seed + (ulong)item) };

    /// <summary>
    /// Reads a stored job's options and practices and builds its geography (the part its items share); with
    /// <paramref name="work"/>, first waits until the service's memory admits the job's budget.
    /// </summary>
    public PreparedJob Prepare(StoredInput stored, Action<string>? phase, CancellationToken ct, Work? work = null)
    {
        var planning = RequestReader.StoredOptions(stored.OptionsJson);
        var input = new PlanningInput(stored.Dataset, stored.Practices, planning, stored.GroupBy);
        var request = Request(planning);
        phase?.Invoke("reading practices");
        var practices = loader.ReadPractices(input, request, _settings.MaxPractices, "a job");
        ct.ThrowIfCancellationRequested();
        work?.AdmitJob(loader.Budget(input, request, practices), phase);
        phase?.Invoke("building geography");
        var study = loader.Prepare(input, request, practices, ct);
        ct.ThrowIfCancellationRequested();
        return new PreparedJob(input, request, study, ItemCount(planning, request));
    }

    /// <summary>
    /// Solves item <paramref name="item"/> of a prepared job and returns its result document (UTF-8 JSON): the seed,
    /// the solver's status and score, the plan (names and assignment) and the report sections. Throws
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public byte[] Run(PreparedJob job, int item, IProgress<SolveProgress>? progress, CancellationToken ct)
    {
        if (job.Request.Levels.Any) return LevelsWork.Run(job, exact, progress, ct);
        var request = ItemRequest(job.Request, item);
        var outcome = Planner.Solve(job.Study, request, exact, progress, ct);
        ct.ThrowIfCancellationRequested();
        var result = outcome.Result;
        var stats = result.Statistics;
        var run = new JsonObject
        {
            ["seed"] = request.Seed,
            ["status"] = SolverReport.SnakeCase(result.Status.ToString()),
            ["termination"] = SolverReport.SnakeCase(result.Termination.ToString()),
            ["violation"] = double.IsFinite(result.Violation) ? result.Violation : null,
            ["objective"] = double.IsFinite(result.Objective.Total) ? result.Objective.Total : null,
            ["consortia"] = result.ConsortiumCount,
            ["elapsed_seconds"] = Math.Round(stats.Elapsed.TotalSeconds, 3),
            ["issues"] = new JsonArray(result.Issues.Select(i => (JsonNode)SolverReport.Issue(i)).ToArray()),
            ["progress"] = ProgressJson.Of(new SolveProgress(stats.Elapsed, stats.Steps, stats.Restarts, result.Objective.Total, result.Violation,
                result.Status == SolveStatus.Feasible), "done"),
            ["sections"] = new JsonObject(outcome.Sections.Select(s => KeyValuePair.Create(s.Key, s.Value?.DeepClone()))),
        };
        if (outcome.Plan is { } plan)
        {
            run["names"] = new JsonArray(plan.ConsortiumNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
            run["assignment"] = new JsonArray(plan.ConsortiumOf.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }
        if (outcome.Localities?.Plan is { } localities)
            run["localities"] = new JsonObject
            {
                ["names"] = new JsonArray(localities.ConsortiumNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["assignment"] = new JsonArray(localities.ConsortiumOf.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            };
        return JsonSerializer.SerializeToUtf8Bytes(run);
    }

    /// <summary>The result of an item whose job cannot run (its input has problems): the job fails with these.</summary>
    public static byte[] Failure(Exception e)
    {
        var (message, errors) = e switch
        {
            InputException input => ("The input has problems: " + ProblemExceptionHandler.Summary(input), Json(input.Problems.Take(ProblemExceptionHandler.MaxListed).Select(ErrorItem.From))),
            ApiProblemException problem => (problem.Message, Json((problem.Errors ?? []).Select(ErrorItem.From))),
            _ => throw new ArgumentException("Only input problems are results.", nameof(e)),
        };
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["failed"] = new JsonObject { ["message"] = message, ["errors"] = JsonNode.Parse(errors) } });
    }

    /// <summary>The solver's progress as the JSON a job's status shows.</summary>
    internal sealed class JsonProgress(IProgress<JsonObject> target, string phase) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => target.Report(ProgressJson.Of(value, phase));
    }

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.ToArray(), ApiJson.Options);
}
