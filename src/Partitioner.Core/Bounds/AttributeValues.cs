using Partitioner.Core.Rules;
using Partitioner.Core.Solving;

namespace Partitioner.Core.Bounds;

/// <summary>
/// What a balance rule averages, per practice: the value (deprivation, or spend per patient) and its weight (the
/// practice's patients when it has the value, 0 when it is missing and so left out of the rule's sums), with the area's
/// mean and the scale relative bands are measured in (<see cref="RuleCheck"/>'s).
/// </summary>
internal sealed class AttributeValues
{
    private AttributeValues(BalancedAttribute attribute, double[] value, double[] weight, double mean, double scale)
    {
        Attribute = attribute;
        Value = value;
        Weight = weight;
        Mean = mean;
        Scale = scale;
    }

    public BalancedAttribute Attribute { get; }
    public double[] Value { get; }
    public double[] Weight { get; }
    public double Mean { get; }
    public double Scale { get; }

    /// <summary>The attribute's values, or null when no practice has it.</summary>
    public static AttributeValues? Of(Problem problem, BalancedAttribute attribute, RuleCheck check)
    {
        int n = problem.PracticeCount;
        var value = new double[n];
        var weight = new double[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            double raw = attribute == BalancedAttribute.Deprivation ? problem.Deprivation[i] : problem.Spend[i];
            if (double.IsNaN(raw)) continue;
            value[i] = attribute == BalancedAttribute.Deprivation ? raw : raw / problem.Patients[i];
            weight[i] = problem.Patients[i];
            any = true;
        }
        if (!any) return null;
        return attribute == BalancedAttribute.Deprivation
            ? new AttributeValues(attribute, value, weight, check.DeprivationMean, check.DeprivationScale)
            : new AttributeValues(attribute, value, weight, check.SpendMean, check.SpendScale);
    }
}
