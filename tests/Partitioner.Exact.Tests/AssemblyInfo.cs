// Exact solves are thread-safe (ConcurrentSolveTests runs four at once), but each CP-SAT solve already uses every core;
// running the tests one at a time keeps their time limits meaningful on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
