using System.Diagnostics;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving.Search;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// Runs one chain: its starting plan (carved from random spanning trees and repaired by the solver until every rule is
/// met, seeded from the ensemble seed and the chain index), the burn-in, then a record every <see cref="EnsembleOptions.Thin"/>
/// steps: the plan's statistics, its compressed row, its hash and which neighbouring practices share a consortium. A pure
/// function of (model, options, chain index) whatever thread runs it.
/// </summary>
internal static class ChainRunner
{
    // Keeps the chains' streams apart from the solver restarts' streams of the same seed.
    private const ulong ChainSalt = 0x6E53_E4B1_E5C0_4A1DUL;
    private const int CheckEvery = 4096;

    public static ChainOutcome Run(EnsembleModel model, EnsembleOptions options, int chain, int plans, EnsembleMonitor monitor)
    {
        var ct = monitor.Token;
        var clock = Stopwatch.StartNew();
        var (start, startSteps) = StartingPlanFor(model, options, chain, ct);
        var startTime = clock.Elapsed;
        monitor.ChainStarted();

        var m = model.Data;
        int k = model.Count;
        var recom = new ReversibleRecomChain(m, start, k);
        var rng = Xoshiro256.ForRestart(options.Seed ^ ChainSalt, chain);
        long burnIn = options.EffectiveBurnIn;
        for (long s = 0; s < burnIn; s++)
        {
            if (s % CheckEvery == 0) ct.ThrowIfCancellationRequested();
            recom.Step(ref rng);
        }

        var stats = new PlanStatistics(m, model.Shape);
        var columns = new double[PlanColumns.Names.Count][];
        for (int c = 0; c < columns.Length; c++) columns[c] = new double[plans];
        var row = new double[columns.Length];
        var steps = new long[plans];
        var hashes = new ulong[plans];
        var together = new int[model.EdgeFrom.Length];
        var writer = new AssignmentRows.Writer(m.N, k);
        var assign = recom.Assign;
        long lastSteps = recom.Steps;
        for (int p = 0; p < plans; p++)
        {
            for (int s = 0; s < options.Thin; s++)
            {
                if (s % CheckEvery == 0) ct.ThrowIfCancellationRequested();
                recom.Step(ref rng);
            }
            stats.Measure(assign, k, row);
            for (int c = 0; c < columns.Length; c++) columns[c][p] = row[c];
            steps[p] = recom.Steps;
            writer.Append(assign);
            hashes[p] = Hash(writer.Canonical);
            for (int e = 0; e < together.Length; e++)
                if (assign[model.EdgeFrom[e]] == assign[model.EdgeTo[e]]) together[e]++;
            monitor.Recorded(1, recom.Steps - lastSteps);
            lastSteps = recom.Steps;
        }
        return new ChainOutcome
        {
            Chain = chain, Columns = columns, RecordSteps = steps, Rows = writer.Finish(), Hashes = hashes, Together = together,
            Steps = recom.Steps, Proposals = recom.Proposals, Accepted = recom.Accepted, WalkSteps = recom.WalkSteps, StartSteps = startSteps,
            StartTime = startTime, SamplingTime = clock.Elapsed - startTime,
        };
    }

    /// <summary>A plan of the model's count meeting every rule (<see cref="StartingPlan"/>): fresh carvings, seeded from
    /// (seed, chain), each repaired until it stalls, within the start budget; the steps used in all.</summary>
    private static (int[] Plan, long Steps) StartingPlanFor(EnsembleModel model, EnsembleOptions options, int chain, CancellationToken ct)
    {
        long budget = options.StartSteps ?? Math.Max(1_000_000L, 500L * model.Data.N);
        long stall = Math.Max(10_000L, 2L * model.Data.N);
        var seeds = Xoshiro256.ForRestart(options.Seed, chain);
        long total = 0;
        int tries = 0;
        while (total < budget)
        {
            tries++;
            var plan = StartingPlan.Find(model, seeds.NextUInt64(), budget - total, stall, ct, out long used);
            total += Math.Max(used, 1);
            if (plan is not null) return (plan, total);
        }
        throw new InputException($"chain {chain + 1}", "count", model.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"No starting plan of {model.Count} consortia meeting every rule was found in {total:N0} repair steps ({tries} carvings). Every plan of an ensemble must meet every rule: widen the tolerances, choose another count, or allow more start steps.");
    }

    private static ulong Hash(int[] row)
    {
        ulong h = 0xCBF2_9CE4_8422_2325UL;
        foreach (int x in row) h = (h ^ (uint)x) * 0x0000_0100_0000_01B3UL;
        return h ^ (h >> 29);
    }
}
