namespace Partitioner.Core.Levels;

/// <summary>At most this many practices (<see cref="Practices"/>) and/or patients (<see cref="Patients"/>) may change
/// consortium from the current map; null = no limit of that kind.</summary>
public sealed record MovesBudget(int? Practices, double? Patients)
{
    /// <summary>Whether moving <paramref name="practices"/> practices with <paramref name="patients"/> patients in all fits.</summary>
    public bool Allows(int practices, double patients) =>
        (Practices is not { } n || practices <= n) && (Patients is not { } p || patients <= p + 1e-9);
}
