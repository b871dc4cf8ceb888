using System.Diagnostics;
using System.Globalization;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Solving.Search;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// Samples an ensemble of valid plans for a study: independent reversible ReCom chains (<see cref="ReversibleRecomChain"/>)
/// over plans with a fixed number of consortia that meet every rule, each started from its own plan, recording every
/// <see cref="EnsembleOptions.Thin"/>-th plan after a burn-in, chains in parallel. The plans sample the spanning-tree
/// distribution restricted to valid plans of that count (π ∝ product of the consortia's spanning-tree counts), which
/// favours compact consortia the way the redistricting ensembles (GerryChain, redist) do. Thread-safe.
/// </summary>
public static class EnsembleSampler
{
    /// <summary>
    /// Samples an ensemble of <paramref name="study"/>'s plans. The practices' grouping field, when read, is the map
    /// disruption is measured from. Throws <see cref="InputException"/> for bad options, rules no plan can meet, or no
    /// starting plan found; <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static Ensemble Sample(Study study, EnsembleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var model = Model(study, options);
        int chains = options.Chains;
        var monitor = new EnsembleMonitor(options, options.Plans, cancellationToken);
        var outcomes = new ChainOutcome[chains];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, chains, parallel, c =>
            {
                int plans = options.Plans / chains + (c < options.Plans % chains ? 1 : 0);
                outcomes[c] = ChainRunner.Run(model, options, c, plans, monitor);
            });
        }
        catch (AggregateException e)
        {
            // The first chain's problem (an input problem or a cancellation) is the caller's, as if run on one thread.
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is InputException ? 0 : x is OperationCanceledException ? 1 : 2).First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        return Merge(model, options, outcomes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// What the chains of <paramref name="study"/>'s ensemble share, to sample them one at a time
    /// (<see cref="SampleChain"/>) and put them together (<see cref="Assemble"/>): the same ensemble as
    /// <see cref="Sample"/>. Throws <see cref="InputException"/> for bad options or rules no plan can meet.
    /// </summary>
    public static EnsembleSetup Prepare(Study study, EnsembleOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        return new EnsembleSetup(Model(study, options), options);
    }

    /// <summary>
    /// Samples chain <paramref name="chain"/> (0-based) alone: a pure function of the setup and the index, the same chain
    /// <see cref="Sample"/> runs. <paramref name="progress"/> (or else the options' sink) hears this chain only.
    /// Throws <see cref="InputException"/> when no starting plan is found, <see cref="OperationCanceledException"/>
    /// when cancelled.
    /// </summary>
    public static EnsembleChain SampleChain(EnsembleSetup setup, int chain, IProgress<EnsembleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfNegative(chain);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chain, setup.Options.Chains);
        int plans = setup.PlansOf(chain);
        var options = progress is null ? setup.Options : setup.Options with { Progress = progress };
        return new EnsembleChain(ChainRunner.Run(setup.Model, options, chain, plans, new EnsembleMonitor(options, plans, cancellationToken)));
    }

    /// <summary>
    /// The ensemble of every chain of the setup, given in chain order (each once): what <see cref="Sample"/> returns
    /// for the same study and options, bar the times. <paramref name="elapsedSeconds"/> is the sampling's wall time.
    /// </summary>
    public static Ensemble Assemble(EnsembleSetup setup, IReadOnlyList<EnsembleChain> chains, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count != setup.Options.Chains)
            throw new ArgumentException($"An ensemble of {setup.Options.Chains} chains cannot be assembled from {chains.Count}.", nameof(chains));
        for (int c = 0; c < chains.Count; c++)
            if (chains[c].Chain != c || chains[c].Plans != setup.PlansOf(c))
                throw new ArgumentException($"Chain {c} is missing or out of order (found chain {chains[c].Chain} of {chains[c].Plans} plans).", nameof(chains));
        return Merge(setup.Model, setup.Options, chains.Select(c => c.Outcome).ToArray(), elapsedSeconds);
    }

    /// <summary>Checks the options, fixes the count and flattens the study (shared by the chains).</summary>
    internal static EnsembleModel Model(Study study, EnsembleOptions options)
    {
        var problems = options.Problems();
        if (study.Rules.MinPatients <= 0)
            problems = [.. problems, new InputProblem("rules", "min", study.Rules.MinPatients.ToString(CultureInfo.InvariantCulture), "An ensemble needs a positive minimum consortium size.")];
        if (problems.Count > 0) throw new InputException(problems);

        // The count: the one asked for, or the solver's first choice for these rules.
        var baseRules = study.Rules with { SpreadWeight = 0, DisruptionWeight = 0, CountPreference = Rules.CountPreference.None, TargetSize = null };
        var free = study.ToProblem(existingGroups: true);
        var probe = Presolve.Build(Rebuilt(free, baseRules), SolveMode.Strict, new List<Infeasibility>());
        int k = options.Count ?? probe.Counts.Order[0];
        if (k < probe.Counts.KMin || k > probe.Counts.KMax)
            throw new InputException("ensemble", "count", k.ToString(CultureInfo.InvariantCulture),
                $"The rules allow {probe.Counts.KMin}–{probe.Counts.KMax} consortia for these {study.Practices.TotalPatients:N0} patients. Choose a count in that range.");
        if (k > ushort.MaxValue) throw new InputException("ensemble", "count", k.ToString(CultureInfo.InvariantCulture), $"At most {ushort.MaxValue} consortia per plan.");

        var problem = Rebuilt(free, baseRules with { MinCount = k, MaxCount = k });
        var issues = new List<Infeasibility>();
        var data = Presolve.Build(problem, SolveMode.Strict, issues);
        var proven = issues.Where(i => i.Proven).ToList();
        if (proven.Count > 0)
            throw new InputException(proven.Select(i => new InputProblem("rules", i.Kind.ToString(), null, i.Message)).ToList());
        return new EnsembleModel(problem, data, CellShape.Measure(study.Geography), k);
    }

    /// <summary>The study flattened for measuring plans (no count fixed) and its cell shape: what the outlier test
    /// measures a proposal with.</summary>
    internal static (SearchData Data, CellShape Shape) Flatten(Study study)
    {
        var rules = study.Rules with { SpreadWeight = 0, DisruptionWeight = 0, CountPreference = Rules.CountPreference.None, TargetSize = null, MinCount = null, MaxCount = null };
        var data = Presolve.Build(Rebuilt(study.ToProblem(existingGroups: true), rules), SolveMode.BestEffort, new List<Infeasibility>());
        return (data, CellShape.Measure(study.Geography));
    }

    private static Problem Rebuilt(Problem p, Rules.ConsortiumRules rules) =>
        new(p.Graph, p.Patients, p.Deprivation, p.Spend, p.X, p.Y, rules, p.ExistingGroup, null, null, p.PracticeCodes);

    private static Ensemble Merge(EnsembleModel model, EnsembleOptions options, ChainOutcome[] outcomes, double elapsed)
    {
        int total = outcomes.Sum(o => o.RecordSteps.Length), columns = PlanColumns.Names.Count;
        var merged = new double[columns][];
        for (int c = 0; c < columns; c++) merged[c] = new double[total];
        var chainOf = new int[total];
        var stepOf = new long[total];
        var together = new int[model.EdgeFrom.Length];
        var hashes = new HashSet<ulong>();
        var summaries = new List<ChainSummary>(outcomes.Length);
        int at = 0;
        foreach (var o in outcomes)
        {
            int plans = o.RecordSteps.Length;
            for (int c = 0; c < columns; c++) Array.Copy(o.Columns[c], 0, merged[c], at, plans);
            Array.Fill(chainOf, o.Chain, at, plans);
            Array.Copy(o.RecordSteps, 0, stepOf, at, plans);
            for (int e = 0; e < together.Length; e++) together[e] += o.Together[e];
            foreach (var h in o.Hashes) hashes.Add(h);
            summaries.Add(new ChainSummary(o.Chain, plans, o.Steps, o.Proposals, o.Accepted, o.WalkSteps, o.StartSteps, o.StartTime.TotalSeconds, o.SamplingTime.TotalSeconds));
            at += plans;
        }
        return new Ensemble(model.Problem.PracticeCodes, model.Count, options.Seed, options.Thin, options.EffectiveBurnIn, merged, chainOf, stepOf,
            outcomes.Select(o => o.Rows).ToArray(), model.EdgeFrom, model.EdgeTo, together, summaries, hashes.Count, elapsed);
    }
}
