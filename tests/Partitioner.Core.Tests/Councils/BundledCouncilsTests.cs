using Partitioner.Core.Councils;
using Partitioner.Core.Geography;
using Partitioner.Core.Practices;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Councils;

/// <summary>The bundled datasets' councils: the practices' la_code and the councils.geojson polygons agree.</summary>
public sealed class BundledCouncilsTests
{
    [Theory]
    [InlineData("england", "practices.csv")]
    [InlineData("region", "practices.geojson")]
    public void Each_practice_lies_in_the_polygon_of_its_la_code(string dataset, string file)
    {
        string folder = Path.Combine(Support.RealData.RepositoryRoot, "data", dataset);
        var practices = PracticeReader.ReadFile(Path.Combine(folder, file));
        Assert.Equal("la_code", CouncilAssignment.DetectField(practices));
        var byField = CouncilAssignment.FromField(practices, "la_code");
        var byPolygon = CouncilAssignment.FromPolygons(practices, AreaMap.ReadFile(Path.Combine(folder, "councils.geojson"), AreaKind.Council));
        Assert.Empty(byPolygon.Warnings);
        for (int i = 0; i < practices.Count; i++)
            Assert.Equal(byField.Codes[byField.CouncilOf[i]], byPolygon.Codes[byPolygon.CouncilOf[i]]);
    }
}
