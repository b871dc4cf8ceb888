using System.Text;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Plans;

public sealed class PlanTests
{
    private const string TwoConsortia = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"consortium":"West","name":"West Wolds"},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.5],[-2.0,52.4]]]}},
         {"type":"Feature","properties":{"consortium":"East"},"geometry":{"type":"MultiPolygon","coordinates":[[[[-1.9,52.4],[-1.8,52.4],[-1.8,52.5],[-1.9,52.5],[-1.9,52.4]]]]}},
         {"type":"Feature","properties":{"consortium":"Empty"},"geometry":{"type":"Polygon","coordinates":[[[-1.0,52.4],[-0.9,52.4],[-0.9,52.5],[-1.0,52.5],[-1.0,52.4]]]}}]}
        """;

    private static AreaMap Map(string json) => AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "drawn.geojson", AreaKind.Consortium);

    [Fact]
    public void Drawn_consortia_take_the_practices_whose_surgeries_they_hold_and_the_nearest_takes_one_just_outside()
    {
        var set = TestPractices.FromCsv("practice_code,lon,lat,list_size\nW1,-1.95,52.45,1000\nE1,-1.85,52.45,1000\nW2,-1.99,52.41,1000\nNEAR,-1.85,52.509,1000\n");
        var plan = Plan.FromAreas(set, Map(TwoConsortia), out var notes);
        string[] of = [.. Enumerable.Range(0, set.Count).Select(i => plan.ConsortiumNames[plan.ConsortiumOf[i]])];
        Assert.Equal(["West", "East", "West", "East"], of);
        Assert.Contains(notes, n => n.Where == "practice NEAR" && n.Message.Contains("nearest, East"));
        Assert.Contains(notes, n => n.Where == "drawn.geojson consortium Empty" && n.Message.Contains("holds no practice"));
        Assert.Equal(2, plan.ConsortiumNames.Count);
    }

    [Fact]
    public void A_practice_far_outside_every_drawn_consortium_is_a_problem_naming_it()
    {
        var set = TestPractices.FromCsv("practice_code,lon,lat,list_size\nW1,-1.95,52.45,1000\nFAR,-1.95,52.7,1000\nFAR2,-1.5,52.45,1000\n");
        var e = Assert.Throws<InputException>(() => Plan.FromAreas(set, Map(TwoConsortia), out _));
        Assert.Equal(["practice FAR", "practice FAR2"], e.Problems.Select(p => p.Where));
        Assert.All(e.Problems, p => Assert.Contains("outside every consortium of drawn.geojson", p.Message));
    }

    [Fact]
    public void Drawn_consortia_without_a_name_or_twice_the_same_are_refused_by_feature()
    {
        var e = Assert.Throws<InputException>(() => Map("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"consortium":"A"},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.4]]]}},
             {"type":"Feature","properties":{"consortium":"A"},"geometry":{"type":"Polygon","coordinates":[[[-1.9,52.4],[-1.8,52.4],[-1.8,52.5],[-1.9,52.4]]]}},
             {"type":"Feature","properties":{"consortium":""},"geometry":{"type":"Polygon","coordinates":[[[-1.0,52.4],[-0.9,52.4],[-0.9,52.5],[-1.0,52.4]]]}}]}
            """));
        Assert.Contains(e.Problems, p => p.Where == "drawn.geojson feature 2" && p.Message.Contains("Consortium A appears twice"));
        Assert.Contains(e.Problems, p => p.Where == "drawn.geojson feature 3" && p.Message.Contains("The consortium has no code"));
    }

    [Fact]
    public void A_proposal_file_is_read_as_polygons_or_as_a_mapping_by_its_content()
    {
        var set = TestPractices.FromCsv("practice_code,lon,lat,list_size\nW1,-1.95,52.45,1000\nE1,-1.85,52.45,1000\n");
        var dir = Directory.CreateTempSubdirectory("proposal").FullName;
        try
        {
            var polygons = Path.Combine(dir, "drawn.txt");
            File.WriteAllText(polygons, "\uFEFF \n" + TwoConsortia);
            var csv = Path.Combine(dir, "map.geojson");
            File.WriteAllText(csv, "practice_code,consortium\nW1,West\nE1,East\n");
            var a = Plan.FromFile(set, polygons, out _);
            var b = Plan.FromFile(set, csv, out var none);
            Assert.Equal(a.ConsortiumNames, b.ConsortiumNames);
            Assert.Equal(a.ConsortiumOf, b.ConsortiumOf);
            Assert.Empty(none);
        }
        finally { Directory.Delete(dir, true); }
    }

    [RealDataFact]
    public void The_real_2013_ccg_boundaries_drawn_as_a_proposal_give_the_211_ccgs_of_nearly_every_practice()
    {
        var practices = PracticeReader.ReadFile(Support.RealData.Practices2014, new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        var map = AreaMap.ReadFile(Support.RealData.CcgBoundaries2013, AreaKind.Consortium);
        var plan = Plan.FromAreas(practices, map, out var notes);
        Assert.Equal(211, plan.ConsortiumNames.Count);
        // The polygons are named by "name"; their ODS code, read here from the file itself, is the practices' ccg_code.
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Support.RealData.CcgBoundaries2013));
        var codeOf = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("ccg_code").GetString()!);
        int differ = Enumerable.Range(0, practices.Count).Count(i => codeOf[plan.ConsortiumNames[plan.ConsortiumOf[i]]] != practices[i].Group);
        // The data's README: 193 practice points lie outside their own (generalised) CCG polygon, nearly all within a
        // few hundred metres of its border; the nearest polygon within 2 km takes some of them back.
        Assert.InRange(differ, 1, 193);
        Assert.Contains(notes, n => n.Message.Contains("put in the nearest"));
    }
}
