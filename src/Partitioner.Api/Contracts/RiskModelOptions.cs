using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Partitioner.Api.Contracts;

/// <summary>The overspend-risk model's parameters (README "Risk pooling").</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class RiskModelOptions
{
    [Description("Coefficient of variation of one patient's annual cost (default 3.45, derived from the 2014/15 payments).")]
    public double? Cv { get; set; }

    [Description("Sd of a practice-level annual cost shock, as a share of its budget (default 0).")]
    public double? PracticeSd { get; set; }

    [Description("Reserves the risk is reported for, as shares of the budget (default [0.01, 0.02]).")]
    public List<double>? Reserves { get; set; }

    [Description("The reserve of the risk rule (max_overspend_risk) and the risk objective term (default 0.02).")]
    public double? Reserve { get; set; }
}
