using System.Text.Json.Nodes;
using Partitioner.Clients.Tests.Support;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;

namespace Partitioner.Clients.Tests;

/// <summary>A plan edited in QGIS (qgis_process) and saved as a GeoPackage, read back as the proposal drawn.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Clients")]
public sealed class QgisEditTests(ServerFixture server)
{
    [Fact]
    public async Task Consortia_merged_in_qgis_and_saved_as_a_geopackage_read_back_as_the_proposal_drawn()
    {
        Tool.Require(Tool.QgisProcess, "qgis");
        var folder = Directory.CreateDirectory(Path.Combine(server.Scratch, "qgis-merge")).FullName;
        var consortia = Path.Combine(folder, "consortia.geojson");
        await File.WriteAllBytesAsync(consortia, await server.Http.GetByteArrayAsync(server.ConsortiaUrl));
        var names = JsonNode.Parse(File.ReadAllText(consortia))!["features"]!.AsArray().Select(f => (string)f!["properties"]!["name"]!).ToArray();
        string first = names[0], second = names[1];
        var labelled = Path.Combine(folder, "labelled.gpkg");
        var merged = Path.Combine(folder, "merged.gpkg");
        // A planner's edit in QGIS: a field naming each proposed consortium, the first two given one name, then dissolved.
        (await Tool.RunAsync(Tool.QgisProcess,
            ["run", "native:fieldcalculator", $"--INPUT={consortia}", "--FIELD_NAME=consortium", "--FIELD_TYPE=2", "--FIELD_LENGTH=40",
             $"--FORMULA=CASE WHEN \"name\" = '{second}' THEN '{first}' ELSE \"name\" END", $"--OUTPUT={labelled}"],
            "qgis", TimeSpan.FromMinutes(3), Tool.HeadlessQt(folder))).EnsureSuccess();
        (await Tool.RunAsync(Tool.QgisProcess,
            ["run", "native:dissolve", $"--INPUT={labelled}", "--FIELD=consortium", $"--OUTPUT={merged}"],
            "qgis", TimeSpan.FromMinutes(3), Tool.HeadlessQt(folder))).EnsureSuccess();

        var practices = PracticeReader.ReadFile(Repository.Path("data", "region", "practices.geojson"));
        var plan = Plan.FromFile(practices, merged, out _);
        Assert.Equal(names.Length - 1, plan.ConsortiumNames.Count);
        var job = JsonNode.Parse(await server.Http.GetStringAsync(server.PracticesUrl))!["features"]!.AsArray()
            .ToDictionary(f => (string)f!["properties"]!["practice_code"]!, f => (string)f!["properties"]!["consortium"]!);
        for (int i = 0; i < practices.Count; i++)
        {
            var was = job[practices[i].Code];
            Assert.Equal(was == second ? first : was, plan.ConsortiumNames[plan.ConsortiumOf[i]]);
        }
    }
}
