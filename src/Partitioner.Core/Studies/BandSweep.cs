using System.Diagnostics;
using Partitioner.Core.Bounds;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Studies;

/// <summary>
/// The sweep use case: solves a series of balance bands (deprivation and spend at the same relative tolerance), each
/// through <see cref="Planner.Solve"/> with the request's other rules and solver options, down to the proven bound, and
/// returns the trade-off table (band, status, consortia, inertia, median Polsby–Popper, coterminosity, time; when asked,
/// the floor under each band's inertia). The geography is built once. A band below the bound is not solved: it is
/// reported impossible.
/// </summary>
public static class BandSweep
{
    /// <summary>
    /// Solves the bands of <paramref name="sweep"/> for <paramref name="practices"/> under <paramref name="request"/> (its
    /// balance rules are replaced by each band). <paramref name="bandDone"/> hears each row as it is made. Cancellation
    /// stops after the band being solved, which returns its best plan so far. Throws <see cref="InputException"/> for a
    /// bad sweep or bad input.
    /// </summary>
    public static SweepResult Run(PracticeSet practices, StudyRequest request, SweepBands sweep, IExactEngine? exact = null,
        Action<SweepRow>? bandDone = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var setup = Prepare(practices, request, sweep, cancellationToken);
        var rows = new List<SweepRow>(setup.Bands.Count);
        for (int i = 0; i < setup.Bands.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var row = SolveBand(setup, request, i, exact, null, cancellationToken);
            rows.Add(row);
            bandDone?.Invoke(row);
        }
        return new SweepResult(rows, setup.Bounds, setup.Study.Councils is not null, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The part of a sweep its bands share: the study (geography built once), the proven bounds and the bands resolved
    /// against them. Each band can then be solved alone, in any order or on another machine, with
    /// <see cref="SolveBand"/>; the rows in band order are the table <see cref="Run"/> gives. Throws
    /// <see cref="InputException"/> for a bad sweep or bad input.
    /// </summary>
    public static SweepSetup Prepare(PracticeSet practices, StudyRequest request, SweepBands sweep, CancellationToken cancellationToken = default)
    {
        var problems = sweep.Validate();
        if (problems.Count > 0) throw new InputException(problems);
        var first = WithBand(request, sweep.From ?? sweep.Bands![0]);
        var study = Study.Prepare(practices, first);
        var bounds = BandBoundCalculator.Compute(study.ToProblem(first.Locks, first.MinimisesDisruption), request.Threads, cancellationToken);
        return new SweepSetup(study, bounds, sweep.Resolve(bounds.Band), sweep.Floors);
    }

    /// <summary>
    /// The row of band <paramref name="index"/> of a prepared sweep: the band below the bound is reported impossible
    /// without solving; otherwise it is solved under <paramref name="request"/> with its balance replaced by the band.
    /// </summary>
    public static SweepRow SolveBand(SweepSetup setup, StudyRequest request, int index, IExactEngine? exact, IProgress<SolveProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        double band = setup.Bands[index];
        var banded = WithBand(request, band);
        if (setup.Floors && exact is null) throw new InvalidOperationException("The sweep asks for inertia floors, but no exact engine was given.");
        return BelowBound(band, setup.Bounds) ? new SweepRow(band, "impossible", 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, null, null, 0)
            : Solve(setup.Study.With(banded.Rules()), banded, band, exact, setup.Floors, progress, cancellationToken);
    }

    /// <summary>The most bands <paramref name="sweep"/> can resolve to, whatever the bound (the count itself for a list or a range with an end).</summary>
    public static int MostBands(SweepBands sweep) =>
        sweep.Bands?.Count ?? (sweep.To is null ? Math.Min(sweep.Resolve(0).Count + 1, SweepBands.MaxBands) : sweep.Resolve(0).Count);

    /// <summary>The request with deprivation and spend at <paramref name="band"/> of the area mean.</summary>
    public static StudyRequest WithBand(StudyRequest request, double band) => request with
    {
        Deprivation = new BalanceTolerance(band, ToleranceKind.Relative),
        Spend = new BalanceTolerance(band, ToleranceKind.Relative),
    };

    private static bool BelowBound(double band, BandBounds bounds) =>
        band < bounds.Band - BoundFindings.Margin;

    private static SweepRow Solve(Study study, StudyRequest request, double band, IExactEngine? exact, bool floors, IProgress<SolveProgress>? progress,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var outcome = Planner.Solve(study, request, exact, progress, ct);
        double seconds = clock.Elapsed.TotalSeconds;
        // The floor of the problem the band was solved on, whatever the plan.
        double floor = floors ? exact!.InertiaFloor(outcome.Problem, ct) : double.NaN;
        if (outcome.Evaluation is not { } e)
            return new SweepRow(band, "no_plan", 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, null, null, seconds, floor);
        var s = e.Summary;
        var pp = e.Consortia.Select(c => c.PolsbyPopper).Where(double.IsFinite).Order().ToArray();
        double median = pp.Length == 0 ? double.NaN : pp.Length % 2 == 1 ? pp[pp.Length / 2] : (pp[pp.Length / 2 - 1] + pp[pp.Length / 2]) / 2;
        int broken = e.Consortia.Count(c => c.Violations.Count > 0);
        return new SweepRow(band, s.MeetsAllRules ? "met" : outcome.Result.Status == SolveStatus.BestEffort ? "best_effort" : "no_plan",
            s.Consortia, s.TotalInertiaKm2, median, s.WorstDeprivationDeviationRelative, s.WorstSpendDeviationRelative, broken,
            s.Coterminosity?.CouncilsSplit, s.Coterminosity?.PatientsInWholeCouncils, seconds, floor);
    }

}
