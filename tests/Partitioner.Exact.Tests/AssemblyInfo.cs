// CBC 2.10 is not thread-safe and every native call already takes one process-wide lock, so running these
// tests in parallel gains nothing and only adds interleavings of native solves; run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
