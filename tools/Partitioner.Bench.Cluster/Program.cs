using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Partitioner.Bench.Cluster;

// Cluster benchmarks (Release, on one machine, every node a process on 127.0.0.1):
//   throughput: fanned-out work items per second with 1, 2 and 3 worker silos, and the per-silo scaling: ensembles
//               (one item per chain; --work ensemble, the default) or solves of several seeds (--work seeds);
//   overhead:   one time-limited solve (the README's England job) in cluster mode (API node + one worker silo) against
//               the embedded mode, end to end (submission to result) and in search steps, runs interleaved.
// Needs a PostgreSQL role that may create databases: --postgres "Host=127.0.0.1;Port=5433;Database=postgres;Username=partitioner;Password=partitioner"
// (bash tools/cluster/setup-postgres.sh start), or PARTITIONER_TEST_POSTGRES.
var options = Args(args);
string server = options.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("PARTITIONER_TEST_POSTGRES")
    ?? throw new ArgumentException("Give --postgres CONNECTION (a role that may create databases); bash tools/cluster/setup-postgres.sh start prints one.");
string what = options.GetValueOrDefault("mode") ?? "both";
Console.WriteLine($"# {DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, load average {Load()}");
if (what is "throughput" or "both") await Throughput();
if (what is "overhead" or "both") await Overhead();
return;

async Task Throughput()
{
    int jobs = Int("jobs", 2), seeds = Int("seeds", 6), slots = Int("slots", 1), plans = Int("plans", 1200), thin = Int("thin", 100);
    long steps = long.Parse(options.GetValueOrDefault("steps") ?? "60000", CultureInfo.InvariantCulture);
    var silos = (options.GetValueOrDefault("silos") ?? "1,2,3").Split(',').Select(int.Parse).ToArray();
    string dataset = options.GetValueOrDefault("dataset") ?? "region";
    bool ensembles = (options.GetValueOrDefault("work") ?? "ensemble") == "ensemble";
    Console.WriteLine(ensembles
        ? $"## throughput: {jobs} ensembles x {seeds} chains on {dataset} ({plans:N0} plans each, thin {thin}, 8 consortia), {slots} slot(s) per silo"
        : $"## throughput: {jobs} jobs x {seeds} seeds on {dataset}, {steps:N0} steps per restart, 1 restart, {slots} slot(s) per silo");
    Console.WriteLine("silos\titems\tseconds\titems_per_s\tspeed_up\tper_silo\tmean_item_s\tload_before\tload_after");
    double baseline = 0;
    foreach (int k in silos)
    {
        await using var db = await Database.CreateAsync(server);
        var nodes = new List<Node>();
        try
        {
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, k).Select(_ => Node.WorkerAsync(db.Connection, slots))));
            await Until(async () => await db.ScalarAsync("SELECT count(*) FROM orleansmembershiptable WHERE status = 3") == k, TimeSpan.FromMinutes(2));
            using var client = nodes[0].Client();
            string load = Load();
            var clock = Stopwatch.StartNew();
            var ids = new List<string>();
            for (int j = 0; j < jobs; j++)
            {
                var body = ensembles
                    ? new JsonObject
                    {
                        ["dataset"] = dataset,
                        ["group_by"] = "ccg_code",
                        ["options"] = new JsonObject { ["balance"] = "deprivation=0.3" },
                        ["ensemble"] = new JsonObject { ["plans"] = plans, ["chains"] = seeds, ["thin"] = thin, ["count"] = 8, ["seed"] = 100 * (j + 1) },
                    }
                    : new JsonObject
                    {
                        ["dataset"] = dataset,
                        ["options"] = new JsonObject { ["seed"] = 100 * (j + 1), ["seeds"] = seeds, ["max_steps"] = steps, ["restarts"] = 1, ["mode"] = "best_effort", ["time_limit_seconds"] = 1800 },
                    };
                var response = await client.PostAsJsonAsync(ensembles ? "/v1/ensembles" : "/v1/jobs", body);
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
            }
            foreach (var id in ids) await Wait(client, id, TimeSpan.FromMinutes(30));
            double seconds = clock.Elapsed.TotalSeconds;
            double mean = await db.ScalarDoubleAsync("SELECT avg(coalesce(convert_from(result, 'UTF8')::json -> 'progress' ->> 'elapsed_seconds', convert_from(result, 'UTF8')::json ->> 'elapsed_seconds')::float) FROM partitioner_work_items");
            double rate = jobs * seeds / seconds;
            if (baseline == 0) baseline = rate;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{k}\t{jobs * seeds}\t{seconds:F1}\t{rate:F3}\t{rate / baseline:F2}\t{rate / baseline / k:F2}\t{mean:F1}\t{load}\t{Load()}"));
        }
        finally
        {
            foreach (var n in nodes) n.Dispose();
        }
    }
}

