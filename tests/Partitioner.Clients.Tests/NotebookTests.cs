using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>examples/notebooks/what-if.ipynb, executed by Jupyter against the live server.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed class NotebookTests(ServerFixture server)
{
    [Fact]
    public async Task What_if_notebook_runs_every_cell_and_shows_the_comparison_table_maps_risk_sweep_and_ensemble()
    {
        await Tool.RequirePythonModulesAsync("nbconvert, nbclient, ipykernel, geopandas, matplotlib, requests",
            "jupyter-nbconvert python3-nbclient python3-ipykernel python3-geopandas python3-matplotlib python3-requests");
        var notebooks = Repository.Path("examples", "notebooks");
        var output = Path.Combine(server.Scratch, "what-if.executed.ipynb");

        var result = await Tool.RunAsync(Tool.Python,
            ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
             "--output", output, Path.Combine(notebooks, "what-if.ipynb")],
            "jupyter-nbconvert python3-nbclient python3-ipykernel", TimeSpan.FromMinutes(10),
            new Dictionary<string, string>
            {
                ["PARTITIONER_URL"] = server.BaseUrl,
                ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
                ["PYTHONDONTWRITEBYTECODE"] = "1", // keep examples/notebooks free of __pycache__
                // Caches and kernel connection files in the scratch folder, not in a possibly read-only HOME.
                ["MPLCONFIGDIR"] = Path.Combine(server.Scratch, "matplotlib"),
                ["IPYTHONDIR"] = Path.Combine(server.Scratch, "ipython"),
                ["JUPYTER_RUNTIME_DIR"] = Path.Combine(server.Scratch, "jupyter-runtime"),
            },
            notebooks);

        result.EnsureSuccess(); // nbconvert exits non-zero when a cell raises
        var outputs = JsonNode.Parse(await File.ReadAllTextAsync(output))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .SelectMany(c => c!["outputs"]!.AsArray())
            .ToList();
        var context = $"{result}\n--- server ---\n{server.ServerLog}";

        Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        var streams = string.Concat(outputs.Where(o => o!["output_type"]!.GetValue<string>() == "stream")
            .Select(o => Text(o!["text"])));
        // One progress line per poll; a fast job may already have finished at the first poll.
        foreach (var scenario in new[] { "100k-750k", "500k min, <=100", "tight deprivation" })
            Assert.Matches($@"(?m)^{Regex.Escape(scenario)}\s+succeeded\s+elapsed .*steps .*feasible", streams);

        var table = outputs.Select(o => Text(o!["data"]?["text/html"]))
            .FirstOrDefault(html => html.Contains("worst deprivation dev %"));
        Assert.True(table is not null, $"No comparison table in the executed notebook.\n{context}");
        Assert.Contains("<table", table);
        foreach (var scenario in new[] { "100k-750k", "500k min, &lt;=100", "tight deprivation" })
            Assert.Contains(scenario, table);
        foreach (var column in new[] { "consortia", "smallest", "largest", "worst spend dev %", "rules broken" })
            Assert.Contains(column, table);

        var images = outputs.Select(o => Text(o!["data"]?["image/png"])).Where(png => png.Length > 0).ToList();
        Assert.True(images.Count >= 4, $"Expected the maps, the risk plot, the sweep's plot and the ensemble histograms in the executed notebook, found {images.Count} image(s).\n{context}");
        Assert.All(images, image => Assert.True(Convert.FromBase64String(image.Replace("\n", "")).AsSpan(1, 3).SequenceEqual("PNG"u8), "An image output is not a PNG."));

        // The risk section: one line per size, the risk falling as the size grows.
        var risks = Regex.Matches(streams, @"overspend risk at\s+([\d,]+) patients:\s+([\d.]+)% beyond a 1% reserve")
            .Select(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(risks.Count == 4, $"Expected four risk lines.\n{streams}");
        Assert.True(risks.Zip(risks.Skip(1)).All(p => p.First > p.Second), string.Join(", ", risks));
        var riskTable = outputs.Select(o => Text(o!["data"]?["text/html"])).FirstOrDefault(html => html.Contains("reserve: mean"));
        Assert.True(riskTable is not null, $"No risk table by size band in the executed notebook.\n{context}");

        // The sweep: its progress, the proven bound and the trade-off table with one row per band.
        Assert.Matches(@"(?m)^sweep\s+succeeded\s+elapsed", streams);
        Assert.Matches(@"proven bound: no plan can do better than ±[0-9.]+%", streams);
        var sweep = outputs.Select(o => Text(o!["data"]?["text/html"])).FirstOrDefault(html => html.Contains("median_polsby_popper"));
        Assert.True(sweep is not null, $"No sweep table in the executed notebook.\n{context}");
        foreach (var column in new[] { "status", "consortia", "total_inertia_km2", "inertia_floor_km2", "patients_in_whole_councils_pct" })
            Assert.Contains(column, sweep);
        Assert.Equal(4, Regex.Matches(sweep, @"<th>(30|20|10|5)(\.0)?</th>").Count);
        // The floors: every band met prints its plan and the proven floor under it, the floor below the plan.
        var floors = Regex.Matches(streams, @"±[\d.]+%: plan ([\d,.]+) M patient·km², proven floor ([\d,.]+) M")
            .Select(m => (Plan: Number(m.Groups[1].Value), Floor: Number(m.Groups[2].Value))).ToList();
        Assert.True(floors.Count >= 2, $"Expected a floor line per band met.\n{streams}");
        Assert.All(floors, f => Assert.True(f.Floor <= f.Plan, $"floor {f.Floor} above its plan {f.Plan}"));
        Assert.Contains(floors, f => f.Floor > 0);

        // The drawn proposal: two neighbouring consortia dissolved into one polygon were evaluated as one consortium.
        var drawn = Regex.Match(streams, @"drawn proposal: (\S+) and (\S+) merged, (\d+) -> (\d+) consortia, largest ([\d,]+) patients");
        Assert.True(drawn.Success, $"No drawn proposal line.\n{streams}");
        Assert.NotEqual(drawn.Groups[1].Value, drawn.Groups[2].Value);
        Assert.Equal(int.Parse(drawn.Groups[3].Value) - 1, int.Parse(drawn.Groups[4].Value));

        // The ensemble section: the job ran, its verdict was printed, and the proposal was placed in two tables.
        Assert.Matches(@"(?m)^ensemble\s+succeeded\s+elapsed .*plans\s+400 of 400", streams);
        Assert.Matches("(Too short to trust|Converged by the usual rule)", streams);
        var html = outputs.Select(o => Text(o!["data"]?["text/html"])).ToList();
        Assert.Contains(html, h => h.Contains("ensemble_median") && h.Contains("deprivation_worst_pct"));
        Assert.Contains(html, h => h.Contains("deprivation percentile") && h.Contains("R01"));
    }

    private static double Number(string text) => double.Parse(text.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);

    // Notebook text fields are a string or a list of lines.
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };
}
