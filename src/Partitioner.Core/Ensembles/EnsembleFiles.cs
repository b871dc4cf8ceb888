using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;

namespace Partitioner.Core.Ensembles;

/// <summary>
/// An ensemble on disk (or in any named-stream store): <c>ensemble.json</c> (what was sampled, the chains, convergence),
/// <c>plans.csv</c> (one row per plan, one column per statistic: the columnar statistics), <c>assignments.bin</c>
/// (every plan's assignment, compressed per chain), <c>practices.csv</c> (practice order of the assignments),
/// <c>coassignment.csv</c> (per neighbouring pair, how often it shares a consortium), and two GeoJSON layers for QGIS
/// (<see cref="EnsembleLayers"/>): <c>coassignment.geojson</c> and <c>cores.geojson</c> (stable cores).
/// <see cref="Read(Func{string, Stream?})"/> reads back everything but the layers.
/// </summary>
public static class EnsembleFiles
{
    public const string Summary = "ensemble.json", Plans = "plans.csv", Assignments = "assignments.bin", Practices = "practices.csv",
        CoAssignment = "coassignment.csv", CoAssignmentLayer = "coassignment.geojson", Cores = "cores.geojson";

    /// <summary>Every file, in the order they are written.</summary>
    public static IReadOnlyList<string> Names { get; } = [Summary, Plans, Assignments, Practices, CoAssignment, CoAssignmentLayer, Cores];

    private const string Format = "partitioner-ensemble/1";
    private static readonly byte[] Magic = "PTNASG1\n"u8.ToArray();

    /// <summary>Writes the ensemble into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, Ensemble ensemble, Study study, JsonObject parameters, double coreShare = 0.9)
    {
        Directory.CreateDirectory(directory);
        Write(name => File.Create(Path.Combine(directory, name)), ensemble, study, parameters, coreShare);
    }

    /// <summary>Writes every file through <paramref name="create"/> (which opens a new stream by file name).</summary>
    public static void Write(Func<string, Stream> create, Ensemble ensemble, Study study, JsonObject parameters, double coreShare = 0.9)
    {
        var cores = StableCores.Find(ensemble, coreShare);
        using (var s = create(Summary)) WriteSummary(s, ensemble, parameters, cores, coreShare);
        using (var s = create(Plans)) WritePlans(s, ensemble);
        using (var s = create(Assignments)) WriteAssignments(s, ensemble);
        using (var s = create(Practices)) WriteText(s, "practice_code\n" + string.Concat(ensemble.PracticeCodes.Select(c => Csv(c) + "\n")));
        using (var s = create(CoAssignment)) WriteCoAssignment(s, ensemble);
        using (var s = create(CoAssignmentLayer)) EnsembleLayers.WriteCoAssignment(s, ensemble, study);
        using (var s = create(Cores)) EnsembleLayers.WriteCores(s, ensemble, study, cores);
    }

    /// <summary>Reads an ensemble written by <see cref="Write(string, Ensemble, Study, JsonObject, double)"/>.</summary>
    public static Ensemble Read(string directory)
    {
        if (!File.Exists(Path.Combine(directory, Summary)))
            throw new InputException(directory, "--ensemble", directory, $"No ensemble here: {Summary} is missing. Give the folder `partitioner ensemble --out` wrote.");
        return Read(name => File.Exists(Path.Combine(directory, name)) ? File.OpenRead(Path.Combine(directory, name)) : null);
    }

    /// <summary>Reads an ensemble through <paramref name="open"/> (a stream by file name, or null when absent).</summary>
    public static Ensemble Read(Func<string, Stream?> open)
    {
        Stream Open(string name) => open(name) ?? throw new InputException(name, "(file)", null, $"The ensemble's {name} is missing; write the ensemble again.");
        JsonObject summary;
        using (var s = Open(Summary)) summary = JsonNode.Parse(s)?.AsObject() ?? throw Bad(Summary, "not a JSON object");
        if (summary["format"]?.GetValue<string>() != Format) throw Bad(Summary, $"not a {Format} file");
        List<string> codes;
        using (var s = Open(Practices)) codes = ReadLines(s).Skip(1).Select(Uncsv).ToList();
        int count = summary["consortia"]!.GetValue<int>();
        var chains = summary["chain_summaries"]!.AsArray().Select(c => new ChainSummary(
            c!["chain"]!.GetValue<int>(), c["plans"]!.GetValue<int>(), c["steps"]!.GetValue<long>(), c["proposals"]!.GetValue<long>(),
            c["accepted"]!.GetValue<long>(), c["walk_steps"]!.GetValue<long>(), c["start_steps"]!.GetValue<long>(), c["start_seconds"]!.GetValue<double>(), c["sampling_seconds"]!.GetValue<double>())).ToList();
        var (columns, chainOf, stepOf) = ReadPlans(Open(Plans));
        var rows = ReadAssignments(Open(Assignments), codes.Count);
        var (from, to, together) = ReadCoAssignment(Open(CoAssignment), codes);
        if (rows.Sum(r => r.Plans) != chainOf.Length) throw Bad(Assignments, $"holds {rows.Sum(r => r.Plans)} plans but {Plans} lists {chainOf.Length}");
        return new Ensemble(codes, count, summary["seed"]!.GetValue<ulong>(), summary["thin"]!.GetValue<int>(), summary["burn_in"]!.GetValue<long>(),
            columns, chainOf, stepOf, rows, from, to, together, chains, summary["distinct_plans"]!.GetValue<int>(), summary["elapsed_seconds"]!.GetValue<double>());
    }

