using System.Globalization;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// How an ensemble is sampled. Reproducibility: the same study, rules and these options (bar the parallelism and the
/// progress sink) give the same ensemble on any number of cores, because every chain is a pure function of (data,
/// seed, chain index): its starting plan and its steps draw from its own xoshiro256** stream.
/// </summary>
public sealed record EnsembleOptions
{
    /// <summary>Plans to record in all, shared between the chains (the first chains take one more when it does not divide).</summary>
    public int Plans { get; init; } = 1000;

    /// <summary>Independent chains, each from its own starting plan (at least 2 for a convergence check across chains).</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Seed of the chains' random streams.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Chain steps between recorded plans (thinning); every step counts, including those that keep the plan.</summary>
    public int Thin { get; init; } = 100;

    /// <summary>Steps each chain takes before its first record, to forget its starting plan; null = 10 × <see cref="Thin"/>.</summary>
    public long? BurnIn { get; init; }

    /// <summary>Number of consortia of every plan (a ReCom chain keeps the count); null = the solver's default count for the rules.</summary>
    public int? Count { get; init; }

    /// <summary>Repair steps allowed for each chain's starting plan, over as many fresh carvings as it takes (a repair
    /// that stops improving starts again from a new carving); null = 500 × practices, at least 1,000,000.</summary>
    public long? StartSteps { get; init; }

    /// <summary>Chains run in parallel (null = processor count). Does not change the ensemble.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Receives progress from worker threads, one call at a time, about every <see cref="ProgressInterval"/>.</summary>
    public IProgress<EnsembleProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most chain steps an ensemble takes in all, and repair steps a chain's start takes: 100,000 plans thinned
    /// at 10,000, far past any ensemble that converges (a day of a chain on all England), and within what a service job's
    /// deadline can be set to.</summary>
    public const double MaxSteps = 1e9;

    /// <summary>The burn-in that applies.</summary>
    public long EffectiveBurnIn => BurnIn ?? 10L * Thin;

    /// <summary>What is wrong with these options, each naming its field (snake_case) and value; empty when they can run.</summary>
    public IReadOnlyList<InputProblem> Problems()
    {
        var problems = new List<InputProblem>();
        void Add(string field, object? value, string message) =>
            problems.Add(new InputProblem("ensemble", field, Convert.ToString(value, CultureInfo.InvariantCulture), message));
        if (Chains < 1) Add("chains", Chains, "Give 1 or more chains (4 or more for a convergence check worth the name).");
        if (Plans < Math.Max(1, Chains)) Add("plans", Plans, "Record at least one plan per chain.");
        if (Thin < 1) Add("thin", Thin, "Record every 1st step or more (1 = every step).");
        if (BurnIn is < 0) Add("burn_in", BurnIn, "Give 0 or more burn-in steps.");
        if (Count is < 1) Add("count", Count, "Give 1 or more consortia.");
        if (StartSteps is < 1) Add("start_steps", StartSteps, "Give 1 or more repair steps.");
        // In doubles: the chains times a burn-in near long.MaxValue would overflow.
        double steps = (double)Plans * Thin + (double)Chains * EffectiveBurnIn;
        if (problems.Count == 0 && steps > MaxSteps)
            problems.Add(new InputProblem("ensemble", "plans × thin + chains × burn_in", steps.ToString("N0", CultureInfo.InvariantCulture),
                $"At most {MaxSteps:N0} chain steps per ensemble. Record fewer plans, thin less or burn in for fewer steps."));
        if (StartSteps > MaxSteps) Add("start_steps", StartSteps, $"At most {MaxSteps:N0} repair steps per chain.");
        return problems;
    }
}
