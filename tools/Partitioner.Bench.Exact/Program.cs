using System.Globalization;
using Partitioner.Core.Geography;
using Partitioner.Core.Solving;
using Partitioner.Exact;

// Exact-mode benchmark over synthetic grids (practices 1 km apart, 10k–30k patients, consortia of 90k–160k,
// deprivation within ±15%). Usage: dotnet run -c Release -- [seconds per instance, default 10].
// Real CCG areas (gp_practices_england_2014_15.csv) are not wired in yet.
double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var options = new ExactOptions { TimeLimit = TimeSpan.FromSeconds(seconds) };
Console.WriteLine("instance,practices,status,seconds,objective,bound,gap");
foreach (var (rows, cols) in new[] { (4, 5), (5, 5), (5, 6), (6, 6), (6, 7), (7, 7) })
{
    for (int seed = 1; seed <= 4; seed++)
    {
        var problem = Grid(rows, cols, seed);
        var r = ExactSolver.Solve(problem, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grid{rows}x{cols}-s{seed},{problem.PracticeCount},{r.Status},{r.Elapsed.TotalSeconds:0.00},{r.Objective:0},{r.Bound:0},{r.Gap:0.0000}"));
    }
}

static Problem Grid(int rows, int cols, int seed)
{
    var random = new Random(seed);
    int n = rows * cols;
    var edges = new List<(int, int)>();
    var x = new double[n];
    var y = new double[n];
    var patients = new double[n];
    var deprivation = new double[n];
    var spend = new double[n];
    for (int r = 0; r < rows; r++)
    {
        for (int c = 0; c < cols; c++)
        {
            int v = r * cols + c;
            x[v] = c * 1000.0;
            y[v] = r * 1000.0;
            patients[v] = Math.Round(10_000 + random.NextDouble() * 20_000);
            deprivation[v] = 5 + 40 * random.NextDouble();
            spend[v] = patients[v] * 150;
            if (c + 1 < cols) edges.Add((v, v + 1));
            if (r + 1 < rows) edges.Add((v, v + cols));
        }
    }
    var rules = new ConsortiumRules
    {
        MinPatients = 90_000,
        MaxPatients = 160_000,
        Deprivation = new BalanceTolerance(0.15, ToleranceKind.Relative),
    };
    return new Problem(AdjacencyGraph.FromEdges(n, edges), patients, deprivation, spend, x, y, rules);
}