    /// <summary>The summary document (also what the API answers for an ensemble's report).</summary>
    public static JsonObject SummaryJson(Ensemble e, JsonObject parameters, IReadOnlyList<StableCore> cores, double coreShare)
    {
        var convergence = e.Convergence;
        return new JsonObject
        {
            ["format"] = Format,
            ["parameters"] = parameters.DeepClone(),
            ["distribution"] = $"The spanning-tree-weighted distribution over plans of {e.Count} contiguous consortia that all meet every rule: a plan's probability is proportional to the product over its consortia of the number of spanning trees of the consortium's practice graph (compact consortia have many). Sampled by reversible ReCom, a Metropolis–Hastings chain with this stationary distribution (Cannon, Duchin, Randall and Rule 2022).",
            ["practices"] = e.PracticeCodes.Count,
            ["consortia"] = e.Count,
            ["plans"] = e.Plans,
            ["distinct_plans"] = e.DistinctPlans,
            ["chains"] = e.Chains.Count,
            ["seed"] = e.Seed,
            ["thin"] = e.Thin,
            ["burn_in"] = e.BurnIn,
            ["acceptance_rate"] = Number(e.AcceptanceRate),
            ["elapsed_seconds"] = Math.Round(e.ElapsedSeconds, 3),
            ["chain_summaries"] = new JsonArray(e.Chains.Select(c => (JsonNode)new JsonObject
            {
                ["chain"] = c.Chain, ["plans"] = c.Plans, ["steps"] = c.Steps, ["proposals"] = c.Proposals, ["accepted"] = c.Accepted,
                ["acceptance_rate"] = Number(c.AcceptanceRate), ["walk_steps"] = c.WalkSteps, ["start_steps"] = c.StartSteps,
                ["start_seconds"] = Math.Round(c.StartSeconds, 3), ["sampling_seconds"] = Math.Round(c.SamplingSeconds, 3),
            }).ToArray()),
            ["convergence"] = new JsonObject
            {
                ["trusted"] = convergence.Trusted,
                ["verdict"] = convergence.Verdict,
                ["rule"] = $"every statistic: split R-hat at most {Convergence.MaxRHat.ToString(CultureInfo.InvariantCulture)} and effective sample size at least {Convergence.MinEffectiveSize:0} (Vehtari et al. 2021)",
                ["statistics"] = new JsonArray(convergence.Statistics.Select((s, i) => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name, ["description"] = PlanColumns.Descriptions[i], ["mean"] = Number(s.Mean), ["sd"] = Number(s.StandardDeviation),
                    ["split_rhat"] = Number(s.SplitRHat), ["ess"] = Number(s.EffectiveSampleSize), ["constant"] = s.Constant, ["passes"] = s.Passes,
                }).ToArray()),
            },
            ["stable_cores"] = new JsonObject
            {
                ["share"] = coreShare,
                ["cores"] = cores.Count,
                ["practices"] = cores.Sum(c => c.Practices.Length),
            },
            ["files"] = new JsonArray(Names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
        };
    }

    private static void WriteSummary(Stream s, Ensemble e, JsonObject parameters, IReadOnlyList<StableCore> cores, double coreShare)
    {
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        SummaryJson(e, parameters, cores, coreShare).WriteTo(w);
    }

