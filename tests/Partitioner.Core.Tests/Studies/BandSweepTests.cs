using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Studies;

public sealed class BandSweepTests
{
    [Fact]
    public void A_range_runs_down_by_the_step_to_the_bound_and_ends_at_the_bound()
    {
        var range = new SweepBands { From = 0.3, Step = 0.05 };
        Assert.Equal(new[] { 0.3, 0.25, 0.2, 0.15, 0.1, 0.05 }, range.Resolve(0));
        Assert.Equal(new[] { 0.3, 0.25, 0.2, 0.15, 0.124 }, range.Resolve(0.1234));
        Assert.Equal(new[] { 0.3, 0.25, 0.2 }, (range with { To = 0.2 }).Resolve(0.1234));
        Assert.Equal(new[] { 0.2, 0.1 }, new SweepBands { Bands = [0.2, 0.1] }.Resolve(0.5));
    }

    [Fact]
    public void Bands_solved_one_at_a_time_in_any_order_give_the_rows_of_the_whole_sweep()
    {
        var row = TestPractices.Grid(1, 4, _ => 50_000, i => new[] { 60.0, 20, 20, 20 }[i]);
        var request = new StudyRequest { MinPatients = 100_000, MaxPatients = 100_000, MaxSteps = 2_000, Restarts = 1, Threads = 1, Mode = SolveMode.BestEffort };
        var range = new SweepBands { From = 0.5, Step = 0.1 };
        var whole = BandSweep.Run(row, request, range);
        var setup = BandSweep.Prepare(row, request, range);
        Assert.Equal(whole.Rows.Select(r => r.Band), setup.Bands);
        var rows = Enumerable.Range(0, setup.Bands.Count).Reverse().Select(i => (i, BandSweep.SolveBand(setup, request, i, null, null))).OrderBy(x => x.i).Select(x => x.Item2);
        Assert.Equal(whole.Rows.Select(r => r with { Seconds = 0 }), rows.Select(r => r with { Seconds = 0 }));
        // To the bound (1/3): 0.5, 0.4 and the bound; no range resolves to more than MostBands.
        Assert.Equal(3, setup.Bands.Count);
        Assert.True(BandSweep.MostBands(range) >= setup.Bands.Count);
        Assert.Equal(6, BandSweep.MostBands(range));
        Assert.Equal(2, BandSweep.MostBands(new SweepBands { Bands = [0.2, 0.1] }));
        Assert.Equal(3, BandSweep.MostBands(range with { To = 0.3 }));
    }

    [Fact]
    public void The_text_forms_are_read_and_a_bad_sweep_names_its_option()
    {
        var problems = new List<InputProblem>();
        Assert.Equal(new[] { 0.3, 0.25, 0.2 }, SweepBands.Parse("0.3, 25%,0.2", null, null, null, problems).Bands);
        Assert.Equal(0.1, SweepBands.Parse(null, 0.3, "10%", 0.05, problems).To);
        Assert.Null(SweepBands.Parse(null, 0.3, "bound", 0.05, problems).To);
        Assert.Empty(problems);
        SweepBands.Parse("0.3,wide", null, "soon", null, problems);
        Assert.Equal(new[] { "sweep.bands", "sweep.to" }, problems.Select(p => p.Field));
        // A to or a step beside a list of bands would be left out without a word: each is named instead.
        problems.Clear();
        SweepBands.Parse("0.3,0.2", null, "bound", 0.05, problems);
        Assert.Equal(new[] { "sweep.to", "sweep.step" }, problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Contains("list of bands", p.Message));
        problems.Clear();
        Assert.Contains(new SweepBands { Bands = [0.3], From = 0.3 }.Validate(), p => p.Field == "sweep.bands");
        Assert.Contains(new SweepBands().Validate(), p => p.Field == "sweep.bands");
        Assert.Contains(new SweepBands { Bands = [0.3, 0] }.Validate(), p => p.Field == "sweep.bands" && p.Value == "0");
        Assert.Contains(new SweepBands { From = 0.3, To = 0.5 }.Validate(), p => p.Field == "sweep.to");
        Assert.Contains(new SweepBands { From = 0.3, Step = 0.001, To = 0 }.Validate(), p => p.Field == "sweep.step");
    }

    [Fact]
    public void Each_band_is_solved_through_the_planner_and_bands_below_the_bound_are_impossible()
    {
        // Four practices of 50,000 in a row, deprivation 60, 20, 20, 20 and equal spend per patient: only the pairs fit
        // consortia of exactly 100,000, and no plan does better than ±33.3% on deprivation.
        var row = TestPractices.Grid(1, 4, _ => 50_000, i => new[] { 60.0, 20, 20, 20 }[i]);
        var request = new StudyRequest { MinPatients = 100_000, MaxPatients = 100_000, MaxSteps = 2_000, Restarts = 1, Threads = 1, Mode = SolveMode.BestEffort };
        var heard = new List<double>();
        var result = BandSweep.Run(row, request, new SweepBands { From = 0.5, Step = 0.1, To = 0.1 }, bandDone: r => heard.Add(r.Band));
        Assert.Equal(1.0 / 3, result.Bounds.Band, 9);
        Assert.Equal(new[] { 0.5, 0.4, 0.3, 0.2, 0.1 }, result.Rows.Select(r => r.Band));
        Assert.Equal(heard, result.Rows.Select(r => r.Band));
        Assert.Equal(new[] { "met", "met", "impossible", "impossible", "impossible" }, result.Rows.Select(r => r.Status));
        var met = result.Rows[0];
        Assert.Equal(2, met.Consortia);
        Assert.Equal(1.0 / 3, met.WorstDeprivation, 9);
        Assert.True(met.InertiaKm2 > 0 && met.MedianPolsbyPopper > 0);
        Assert.False(result.HasCouncils);
        Assert.Null(met.CouncilsSplit);
        var csv = SweepTable.ToCsv(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', SweepTable.Columns), csv[0]);
        Assert.StartsWith("50,met,2,", csv[1]);
        Assert.StartsWith("30,impossible,0,", csv[3]);
        Assert.Equal(33.33, (double)SweepTable.ToJson(result, [])["bound"]!["band_pct"]!);
    }
}
