namespace Partitioner.Core.Rules;

/// <summary>The snake_case names rules have in reports and layers.</summary>
public static class RuleNames
{
    /// <summary>"below_minimum" for <see cref="Rule.BelowMinimum"/>, and so on.</summary>
    public static string Of(Rule rule) => rule switch
    {
        Rule.BelowMinimum => "below_minimum",
        Rule.AboveMaximum => "above_maximum",
        Rule.NotContiguous => "not_contiguous",
        Rule.DeprivationBalance => "deprivation_balance",
        Rule.SpendBalance => "spend_balance",
        Rule.DeprivedShare => "deprived_share",
        _ => rule.ToString(),
    };
}