    private static void WritePlans(Stream s, Ensemble e)
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
        w.Write("plan,chain,step");
        foreach (var name in PlanColumns.Names) { w.Write(','); w.Write(name); }
        w.Write('\n');
        for (int p = 0; p < e.Plans; p++)
        {
            w.Write(p.ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(e.PlanChain[p].ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(e.PlanStep[p].ToString(CultureInfo.InvariantCulture));
            foreach (var column in e.Columns)
            {
                w.Write(',');
                if (double.IsFinite(column[p])) w.Write(column[p].ToString("R", CultureInfo.InvariantCulture));
            }
            w.Write('\n');
        }
    }

    private static (double[][] Columns, int[] Chain, long[] Step) ReadPlans(Stream s)
    {
        using var r = new StreamReader(s);
        var header = (r.ReadLine() ?? throw Bad(Plans, "empty")).Split(',');
        var index = PlanColumns.Names.Select(n => Array.IndexOf(header, n)).ToArray();
        var columns = PlanColumns.Names.Select(_ => new List<double>()).ToArray();
        var chain = new List<int>();
        var step = new List<long>();
        string? line;
        int lineNo = 1;
        while ((line = r.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != header.Length) throw Bad(Plans, $"line {lineNo} has {f.Length} fields, the header {header.Length}");
            chain.Add(int.Parse(f[1], CultureInfo.InvariantCulture));
            step.Add(long.Parse(f[2], CultureInfo.InvariantCulture));
            for (int c = 0; c < columns.Length; c++)
                columns[c].Add(index[c] < 0 || f[index[c]].Length == 0 ? double.NaN : double.Parse(f[index[c]], CultureInfo.InvariantCulture));
        }
        return (columns.Select(c => c.ToArray()).ToArray(), chain.ToArray(), step.ToArray());
    }

    private static void WriteAssignments(Stream s, Ensemble e)
    {
        var header = new byte[16];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), e.PracticeCodes.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), e.Rows.Count);
        s.Write(header);
        var block = new byte[16];
        for (int c = 0; c < e.Rows.Count; c++)
        {
            var rows = e.Rows[c];
            BinaryPrimitives.WriteInt32LittleEndian(block, c);
            BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(4), rows.Plans);
            BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(8), rows.Deflated.Length);
            s.Write(block);
            s.Write(rows.Deflated);
        }
    }

    private static List<AssignmentRows> ReadAssignments(Stream s, int practices)
    {
        using (s)
        {
            var header = new byte[16];
            s.ReadExactly(header);
            if (!header.AsSpan(0, 8).SequenceEqual(Magic)) throw Bad(Assignments, "not an assignments file");
            if (BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != practices) throw Bad(Assignments, $"has rows of {BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))} practices, {Practices} lists {practices}");
            int chains = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            var list = new List<AssignmentRows>(chains);
            var block = new byte[16];
            for (int c = 0; c < chains; c++)
            {
                s.ReadExactly(block);
                int plans = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(4));
                long length = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(8));
                var data = new byte[length];
                s.ReadExactly(data);
                list.Add(AssignmentRows.FromDeflated(practices, plans, data));
            }
            return list;
        }
    }

    private static void WriteCoAssignment(Stream s, Ensemble e)
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
        w.Write("practice_a,practice_b,together_plans,together_pct\n");
        for (int i = 0; i < e.Together.Length; i++)
        {
            double pct = e.Plans > 0 ? 100.0 * e.Together[i] / e.Plans : double.NaN;
            w.Write($"{Csv(e.PracticeCodes[e.EdgeFrom[i]])},{Csv(e.PracticeCodes[e.EdgeTo[i]])},{e.Together[i].ToString(CultureInfo.InvariantCulture)},{pct.ToString("0.##", CultureInfo.InvariantCulture)}\n");
        }
    }

    private static (int[] From, int[] To, int[] Together) ReadCoAssignment(Stream s, List<string> codes)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < codes.Count; i++) index[codes[i]] = i;
        var from = new List<int>();
        var to = new List<int>();
        var together = new List<int>();
        foreach (var line in ReadLines(s).Skip(1))
        {
            var f = SplitCsv(line);
            if (f.Count < 3 || !index.TryGetValue(f[0], out int a) || !index.TryGetValue(f[1], out int b)) throw Bad(CoAssignment, $"row '{line}' does not name two practices of {Practices}");
            from.Add(a);
            to.Add(b);
            together.Add(int.Parse(f[2], CultureInfo.InvariantCulture));
        }
        return (from.ToArray(), to.ToArray(), together.ToArray());
    }

    private static IEnumerable<string> ReadLines(Stream s)
    {
        using var r = new StreamReader(s);
        string? line;
        while ((line = r.ReadLine()) is not null)
            if (line.Length > 0) yield return line;
    }

    private static void WriteText(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;

    private static string Csv(string v) => v.IndexOfAny([',', '"', '\n', '\r']) < 0 ? v : "\"" + v.Replace("\"", "\"\"") + "\"";

    private static string Uncsv(string v) => SplitCsv(v)[0];

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    private static InputException Bad(string file, string what) =>
        new(file, "(file)", null, $"The ensemble's {file} is {what}. Write the ensemble again with `partitioner ensemble`.");
}
