using System.Runtime.CompilerServices;

namespace Partitioner.Core.Solving.Search;

/// <summary>
/// The annealing schedule of one improvement run: the temperature falls geometrically with progress from the typical
/// size of a penalised move to a thousandth of it, and the penalty weight λ of broken rules rises while the current plan
/// breaks a rule (to a ceiling: lower with balance or share rules) and eases while it meets them. The balance
/// guidance keeps the starting λ (<see cref="GuideLambda"/>), so it stays on the objective's scale. Follows the step
/// count (or, when scheduled by time, the clock), never anything else, so a restart stays a pure function of its inputs.
/// </summary>
internal sealed class Schedule
{
    // The temperature falls from StartFactor to StartFactor × EndRatio times the mean |penalised delta|; λ starts at
    // LambdaStart × the mean |objective delta| and moves by these factors per 1,024 steps.
    private const double StartFactor = 1, EndRatio = 1e-3, LambdaUp = 1.05, LambdaDown = 1.02, LambdaStart = 100;
    // With balance or share rules λ rises at most to BalanceLambdaMax times its start: near 10⁶, λ outweighed compactness
    // everywhere and balance was bought with tendrils (tools/Partitioner.Bench/RESULTS.md, issue 12 part 2). Population
    // bounds alone keep the old ceiling.
    private const double BalanceLambdaMax = 100, BoundsLambdaMax = 1e6;
    private double _lambda0, _logRatio, _lambdaMax;

    public double Temperature { get; private set; }

    /// <summary>Weight of the violation against the objective in the penalised score.</summary>
    public double Lambda { get; private set; }

    /// <summary>Weight of the balance guidance in the penalised score: the starting λ, whatever λ has risen to.</summary>
    public double GuideLambda => _lambda0;

    /// <summary>Running mean of |penalised delta| of evaluated boundary moves (the temperature's scale).</summary>
    public double MeanAbsDelta { get; private set; }

    /// <summary>Starts a schedule whose first temperature is <paramref name="t0"/> (the mean |objective delta| of a sample of
    /// moves); <paramref name="balance"/>: the plan has balance or share rules (λ's lower ceiling); <paramref name="closing"/>:
    /// a closing repair, whose λ starts at the balance ceiling and may rise to the population bounds' one.</summary>
    public void Start(double t0, bool balance, bool closing = false)
    {
        _lambdaMax = balance && !closing ? BalanceLambdaMax : BoundsLambdaMax;
        _logRatio = Math.Log(EndRatio);
        _lambda0 = Math.Max(LambdaStart * t0, 1e-12);
        Lambda = closing ? _lambda0 * BalanceLambdaMax : _lambda0;
        Temperature = t0;
        MeanAbsDelta = t0;
    }

    /// <summary>Every 1,024 steps: the temperature for <paramref name="progress"/> (0..1) of the schedule, and λ up while
    /// the plan breaks a rule (<paramref name="violating"/>), down while it meets them, within 10⁻³ of its start and its ceiling.</summary>
    public void Advance(double progress, bool violating)
    {
        Temperature = Math.Max(MeanAbsDelta, 1e-300) * StartFactor * Math.Exp(_logRatio * progress);
        if (violating) Lambda = Math.Min(Lambda * LambdaUp, _lambda0 * _lambdaMax);
        else Lambda = Math.Max(Lambda / LambdaDown, _lambda0 * 1e-3);
    }

    /// <summary>Adds a boundary move's |penalised delta| to the running mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double delta) => MeanAbsDelta += (Math.Abs(delta) - MeanAbsDelta) * (1.0 / 1024);

    /// <summary>The Metropolis test: a move that does not worsen the penalised score is taken; a worse one with
    /// probability exp(−delta / temperature). Draws from <paramref name="rng"/> only for a worse move.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Accepts(double delta, ref Xoshiro256 rng) => !(delta > 0 && rng.NextDouble() >= Math.Exp(-delta / Temperature));
}
