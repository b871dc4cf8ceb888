namespace Partitioner.Core.Ensembles;

/// <summary>
/// The per-plan statistics an ensemble records, one column each, in this order (the column files, the convergence
/// table and the outlier test all use these names). Deviations are from the study area's patient-weighted mean, in % of
/// it; spreads are the standard deviation of the consortia's deviations (each consortium counted once). A new statistic
/// (e.g. coterminosity with council boundaries) is a new name here and its measure in <see cref="PlanStatistics"/>.
/// </summary>
public static class PlanColumns
{
    public const int Count = 0, CutEdges = 1, DeprivationWorst = 2, DeprivationSpread = 3, SpendWorst = 4, SpendSpread = 5,
        Inertia = 6, PolsbyPopperMean = 7, PolsbyPopperMin = 8, Disruption = 9;

    /// <summary>Column names, index = column.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "count", "cut_edges", "deprivation_worst_pct", "deprivation_spread_pct", "spend_worst_pct", "spend_spread_pct",
        "inertia_km2", "polsby_popper_mean", "polsby_popper_min", "disruption_pct",
    ];

    /// <summary>What each column measures, for reports and documentation.</summary>
    public static IReadOnlyList<string> Descriptions { get; } =
    [
        "number of consortia",
        "neighbouring practice pairs in different consortia (the chain's own measure of how ragged the boundaries are)",
        "largest distance of a consortium's mean deprivation from the area mean, % of the area mean",
        "standard deviation of the consortia's deprivation deviations, % of the area mean",
        "largest distance of a consortium's spend per patient from the area's, % of the area's",
        "standard deviation of the consortia's spend deviations, % of the area's",
        "patient-weighted mean squared distance (km²) from a patient's practice to its consortium's patient-weighted centre (the solver's compactness)",
        "mean Polsby–Popper 4πA/P² of the consortia, from the Voronoi cells' areas and shared border lengths measured once (no polygons per plan; exact where no site is split)",
        "smallest Polsby–Popper of any consortium, measured the same way",
        "patients whose existing group (--group-by) is split from them, % of all patients (0 = every group whole; NaN without a grouping)",
    ];

    /// <summary>The index of a column by name, or −1.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
