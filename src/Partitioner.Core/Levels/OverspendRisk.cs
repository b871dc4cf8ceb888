using Partitioner.Core.Practices;

namespace Partitioner.Core.Levels;

/// <summary>The <see cref="RiskModel"/> applied to the units of a plan (consortia, federations).</summary>
public static class OverspendRisk
{
    /// <summary>Each unit's risk, from its practices' list sizes.</summary>
    public static IReadOnlyList<UnitRisk> Of(PracticeSet practices, IReadOnlyList<int> unitOf, IReadOnlyList<string> names, RiskModel model)
    {
        ArgumentNullException.ThrowIfNull(practices);
        ArgumentNullException.ThrowIfNull(model);
        int k = names.Count;
        var patients = new double[k];
        var squares = new double[k];
        for (int i = 0; i < practices.Count; i++)
        {
            double p = practices[i].Patients;
            patients[unitOf[i]] += p;
            squares[unitOf[i]] += p * p;
        }
        var risks = new UnitRisk[k];
        for (int c = 0; c < k; c++)
        {
            var probabilities = new double[model.Reserves.Count];
            for (int r = 0; r < probabilities.Length; r++) probabilities[r] = model.OverspendProbability(patients[c], squares[c], model.Reserves[r]);
            risks[c] = new UnitRisk(names[c], patients[c], model.RelativeSd(patients[c], squares[c]), probabilities);
        }
        return risks;
    }
}
