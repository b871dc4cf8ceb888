namespace Partitioner.Core.Solving;

/// <summary>Which rule a pre-solve finding or a remaining violation is about.</summary>
public enum InfeasibilityKind
{
    /// <summary>A connected area has fewer patients than the minimum consortium size.</summary>
    ComponentBelowMinimum,
    /// <summary>A connected area's population fits no whole number of consortia within the bounds.</summary>
    ComponentNoValidCount,
    /// <summary>A single practice has more patients than the maximum.</summary>
    PracticeAboveMaximum,
    /// <summary>The consortium count bounds cannot be met.</summary>
    CountOutOfRange,
    /// <summary>A locked group has more patients than the maximum.</summary>
    LockAboveMaximum,
    /// <summary>A locked group's practices are in different connected areas, so cannot form one contiguous consortium.</summary>
    LockNotContiguous,
    /// <summary>A connected area holds more differently-named locked groups than it can have consortia.</summary>
    TooManyLocks,
    /// <summary>Deprivation balance cannot be / is not met.</summary>
    DeprivationBalance,
    /// <summary>Spend-per-patient balance cannot be / is not met.</summary>
    SpendBalance,
    /// <summary>The deprived-share rule cannot be / is not met.</summary>
    DeprivedShare,
    /// <summary>A consortium is below the minimum population.</summary>
    PopulationBelowMinimum,
    /// <summary>A consortium is above the maximum population.</summary>
    PopulationAboveMaximum,
    /// <summary>A consortium is not contiguous on the neighbourhood graph.</summary>
    NotContiguous,
    /// <summary>A locked group was not kept together or shares a consortium with another lock.</summary>
    LockBroken,
    /// <summary>The solver could not build a plan (not proven impossible).</summary>
    ConstructionFailed,
    /// <summary>The search ended without meeting every rule (not proven impossible).</summary>
    NotMetBySearch,
    /// <summary>A balance band tighter than the proven lower bound (Bounds): no plan can meet it.</summary>
    BalanceBound,
}
