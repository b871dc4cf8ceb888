namespace Partitioner.DataGen;

/// <summary>Distributions drawn from a seeded <see cref="Random"/>.</summary>
public static class RandomExtensions
{
    /// <summary>Standard normal draw (Box–Muller).</summary>
    public static double NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal draw with the given median and log-space sigma.</summary>
    public static double NextLogNormal(this Random random, double median, double sigma) =>
        median * Math.Exp(sigma * random.NextGaussian());

    /// <summary>Index drawn in proportion to <paramref name="weights"/>.</summary>
    public static int NextWeightedIndex(this Random random, IReadOnlyList<double> weights)
    {
        double total = 0;
        for (int i = 0; i < weights.Count; i++) total += weights[i];
        double target = random.NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        return weights.Count - 1;
    }

    /// <summary>Uniformly chosen element.</summary>
    public static T NextItem<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
