using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Partitioner.Clients.Tests.Support;

namespace Partitioner.Clients.Tests;

/// <summary>
/// The map page in Debian's Chromium driven by Playwright against the real server: upload the bundled region file, run
/// a plan, inspect a consortium, compare two plans, download the GeoPackage; with an accessibility scan and every
/// request to any host but the server refused (and counted).
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed partial class MapPageTests(ServerFixture server)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task A_planner_uploads_practices_runs_two_plans_inspects_compares_and_downloads_them_offline()
    {
        Tool.Require(Chromium, "chromium");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = LaunchArgs, Timeout = 60_000,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = 1100 },
        });
        var service = new Uri(server.BaseUrl);
        var elsewhere = new ConcurrentBag<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || (url.Host == service.Host && url.Port == service.Port))
                await route.ContinueAsync();
            else
            {
                elsewhere.Add(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
            }
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var consoleErrors = new ConcurrentBag<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        page.PageError += (_, e) => consoleErrors.Add(e);

        await page.GotoAsync(server.BaseUrl + "/");
        await Assertions.Expect(page.Locator("#dataset option[value=region]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("path.practice").First).ToBeAttachedAsync();
        // The dataset's background: its outline and its bundled councils.
        await Assertions.Expect(page.Locator("#map .leaflet-councils-pane path")).ToHaveCountAsync(ServerFixture.Councils.Length);

        // Upload the bundled region file; its practices are drawn from the file before the run, and one is locked by clicking it.
        await page.SetInputFilesAsync("#practices-file", Repository.Path("data", "region", "practices.geojson"));
        await Assertions.Expect(page.Locator("#source-file")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("path.practice")).ToHaveCountAsync(300);
        await page.Locator("path.practice[data-code=N00002]").DispatchEventAsync("click");
        await Assertions.Expect(page.Locator("#lock-code")).ToHaveValueAsync("N00002");
        await page.FillAsync("#lock-name", "Kelbridge");
        await page.ClickAsync("#add-lock");
        await Assertions.Expect(page.Locator("#locks")).ToHaveValueAsync("N00002=Kelbridge");

        await page.FillAsync("#time-limit", "3");
        await page.FillAsync("#seed", "1");
        var first = await RunPlanAsync(page, expectedJobs: 1);

        // The plan is drawn, one polygon per consortium of the job's layer; the locked practice's consortium carries the lock's name.
        var consortia = JsonNode.Parse(await server.Http.GetStringAsync($"{server.BaseUrl}/v1/jobs/{first}/consortia"))!["features"]!.AsArray();
        await Assertions.Expect(page.Locator("path.consortium")).ToHaveCountAsync(consortia.Count);
        Assert.Contains(consortia, f => f!["properties"]!["name"]!.GetValue<string>() == "Kelbridge");

        // Click a consortium where no practice point covers it, then read its figures.
        var target = await page.EvaluateAsync<ClickPoint>(FindClickablePointScript);
        Assert.True(target.Found, "No point of any consortium polygon was free of practice points to click.");
        await page.Mouse.ClickAsync(target.X, target.Y);
        await Assertions.Expect(page.Locator("#consortium-name")).ToHaveTextAsync(target.Name);
        var expected = consortia.Single(f => f!["properties"]!["name"]!.GetValue<string>() == target.Name)!["properties"]!;
        Assert.Equal(expected["patients"]!.GetValue<long>(), Digits(await page.InnerTextAsync("#consortium-details [data-figure=patients]")));
        Assert.Equal(expected["practices"]!.GetValue<long>(), Digits(await page.InnerTextAsync("#consortium-details [data-figure=practices]")));
        Assert.Contains(expected["rules_broken"]!.GetValue<int>() == 0 ? "met" : "broken", await page.InnerTextAsync("#consortium-details [data-rule=within_bounds]") + await page.InnerTextAsync("#consortium-details [data-rule=balanced]"));

        // Keyboard: the list's buttons reach every consortium too.
        var other = consortia.Select(f => f!["properties"]!["name"]!.GetValue<string>()).First(n => n != target.Name);
        await page.Locator($"#consortia-list button[data-name='{other}']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#consortium-name")).ToHaveTextAsync(other);
        // …and so do the polygons themselves: Tab to one, Enter.
        var polygon = page.Locator("#map path.consortium").Last;
        await polygon.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#consortium-name")).ToHaveTextAsync((await polygon.GetAttributeAsync("data-name"))!);

        var screenshots = Directory.CreateDirectory(Repository.Path("TestResults", "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "map-page.png"), FullPage = true });

        await AssertAccessibleAsync(page);

        // A second plan with another seed and a lower maximum, then the two side by side.
        await page.FillAsync("#seed", "2");
        await page.FillAsync("#max", "500000");
        await page.FillAsync("#locks", "");
        var second = await RunPlanAsync(page, expectedJobs: 2);
        var secondCount = JsonNode.Parse(await server.Http.GetStringAsync($"{server.BaseUrl}/v1/jobs/{second}/consortia"))!["features"]!.AsArray().Count;
        await page.ClickAsync("#compare");
        await Assertions.Expect(page.Locator("#differences-table")).ToBeVisibleAsync();
        var row = page.Locator("#differences-table tbody tr").First;
        Assert.Equal(consortia.Count, Digits(await row.Locator("td").Nth(0).InnerTextAsync()));
        Assert.Equal(secondCount, Digits(await row.Locator("td").Nth(1).InnerTextAsync()));
        await Assertions.Expect(page.Locator("#map-a path.consortium")).ToHaveCountAsync(consortia.Count);
        await Assertions.Expect(page.Locator("#map-b path.consortium")).ToHaveCountAsync(secondCount);
        // Same extent: both maps show the same centre and zoom.
        var views = await page.EvaluateAsync<string[]>("() => ['map-a', 'map-b'].map(id => document.querySelector('#' + id + ' .leaflet-map-pane').style.transform + '|' + document.querySelector('#' + id + ' .leaflet-proxy')?.style.transform)");
        Assert.Equal(views[0], views[1]);
        Assert.Matches(@"^\d+ of 300$", await page.InnerTextAsync("[data-figure=moved]"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "map-page-compare.png"), FullPage = true });
        await AssertAccessibleAsync(page);

        // The GeoPackage of the second plan: a real GeoPackage with both layers and every feature.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-geopackage"));
        var gpkg = Path.Combine(server.Scratch, "map-page.gpkg");
        await download.SaveAsAsync(gpkg);
        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = gpkg, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            db.Open();
            Assert.Equal(0x47504B47L, Scalar(db, "PRAGMA application_id"));
            Assert.Equal(2L, Scalar(db, "SELECT count(*) FROM gpkg_contents WHERE table_name IN ('consortia', 'practices') AND data_type = 'features'"));
            Assert.Equal((long)secondCount, Scalar(db, "SELECT count(*) FROM consortia"));
            Assert.Equal(300L, Scalar(db, "SELECT count(*) FROM practices"));
        }

        Assert.True(elsewhere.IsEmpty, "The page asked for other hosts: " + string.Join(", ", elsewhere));
        Assert.True(consoleErrors.IsEmpty, "The page logged errors: " + string.Join(" | ", consoleErrors));
    }

    /// <summary>axe-core over the whole page as it stands: no serious or critical violation.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, "Accessibility violations: " + string.Join("; ",
            serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
        Assert.True(axe.Passes.Length > 0, "axe ran no rule.");
    }

    /// <summary>Clicks Run and waits until the page shows the new job's plan; returns the job id.</summary>
    private static async Task<string> RunPlanAsync(IPage page, int expectedJobs)
    {
        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#compare-b option")).ToHaveCountAsync(expectedJobs, new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("#download-geopackage")).ToBeVisibleAsync();
        var id = await page.EvaluateAsync<string>("() => document.body.dataset.job");
        var href = await page.GetAttributeAsync("#download-geopackage", "href");
        Assert.Equal($"/v1/jobs/{id}/geopackage", href);
        Assert.Equal("", await page.InnerTextAsync("#messages"));
        return id;
    }

    /// <summary>A point on a consortium polygon that is the topmost element there (so not under a practice point).</summary>
    private const string FindClickablePointScript = """
        () => {
          for (const path of document.querySelectorAll('#map path.consortium')) {
            const r = path.getBoundingClientRect();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
              const x = r.left + r.width * i / 12, y = r.top + r.height * j / 12;
              if (document.elementFromPoint(x, y) === path) return { found: true, x, y, name: path.dataset.name };
            }
          }
          return { found: false, x: 0, y: 0, name: '' };
        }
        """;

    /// <summary>What the script returns (Playwright fills it by property name).</summary>
    private sealed class ClickPoint
    {
        public bool Found { get; set; }
        public float X { get; set; }
        public float Y { get; set; }
        public string Name { get; set; } = "";
    }

    private static long Digits(string text)
    {
        var digits = DigitsOnly().Replace(text.Split('(')[0], "");
        Assert.True(digits.Length > 0, $"No number in '{text}'.");
        return long.Parse(digits);
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [GeneratedRegex("[^0-9]")]
    private static partial Regex DigitsOnly();
}
