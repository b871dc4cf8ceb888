using Partitioner.Api.Limits;

namespace Partitioner.Api.Tests.Limits;

public sealed class WorkBudgetTests
{
    [Fact]
    public void A_budget_grows_with_the_practices_and_the_boundary_vertices()
    {
        var small = WorkBudget.For(300, 0, 0);
        var england = WorkBudget.For(7_500, 0, 0);
        var detailed = WorkBudget.For(300, 50_000, 0);
        Assert.True(england.Bytes > small.Bytes && detailed.Bytes > small.Bytes);
        Assert.True(england.Time > small.Time && detailed.Time > small.Time);
        Assert.Equal(WorkBudget.BaseBytes + 7_500 * WorkBudget.BytesPerPractice, england.Bytes);
    }

    [Fact]
    public void The_time_budget_covers_the_search_and_the_exact_steps_within_the_time_limit()
    {
        // The search, recombination, re-cuts and a proof may each take the whole time limit.
        var without = WorkBudget.For(1_000, 0, 0);
        var with = WorkBudget.For(1_000, 0, 60);
        Assert.Equal(TimeSpan.FromSeconds(240), with.Time - without.Time);
    }

    [Fact]
    public void The_largest_request_the_defaults_accept_fits_the_default_memory_limit()
    {
        var options = new PartitionerApiOptions();
        var largest = WorkBudget.For(options.MaxPractices, options.MaxBoundaryVertices, options.MaxJobTimeLimitSeconds);
        Assert.True(largest.Bytes < PartitionerApiOptions.DefaultMaxMemoryBytes, largest.Describe());
        Assert.Contains("20,000 practices in a boundary of 50,000 vertices", largest.Describe());
    }
}

public sealed class WorkDeadlineTests
{
    [Fact]
    public void A_budget_longer_than_a_timer_can_hold_gets_the_longest_deadline_not_a_failed_job()
    {
        // Found by the fuzzing harness: an ensemble of absurd thinning had a budget of years, and setting its deadline
        // threw inside the job runner ("failed unexpectedly").
        var admission = new WorkAdmission(Microsoft.Extensions.Options.Options.Create(new PartitionerApiOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkAdmission>.Instance);
        using var work = admission.BeginJob("an ensemble", CancellationToken.None);
        work.Admit(new WorkBudget(300, 0, 1024 * 1024, TimeSpan.FromDays(400)), wait: false);
        Assert.Equal(Work.MaxDeadline, work.Deadline);
        Assert.False(work.Token.IsCancellationRequested);
    }
}
