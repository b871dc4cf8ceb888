using Partitioner.Core.Ensembles;
using Partitioner.Core.GeoJson;
using Partitioner.Core.Practices;
using Partitioner.Core.Rules;
using Partitioner.Core.Studies;
using Partitioner.Core.Tests.Support;

namespace Partitioner.Core.Tests.Ensembles;

/// <summary>Small ensembles of the bundled region (300 practices, its 8 ccg_code groups as the existing map).</summary>
internal static class RegionEnsembles
{
    private static readonly Lazy<Study> s_study = new(() => Prepare(new ConsortiumRules { Deprivation = new BalanceTolerance(0.3, ToleranceKind.Relative) }));

    /// <summary>The region with 100k–750k and deprivation within ±30%, grouped by ccg_code.</summary>
    public static Study Study => s_study.Value;

    public static Study Prepare(ConsortiumRules rules)
    {
        string dir = Path.Combine(Support.RealData.RepositoryRoot, "data", "region");
        var set = PracticeReader.ReadFile(Path.Combine(dir, "practices.geojson"), new PracticeReadOptions { Fields = new FieldMapping { Group = "ccg_code" } });
        return Study.Prepare(set, rules, MissingValuePolicy.Error, BoundaryReader.ReadFile(Path.Combine(dir, "boundary.geojson")));
    }

    public static EnsembleOptions Options(int plans = 120, int threads = 2, ulong seed = 5) =>
        new() { Plans = plans, Chains = 4, Thin = 20, BurnIn = 400, Count = 8, Seed = seed, MaxDegreeOfParallelism = threads };
}
