namespace Partitioner.Core.Ensembles;

/// <summary>One chain's account: plans recorded, steps taken (burn-in included), proposals (steps whose random cut met
/// every rule) and those accepted, the random-walk steps its spanning trees took (Wilson's algorithm: the main cost of a
/// step), and what its starting plan cost.</summary>
public sealed record ChainSummary(int Chain, int Plans, long Steps, long Proposals, long Accepted, long WalkSteps, long StartSteps, double StartSeconds, double SamplingSeconds)
{
    /// <summary>Share of steps that moved the plan.</summary>
    public double AcceptanceRate => Steps > 0 ? (double)Accepted / Steps : double.NaN;
}
