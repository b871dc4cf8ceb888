using Partitioner.Api.Errors;
using Partitioner.Core.Practices;
using Partitioner.Core.Solving;
using Partitioner.Core.Studies;
using Partitioner.Exact;

namespace Partitioner.Api.Planning;

/// <summary>
/// The exact engine as the service calls it. Asking for a proof of an area larger than exact mode handles is refused
/// before any work starts (<see cref="Check"/>); an instance the engine refuses all the same (a rule it does not model)
/// is an input problem naming the option (400, or a failed job saying why), never a fault of the service.
/// </summary>
public sealed class GuardedExactEngine(IExactEngine inner) : IExactEngine
{
    /// <summary>Most practices a proof (options.exact) is asked for.</summary>
    public static int MaxExactPractices => ExactOptions.Default.MaxPractices;

    /// <summary>Throws <see cref="InputException"/> when <paramref name="request"/> asks for a proof of more practices than exact mode handles.</summary>
    public static void Check(StudyRequest request, int practices)
    {
        if (request.Exact && practices > MaxExactPractices)
            throw new InputException("options", RequestOption.Exact.Name, "true",
                $"A proof (exact) is offered for areas of up to {MaxExactPractices} practices; this one has {practices:N0}. Leave exact out, or use recombine.");
    }

    public ExactAnswer Recombine(Problem problem, IReadOnlyList<int[]> pool, int[]? warmStart, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        try { return inner.Recombine(problem, pool, warmStart, timeLimit, cancellationToken); }
        catch (ArgumentException e) { throw Refused(RequestOption.Recombine.Name, e); }
    }

    public ExactAnswer Recut(Problem problem, int[] plan, TimeSpan timeLimit, int? threads, CancellationToken cancellationToken)
    {
        try { return inner.Recut(problem, plan, timeLimit, threads, cancellationToken); }
        catch (ArgumentException e) { throw Refused(RequestOption.Recut.Name, e); }
    }

    public ExactAnswer Prove(Problem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        try { return inner.Prove(problem, timeLimit, cancellationToken); }
        catch (ArgumentException e) { throw Refused(RequestOption.Exact.Name, e); }
    }

    public ExactAnswer SplitLocalities(Problem area, double maxPatients, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        try { return inner.SplitLocalities(area, maxPatients, timeLimit, cancellationToken); }
        catch (ArgumentException e) { throw Refused(RequestOption.Localities.Name, e); }
    }

    public double InertiaFloor(Problem problem, CancellationToken cancellationToken) => inner.InertiaFloor(problem, cancellationToken);

    private static InputException Refused(string option, ArgumentException e) =>
        new("options", option, "true", $"The exact solver cannot take this study: {SafeText.Of(e.Message.Split(" (Parameter", 2)[0], 500)}");
}
