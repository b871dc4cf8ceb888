using Partitioner.Bench;

// Benchmarks that print figures (not tests). Run in Release:
//   dotnet run --project tools/Partitioner.Bench -c Release -- geography <practices.csv> [--boundary FILE]
//   dotnet run --project tools/Partitioner.Bench -c Release -- solve <practices.csv> [--balance deprivation=0.1] [--seconds 1,5,30] [--bands 0.1,0.05]
//   dotnet run --project tools/Partitioner.Bench -c Release -- pool <practices.csv> [--runs 1] [--seconds 10] [--exact-seconds 120] [--deprivation 0.15] [--pool 20000] [--by-time true]
//   dotnet run --project tools/Partitioner.Bench -c Release -- maxp <practices.csv> [--only nhse_area_team_code=Q71] [--min 100000] [--seconds 1,5]
//   dotnet run --project tools/Partitioner.Bench -c Release -- bounds <practices.csv> [--boundary FILE] [--ranges 100000-750000,30000-30000] [--runs 3] [--threads N] [--missing mean|exclude]
//   dotnet run --project tools/Partitioner.Bench -c Release -- ensemble <practices.csv> [--balance deprivation=0.25] [--missing mean] [--plans 10000] [--chains 4] [--thin 100] [--threads 2] [--count K] [--out DIR]
//   dotnet run --project tools/Partitioner.Bench -c Release -- relax <practices.csv> [--k 134] [--bands 0.25,0.15] [--near 12] [--iterations 5] [--seed 1] [--contiguous N] [--lp glop|highs]
//   dotnet run --project tools/Partitioner.Bench -c Release -- balance-bound <practices.csv> [--bands 0.25,0.2,0.15,0.1] [--group-by FIELD] [--cancel-after S]
//   dotnet run --project tools/Partitioner.Bench -c Release -- outliers <practices.csv> --ensemble DIR --group-by ccg_code [--names ccg_name] [--missing mean]
//   solve also takes [--steps N] (fixed work per restart), [--restarts N], [--boundary-weight W] and [--recom-share 0 --repair-share 0] (pure boundary moves)
//   dotnet run --project tools/Partitioner.Bench -c Release -- risk <practices.csv> [--resamples 200]
//   dotnet run --project tools/Partitioner.Bench -c Release -- mosaic <practices.csv> [--area Q71] [--distance 2] [--density 5000] [--bands 0.1,0.05] [--steps 400000]
//   dotnet run --project tools/Partitioner.Bench -c Release -- disruption <practices.csv> [--weights 0,1,3,10] [--balance 0.15] [--steps 1000000]
//   dotnet run --project tools/Partitioner.Bench -c Release -- moves <practices.csv> [--moves 0,100,250,500,1000] [--balance 0.15]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: geography <practices> [--boundary FILE] | pool <practices> [--runs 8] [--seconds 10] | solve <practices> [--boundary FILE] [--balance deprivation=0.1] [--balance spend=0.1] [--seconds 30] [--missing exclude]");
    return 2;
}
return args[0] switch
{
    "geography" => GeographyBenchmark.Run(args[1], args[2..]),
    "solve" => SolveBenchmark.Run(args[1], args[2..]),
    "pool" => PoolBenchmark.Run(args[1], args[2..]),
    "maxp" => MaxPBenchmark.Run(args[1], args[2..]),
    "risk" => LevelsBenchmark.Risk(args[1], args[2..]),
    "mosaic" => LevelsBenchmark.Mosaic(args[1], args[2..]),
    "disruption" => LevelsBenchmark.Disruption(args[1], args[2..]),
    "moves" => LevelsBenchmark.Moves(args[1], args[2..]),
    "bounds" => BoundsBenchmark.Run(args[1], args[2..]),
    "ensemble" => EnsembleBenchmark.Run(args[1], args[2..]),
    "outliers" => OutlierBenchmark.Run(args[1], args[2..]),
    "relax" => RelaxBenchmark.Run(args[1], args[2..]),
    "balance-bound" => BalanceBoundBenchmark.Run(args[1], args[2..]),
    _ => 2,
};
