namespace Partitioner.Cluster.Tests;

/// <summary>
/// A test that needs a PostgreSQL server: it runs when <see cref="TestPostgres.Variable"/> names one (tools/test.sh
/// starts one and sets it), and is skipped with the reason otherwise, except in CI (CI=true), where it runs and fails
/// so that a missing database is never a green run.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null && !TestPostgres.InCi)
            Skip = $"No PostgreSQL for the cluster tests: set {TestPostgres.Variable} to a connection string of a role that may create databases " +
                   "(bash tools/cluster/setup-postgres.sh start prints one), or run bash tools/test.sh, which starts one.";
    }
}
