namespace Partitioner.Core.Ensembles;

/// <summary>
/// One proposed consortium against the ensemble. For each of its two measures, deprivation and spend per patient, the
/// reference is "the consortium holding these practices": the distribution, over every ensemble plan and every one of
/// the consortium's practices (weighted by its patients), of the measure of the ensemble consortium that practice falls
/// into. The percentile says where the proposed consortium's own value sits in that distribution; beyond the 2.5th or
/// 97.5th percentile it is flagged, and <see cref="Findings"/> says so in plain words. (A typical consortium's own value
/// is one such draw, so about 5% of the consortia of a typical plan are flagged by chance.)
/// </summary>
public sealed record ConsortiumOutlier
{
    public required string Name { get; init; }
    public required int Practices { get; init; }
    public required double Patients { get; init; }
    public required OutlierMeasure Deprivation { get; init; }
    public required OutlierMeasure Spend { get; init; }

    /// <summary>Flagged on deprivation or spend.</summary>
    public bool Flagged => Deprivation.Flagged || Spend.Flagged;

    /// <summary>One sentence per flagged measure, e.g. "more affluent than 99% of the consortia its practices fall into
    /// across 10,000 valid plans".</summary>
    public IReadOnlyList<string> Findings => new[] { Deprivation.Words, Spend.Words }.Where(w => w is not null).Select(w => w!).ToList();
}
