using System.CommandLine;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Cli.Commands;

/// <summary><c>partitioner solve</c>: finds a plan that meets the rules (the Core solve use case, <see cref="Planner"/>).</summary>
internal sealed class SolveCommand
{
    private static readonly StudyRequest Defaults = new();
    private readonly StudyOptions _study = new();
    private readonly PlanShapeOptions _shape = new();
    private readonly Option<ulong> _seed = new("--seed") { Description = "Random seed: the same input and seed give the same plan.", DefaultValueFactory = _ => Defaults.Seed };
    private readonly Option<double> _time = new("--time") { Description = "Time limit in seconds.", DefaultValueFactory = _ => Defaults.TimeLimitSeconds };
    private readonly Option<long?> _maxSteps = new("--max-steps") { Description = "Step budget per restart (for reproducible runs independent of machine speed). Default: 400 x practices; small areas get 50,000,000 / practices, 200,000 to 2,000,000." };
    private readonly Option<int> _restarts = new("--restarts") { Description = "Independent restarts (run in parallel).", DefaultValueFactory = _ => Defaults.Restarts };
    private readonly Option<int?> _threads = new("--threads") { Description = "Worker threads (default: all cores). The plan does not depend on it." };
    private readonly Option<bool> _exact = new("--exact") { Description = "After the heuristic, prove the optimum with the exact solver (CP-SAT; small areas, up to ~80 practices), hinted with a heuristic plan." };
    private readonly Option<bool> _recombine = new("--recombine") { Description = "Keep the valid consortia the search meets (up to 3,000) and let the exact solver (CP-SAT) choose the most compact set of them that covers every practice." };
    private readonly Option<double?> _localities = new("--localities") { Description = "Also split every consortium into contiguous localities of at most this many patients (e.g. 30000; the fewest, then the most compact), written as localities.geojson and a locality per practice." };
    private readonly LevelOptions _levels = new();
    private readonly Option<string> _mode = new("--mode") { Description = "strict (no plan unless every rule is met; says why) or best-effort (least-violating plan, every violation listed).", DefaultValueFactory = _ => "strict" };

    public static Command Create() => new SolveCommand().Build();

    private Command Build()
    {
        var command = new Command("solve", "Find a plan of contiguous, balanced consortia within the population bounds.");
        _study.AddTo(command);
        _shape.AddTo(command);
        foreach (var o in new Option[] { _seed, _time, _maxSteps, _restarts, _threads, _mode, _exact, _recombine, _localities })
            command.Options.Add(o);
        _levels.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() => Run(r)));
        return command;
    }

    /// <summary>The Core request these arguments state (for tests: the same mapping the command runs).</summary>
    public static StudyRequest Map(string[] args)
    {
        var command = new SolveCommand();
        var root = new RootCommand { command.Build() };
        var parsed = root.Parse(["solve", .. args]);
        if (parsed.Errors.Count > 0) throw new InputException("solve", "arguments", string.Join(' ', args), string.Join(" ", parsed.Errors.Select(e => e.Message)));
        return command.Request(parsed);
    }

    /// <summary>Maps the arguments onto a request and checks it; every problem is reported at once, named by its flag.</summary>
    private StudyRequest Request(ParseResult r)
    {
        var problems = new List<InputProblem>();
        var request = _study.Request(r, r.GetValue(_shape.GroupBy), problems) with
        {
            Seed = r.GetValue(_seed),
            TimeLimitSeconds = r.GetValue(_time),
            MaxSteps = r.GetValue(_maxSteps),
            Restarts = r.GetValue(_restarts),
            Threads = r.GetValue(_threads),
            Mode = RequestText.Mode(r.GetValue(_mode), problems) ?? Defaults.Mode,
            Exact = r.GetValue(_exact),
            Recombine = r.GetValue(_recombine),
            LocalityMax = r.GetValue(_localities),
            RiskReserve = r.GetValue(_levels.RiskReserve),
        };
        request = _shape.Apply(r, request, problems);
        request = request with { Levels = _levels.Request(r, request.Rules(), request.GroupBy, request.Locks, problems) };
        return StudyOptions.Checked(request, problems);
    }

    private int Run(ParseResult r)
    {
        var request = Request(r);
        var study = _study.Prepare(r, request);
        using var progress = new ProgressDisplay();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        if (request.Levels.Any)
        {
            var levels = LevelsStudy.Solve(study, request.Levels, request.SolverOptions(progress), cancel.Token, request.LocalityMax, request.LocalityMax is null ? null : new ExactEngine());
            progress.Finish();
            return LevelOptions.Finish(study, levels, _study.Parameters(r, "solve", request), r.GetValue(_study.Out)!, r.GetValue(_study.Format));
        }
        var outcome = Planner.Solve(study, request, request.NeedsExactEngine ? new ExactEngine() : null, progress, cancel.Token);
        progress.Finish();

        foreach (var issue in outcome.Result.Issues)
            Console.Error.WriteLine($"  {(issue.Proven ? "cannot be met" : "not met")}: {issue.Message}");
        foreach (var note in outcome.Notes) Console.Error.WriteLine($"  {note}");
        if (outcome.Evaluation is null)
        {
            Console.Error.WriteLine("No plan meets every rule (strict mode). Relax the rules named above, or use --mode best-effort to get the least-violating plan.");
            return 4;
        }
        string outDir = r.GetValue(_study.Out)!;
        study.WriteOutputs(outDir, outcome.Evaluation, _study.Parameters(r, "solve", request), outcome.Sections, outcome.Localities);
        OutputFormat.Write(r.GetValue(_study.Format), outDir);
        Summary.Print(outcome.Evaluation, outDir);
        return outcome.Evaluation.Summary.MeetsAllRules ? 0 : 3;
    }
}
