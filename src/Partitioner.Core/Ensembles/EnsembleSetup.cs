namespace Partitioner.Core.Ensembles;

/// <summary>
/// What every chain of one ensemble shares (<see cref="EnsembleSampler.Prepare"/>): the options checked, the count fixed
/// and the study flattened. Chains are then sampled one at a time with <see cref="EnsembleSampler.SampleChain"/>, in any
/// order, on any machine, and put together with <see cref="EnsembleSampler.Assemble"/>. Read-only, thread-safe.
/// </summary>
public sealed class EnsembleSetup
{
    internal EnsembleSetup(EnsembleModel model, EnsembleOptions options)
    {
        Model = model;
        Options = options;
    }

    internal EnsembleModel Model { get; }

    /// <summary>The sampling options.</summary>
    public EnsembleOptions Options { get; }

    /// <summary>Consortia in every plan.</summary>
    public int Count => Model.Count;

    /// <summary>Plans chain <paramref name="chain"/> records (the first chains take one more when the plans do not divide).</summary>
    public int PlansOf(int chain) => Options.Plans / Options.Chains + (chain < Options.Plans % Options.Chains ? 1 : 0);
}
