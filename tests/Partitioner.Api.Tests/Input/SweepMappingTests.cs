using System.Text.Json.Nodes;
using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Core.Practices;

namespace Partitioner.Api.Tests.Input;

public sealed class SweepMappingTests
{
    [Fact]
    public void A_list_of_bands_with_a_step_or_an_end_is_refused_naming_each()
    {
        var e = Assert.Throws<InputException>(() => SweepMapping.From(new SweepOptions { Bands = new JsonArray(0.3, 0.2), To = "bound", Step = 0.05 }));
        Assert.Equal(["sweep.to", "sweep.step"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_stored_sweep_reads_back_as_it_was_given_and_one_stored_with_the_default_step_still_reads()
    {
        var list = SweepMapping.From(new SweepOptions { Bands = new JsonArray(0.3, 0.2), Floors = true });
        var again = SweepMapping.Parse(SweepMapping.ToJson(list));
        Assert.Equal([0.3, 0.2], again.Bands);
        Assert.True(again.Floors);
        var range = SweepMapping.Parse(SweepMapping.ToJson(SweepMapping.From(new SweepOptions { From = 0.3, To = "0.1", Step = 0.1 })));
        Assert.Equal((0.3, 0.1, 0.1), (range.From, range.To, range.Step));

        // Sweeps stored before the refusal carry the default step beside their list.
        var older = SweepMapping.Parse("""{"bands":[0.3,0.2],"from":null,"to":null,"step":0.05,"floors":false}""");
        Assert.Equal([0.3, 0.2], older.Bands);
    }
}
