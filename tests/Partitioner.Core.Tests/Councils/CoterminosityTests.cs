using System.Text;
using Partitioner.Core.Councils;
using Partitioner.Core.Geography;
using Partitioner.Core.Plans;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Councils;

public sealed class CoterminosityTests
{
    // Six practices in a row; councils A A B B C and one without a council.
    private const string Csv = """
        practice_code,easting,northing,list_size,imd_score,spend,la_code
        P0,400000,280000,100,20,1000,A
        P1,402000,280000,200,20,1000,A
        P2,404000,280000,300,20,1000,B
        P3,406000,280000,400,20,1000,B
        P4,408000,280000,500,20,1000,C
        P5,410000,280000,600,20,1000,
        """;

    private static Evaluation Evaluate(int[] of, CouncilAssignment? councils = null)
    {
        var set = TestPractices.FromCsv(Csv, new PracticeReadOptions { CoordinateSystem = CoordinateSystem.BritishNationalGrid });
        councils ??= CouncilAssignment.FromField(set, "la_code");
        var plan = new Plan(Enumerable.Range(0, of.Max() + 1).Select(c => $"C{c}").ToArray(), of);
        return PlanEvaluator.Evaluate(PracticeGeography.Build(set), plan, new ConsortiumRules { MinPatients = 1, MaxPatients = 1e9 }, withPolygons: false, councils: councils);
    }

    [Fact]
    public void A_plan_that_cuts_one_council_counts_its_pieces_and_the_patients_kept_whole()
    {
        // {P0,P1,P2} {P3,P4,P5}: A whole, B split in two, C whole.
        var e = Evaluate([0, 0, 0, 1, 1, 1]);
        var c = e.Summary.Coterminosity!;
        Assert.Equal((3, 1, 2), (c.Councils, c.CouncilsSplit, c.SplitCouncilPieces));
        // Patients with a council: 1,500; in whole councils A (300) and C (500).
        Assert.Equal(800.0 / 1500, c.PatientsInWholeCouncils, 12);
        Assert.Equal(1, c.PracticesWithoutCouncil);
        Assert.Equal((0, 0), (c.ConsortiaNested, c.ConsortiaOfWholeCouncils));
        Assert.Equal(new[] { 1, 2, 1 }, c.ByCouncil.Select(b => b.Consortia));
        var first = e.Consortia[0].Councils!;
        Assert.Equal((2, "A", false, false), (first.Councils, first.MainCouncil, first.NestsInCouncil, first.WholeCouncils));
        Assert.Equal(300.0 / 600, first.MainCouncilShare, 12);
        Assert.Equal(1, e.Consortia[1].Councils!.PracticesWithoutCouncil);
    }

    [Fact]
    public void Consortia_along_council_lines_nest_in_councils_and_are_unions_of_whole_ones()
    {
        // {P0,P1} = A, {P2,P3,P4,P5} = B + C (+ the practice without a council).
        var e = Evaluate([0, 0, 1, 1, 1, 1]);
        var c = e.Summary.Coterminosity!;
        Assert.Equal((0, 0), (c.CouncilsSplit, c.SplitCouncilPieces));
        Assert.Equal(1.0, c.PatientsInWholeCouncils, 12);
        Assert.Equal((1, 2), (c.ConsortiaNested, c.ConsortiaOfWholeCouncils));
        Assert.True(e.Consortia[0].Councils!.NestsInCouncil);
        Assert.True(e.Consortia[1].Councils!.WholeCouncils);
        Assert.Equal("B", e.Consortia[1].Councils!.MainCouncil);
        Assert.Equal(700.0 / 1200, e.Consortia[1].Councils!.MainCouncilShare, 12);
    }

    [Fact]
    public void Without_councils_the_evaluation_has_no_coterminosity()
    {
        var set = TestPractices.FromCsv(Csv, new PracticeReadOptions { CoordinateSystem = CoordinateSystem.BritishNationalGrid });
        var e = PlanEvaluator.Evaluate(PracticeGeography.Build(set), new Plan(["X"], new int[6]), new ConsortiumRules { MinPatients = 1, MaxPatients = 1e9 }, withPolygons: false);
        Assert.Null(e.Summary.Coterminosity);
        Assert.Null(e.Consortia[0].Councils);
    }

    [Fact]
    public void The_council_field_is_found_by_its_default_name_and_a_missing_one_is_named()
    {
        var set = TestPractices.FromCsv(Csv, new PracticeReadOptions { CoordinateSystem = CoordinateSystem.BritishNationalGrid });
        Assert.Equal("la_code", CouncilAssignment.DetectField(set));
        var e = Assert.Throws<InputException>(() => CouncilAssignment.FromField(set, "icb_code_2022"));
        Assert.Contains(e.Problems, p => p.Field == "council_field" && p.Value == "icb_code_2022");
    }

    [Fact]
    public void A_practice_takes_the_polygon_containing_it_or_the_nearest_within_two_km()
    {
        // Two squares side by side (WGS84, around Birmingham); practices inside each, one 1 km outside, one 20 km away.
        var set = TestPractices.FromCsv("""
            practice_code,lon,lat,list_size
            IN_WEST,-1.95,52.45,1000
            IN_EAST,-1.85,52.45,1000
            NEAR,-1.95,52.509,1000
            FAR,-1.95,52.7,1000
            """);
        var map = AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"la_code":"W","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.5],[-2.0,52.4]]]}},
             {"type":"Feature","properties":{"la_code":"E","name":"East"},"geometry":{"type":"Polygon","coordinates":[[[-1.9,52.4],[-1.8,52.4],[-1.8,52.5],[-1.9,52.5],[-1.9,52.4]]]}}]}
            """)), "two.geojson", AreaKind.Council);
        var councils = CouncilAssignment.FromPolygons(set, map);
        Assert.Equal(new[] { "W", "E" }, councils.Codes);
        Assert.Equal(new[] { "West", "East" }, councils.Names);
        Assert.Equal(new[] { 0, 1, 0, -1 }, councils.CouncilOf);
        Assert.Contains(councils.Warnings, w => w.Where == "practice NEAR" && w.Message.Contains("nearest, West"));
        Assert.Contains(councils.Warnings, w => w.Where == "practice FAR" && w.Message.Contains("no council"));
    }

    [Fact]
    public void A_request_naming_both_a_council_field_and_polygons_is_refused()
    {
        var map = AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"W"},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.4]]]}}]}
            """)), "one.geojson", AreaKind.Council);
        var problems = new Partitioner.Core.Studies.StudyRequest { CouncilField = "la_code", Councils = map }.Validate();
        Assert.Contains(problems, p => p.Field == "council_field" && p.Message.Contains("not both"));
        Assert.Equal("one.geojson", new Partitioner.Core.Studies.StudyRequest { Councils = map }.ToJson()["councils"]!.GetValue<string>());
    }

    [Fact]
    public void A_council_file_without_codes_is_refused_naming_what_to_add()
    {
        var e = Assert.Throws<InputException>(() => AreaMap.Read(new MemoryStream(Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"title":"x"},"geometry":{"type":"Polygon","coordinates":[[[-2.0,52.4],[-1.9,52.4],[-1.9,52.5],[-2.0,52.4]]]}}]}
            """)), "bad.geojson", AreaKind.Council));
        Assert.Contains(e.Problems, p => p.Where == "bad.geojson" && p.Message.Contains("la_code"));
    }
}
