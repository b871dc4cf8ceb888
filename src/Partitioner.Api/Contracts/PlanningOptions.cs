using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Partitioner.Core.Rules;

namespace Partitioner.Api.Contracts;

/// <summary>
/// Rules, solver settings and how to read the practices. Every member is optional; names are snake_case and
/// unknown names are refused (400) so a typo is never silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PlanningOptions
{
    [Description("Smallest consortium, in registered patients. Default 100000 (BMA guidance).")]
    public double? Min { get; set; }

    [Description("Largest consortium, in registered patients. Default 750000.")]
    public double? Max { get; set; }

    [Description("Fewest consortia allowed.")]
    public int? CountMin { get; set; }

    [Description("Most consortia allowed.")]
    public int? CountMax { get; set; }

    [Description("Target consortium size in patients, used with count_preference=nearest.")]
    public double? TargetSize { get; set; }

    [Description("Which number of consortia to prefer when several are possible: fewest, most or nearest (to target_size).")]
    public string? CountPreference { get; set; }

    [Description("Balance tolerances around the study area's patient-weighted mean. Either an object {\"deprivation\": {\"tolerance\": 0.2, \"kind\": \"relative\"}, \"spend\": {\"tolerance\": 15, \"kind\": \"absolute\"}}, an object of CLI strings {\"deprivation\": \"0.2\", \"spend\": \"15abs\"}, a string \"deprivation=0.2\" or a list of such strings.")]
    public JsonNode? Balance { get; set; }

    [Description("Share rule: at least this fraction (0-1) of each consortium's patients at practices in the more-deprived half of the area.")]
    public double? DeprivedShare { get; set; }

    [Description("Practices pinned to named consortia: {\"Y00001\": \"North\", \"Y00002\": \"North\"}.")]
    public Dictionary<string, string>? Locks { get; set; }

    [Description("Objective weights besides compactness: spread, disruption, boundary, risk and coterminosity, e.g. {\"spread\": 1.0, \"disruption\": 0.5, \"boundary\": 1}. Spread penalises deprivation/spend differences between consortia; disruption penalises splitting the existing groups named by disruption_field; boundary the length of the borders between consortia; risk overspend beyond risk.reserve; coterminosity patients separated from their council-mates (needs councils).")]
    public ObjectiveWeights? Objective { get; set; }

    [Description("Field holding each practice's existing group (e.g. ccg_code) for the disruption term. Alias: group_by.")]
    public string? DisruptionField { get; set; }

    [Description("Alias of disruption_field (jobs, solve) or the grouping that defines the plan (evaluations).")]
    public string? GroupBy { get; set; }

    [Description("Random seed; the same request and seed give the same plan. Default 1.")]
    public ulong? Seed { get; set; }

    [Description("Jobs only: independent solves with seeds seed, seed+1, ..., seed+seeds-1 (each a complete solve with its restarts and time limit); the job keeps the best plan (fewest rule violations, then the lowest objective; the lowest seed on a tie) and its report lists every seed's result. Default 1. In cluster mode the seeds run on different worker silos at once.")]
    public int? Seeds { get; set; }

    [Description("Wall-clock limit of the solve in seconds (capped by the service's maximum).")]
    public double? TimeLimitSeconds { get; set; }

    [Description("Search steps per restart (deterministic budget). Default: 400 x practices; small areas get 50,000,000 / practices, 200,000 to 2,000,000.")]
    public long? MaxSteps { get; set; }

    [Description("Independent restarts (default 4).")]
    public int? Restarts { get; set; }

    [Description("Worker threads of the solve (jobs default to 1, as the service runs several at once; a synchronous solve uses every core). The plan does not depend on it.")]
    public int? Threads { get; set; }

    [Description("strict (default): every rule is hard, no plan if impossible; best_effort: the least-violating plan with its violations listed.")]
    public string? Mode { get; set; }

    [Description("After the heuristic, prove the optimum with the exact solver (small areas, up to about 50 practices); the report gains an \"exact\" section with the bound and gap.")]
    public bool? Exact { get; set; }

    [Description("Also split every consortium into contiguous localities of at most this many patients (e.g. 30000; the fewest, then the most compact): each practice's locality in the practices layer, and a \"localities\" section in the report.")]
    public double? Localities { get; set; }

    [Description("Keep the valid consortia the search meets (up to 3,000) and let the exact solver choose the most compact set of them that covers every practice; the report gains a \"recombination\" section.")]
    public bool? Recombine { get; set; }

    [Description("After the search, re-cut every pair of neighbouring consortia exactly (CP-SAT, any size, every rule kept) while it makes the plan more compact, within the time limit again; compactness-only objectives. The report gains a \"recut\" section.")]
    public bool? Recut { get; set; }

    [Description("Consortia are unions of whole councils (council_field, councils, or a council column such as la_code): a council is split only when it holds more patients than max (into the fewest pieces) or its practices are not connected; the report gains a \"whole_councils\" section.")]
    public bool? WholeCouncils { get; set; }

    [Description("Which input column or property holds which practice field: {\"code\": \"ods_code\", \"patients\": \"registered\"}. Fields: code, name, patients, deprivation, spend, group, x, y.")]
    public Dictionary<string, string>? Fields { get; set; }

    [Description("Input coordinates: auto (default), wgs84 or bng (EPSG:27700 metres).")]
    public string? Crs { get; set; }

    [Description("Missing deprivation/spend when a rule needs it: error (default), mean (fill with the area mean) or exclude (leave out of balance sums).")]
    public string? Missing { get; set; }

    [Description("Study boundary as an inline GeoJSON Polygon/MultiPolygon geometry (or Feature/FeatureCollection). Default: the dataset's boundary, else the hull of the practices buffered by 5 km.")]
    public JsonNode? Boundary { get; set; }

    [Description("Join islands to their nearest neighbour (default true).")]
    public bool? BridgeIslands { get; set; }

    [Description("Group the consortia into contiguous federations (jobs and POST /v1/federations): {\"min\": 500000, \"max\": 2000000}.")]
    public LevelGroupOptions? Federations { get; set; }

    [Description("Group the federations into support agencies: {\"min\": 1000000}. Needs federations.")]
    public LevelGroupOptions? Agencies { get; set; }

    [Description("POST /v1/federations: measure given federations, named by this practice property (e.g. icb_code_2022), instead of grouping.")]
    public string? FederationBy { get; set; }

    [Description("The overspend-risk model's parameters.")]
    public RiskModelOptions? Risk { get; set; }

    [Description("Rule: each consortium's probability of overspending by more than risk.reserve at most this (e.g. 0.05).")]
    public double? MaxOverspendRisk { get; set; }

    [Description("Relaxed contiguity in dense areas: {\"distance_km\": 2, \"min_density\": 5000}.")]
    public MosaicAreaOptions? Mosaic { get; set; }

    [Description("Transition from the current map (disruption_field/group_by): the largest yearly change of a budget on its way to fair share (default 0.02).")]
    public double? PaceCap { get; set; }

    [Description("Start from the current map (disruption_field/group_by) and move at most this many practices.")]
    public int? MaxMoves { get; set; }

    [Description("As max_moves, counting the patients of the practices moved.")]
    public double? MaxMovedPatients { get; set; }

    [Description("The practices' field holding each practice's council (e.g. la_code_2014 or icb_code_2022) for the coterminosity figures. Default: la_code, la_code_2014, council_code or council when the practices have one.")]
    public string? CouncilField { get; set; }

    [Description("Council boundaries as an inline GeoJSON FeatureCollection of WGS84 polygons with a code property (la_code, council_code or code): each practice's council is the polygon containing it. Give this or council_field.")]
    public JsonNode? Councils { get; set; }
}

/// <summary>Weights of the objective's optional terms.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ObjectiveWeights
{
    [Description("Weight of the spread of deprivation/spend across consortia (0 = off).")]
    public double? Spread { get; set; }

    [Description("Weight of disruption of the existing grouping (0 = off; needs disruption_field). Dimensionless: 1 makes separating every patient from their group cost one reference compactness.")]
    public double? Disruption { get; set; }

    [Description("Weight of the length of the borders between consortia, scaled so that 1 weighs them like the compactness of round, equal consortia (0 = off). Smooths jagged borders.")]
    public double? Boundary { get; set; }

    [Description("Weight of overspend risk beyond risk.reserve (0 = off). Dimensionless like disruption.")]
    public double? Risk { get; set; }

    [Description("Weight of coterminosity (0 = off; needs councils): the share of patients separated from their council-mates, so unions of whole councils cost nothing. Dimensionless like disruption; does not combine with disruption.")]
    public double? Coterminosity { get; set; }
}