async Task Overhead()
{
    int runs = Int("runs", 2);
    double limit = double.Parse(options.GetValueOrDefault("seconds") ?? "30", CultureInfo.InvariantCulture);
    string dataset = options.GetValueOrDefault("overhead-dataset") ?? "england";
    var body = new JsonObject
    {
        ["dataset"] = dataset,
        ["options"] = new JsonObject { ["balance"] = "deprivation=0.2,spend=0.1", ["time_limit_seconds"] = limit, ["seed"] = 1, ["mode"] = "best_effort" },
    };
    Console.WriteLine($"## overhead: one {limit} s solve of {dataset} (deprivation ±20%, spend ±10%), embedded against cluster (API node + 1 worker silo), {runs} run(s) each, interleaved");
    Console.WriteLine("mode\trun\tend_to_end_s\tsolve_s\tsteps\tsteps_per_s\tload");
    var totals = new Dictionary<string, (double Wall, double Steps, double Solve)> { ["embedded"] = default, ["cluster"] = default };
    for (int r = 1; r <= runs; r++)
    {
        foreach (var mode in new[] { "embedded", "cluster" })
        {
            string sqlite = Path.Combine(Path.GetTempPath(), $"partitioner-bench-{Guid.NewGuid():N}.db");
            await using var db = mode == "cluster" ? await Database.CreateAsync(server) : null;
            var nodes = new List<Node>();
            try
            {
                if (db is null) nodes.Add(await Node.EmbeddedAsync(sqlite));
                else
                {
                    nodes.Add(await Node.WorkerAsync(db.Connection, 1));
                    nodes.Add(await Node.ApiAsync(db.Connection));
                    await Until(async () => await db.ScalarAsync("SELECT count(*) FROM orleansmembershiptable WHERE status = 3") == 1, TimeSpan.FromMinutes(2));
                }
                using var client = nodes[^1].Client();
                await Task.Delay(3000); // let the fresh processes settle (JIT, first connections) before the clock starts
                string load = Load();
                var clock = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync("/v1/jobs", body);
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                var status = await Wait(client, id, TimeSpan.FromMinutes(10));
                double wall = clock.Elapsed.TotalSeconds;
                double solve = status["summary"]?["elapsed_seconds"]?.GetValue<double>() ?? double.NaN;
                long steps = status["progress"]?["steps"]?.GetValue<long>() ?? 0;
                var t = totals[mode];
                totals[mode] = (t.Wall + wall, t.Steps + steps, t.Solve + solve);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}\t{r}\t{wall:F2}\t{solve:F2}\t{steps}\t{steps / solve:F0}\t{load}"));
            }
            finally
            {
                foreach (var n in nodes) n.Dispose();
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(sqlite + suffix);
            }
        }
    }
    var (e, c) = (totals["embedded"], totals["cluster"]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"overhead: end to end {100 * (c.Wall - e.Wall) / e.Wall:F1}% ({c.Wall / runs:F2} s against {e.Wall / runs:F2} s), search steps per second {100 * (1 - (c.Steps / c.Solve) / (e.Steps / e.Solve)):F1}% fewer"));
}

static async Task<JsonObject> Wait(HttpClient client, string id, TimeSpan limit)
{
    var deadline = DateTime.UtcNow + limit;
    while (DateTime.UtcNow < deadline)
    {
        var status = JsonNode.Parse(await client.GetStringAsync($"/v1/jobs/{id}"))!.AsObject();
        var state = status["state"]!.GetValue<string>();
        if (state == "succeeded") return status;
        if (state is "failed" or "cancelled") throw new InvalidOperationException($"Job {id} {state}: {status["message"]}");
        await Task.Delay(200);
    }
    throw new TimeoutException($"Job {id} did not finish in {limit}.");
}

static async Task Until(Func<Task<bool>> condition, TimeSpan limit)
{
    var deadline = DateTime.UtcNow + limit;
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException("The cluster did not form.");
        await Task.Delay(250);
    }
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

static Dictionary<string, string> Args(string[] args)
{
    var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (int i = 0; i + 1 < args.Length; i += 2) d[args[i].TrimStart('-')] = args[i + 1];
    return d;
}

/// <summary>A database of its own for one measurement, with the cluster schema; dropped afterwards.</summary>
internal sealed class Database(string server, string name, string connection) : IAsyncDisposable
{
    public string Connection { get; } = connection;

    public static async Task<Database> CreateAsync(string server)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        return new Database(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var c = new NpgsqlConnection(Connection);
        await c.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<double> ScalarDoubleAsync(string sql)
    {
        await using var c = new NpgsqlConnection(Connection);
        await c.OpenAsync();
        return Convert.ToDouble(await new NpgsqlCommand(sql, c).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
    }
}
