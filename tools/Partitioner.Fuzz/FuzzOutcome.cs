namespace Partitioner.Fuzz;

/// <summary>What one request got: a status (0 when no answer came), how long it took, and why it had no status.</summary>
public sealed record FuzzOutcome(FuzzRequest Request, int Status, TimeSpan Elapsed, string? Failure = null, string? ContentType = null, string? BodyStart = null, long BodyBytes = 0)
{
    public bool IsServerError => Status >= 500;
    public bool IsHang => Failure == FuzzOutcome.Hang;
    public bool NoAnswer => Status == 0 && !IsHang;

    public const string Hang = "hang";
}
