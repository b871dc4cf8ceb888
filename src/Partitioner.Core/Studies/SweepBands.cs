using System.Globalization;
using Partitioner.Core.Practices;

namespace Partitioner.Core.Studies;

/// <summary>
/// Which bands a sweep solves: a list (<see cref="Bands"/>), or a range from <see cref="From"/> down by
/// <see cref="Step"/> to <see cref="To"/>, or down to the proven bound when <see cref="To"/> is null. Bands are fractions
/// of the area mean (0.2 = ±20%). The command line and the API map their syntax onto it.
/// </summary>
public sealed record SweepBands
{
    /// <summary>Most bands one sweep may hold.</summary>
    public const int MaxBands = 40;

    public IReadOnlyList<double>? Bands { get; init; }
    public double? From { get; init; }
    public double? To { get; init; }
    public double Step { get; init; } = 0.05;

    /// <summary>Also give each band solved the floor under its inertia (<see cref="IExactEngine.InertiaFloor"/>; needs the
    /// exact engine).</summary>
    public bool Floors { get; init; }

    /// <summary>
    /// Reads the text forms: <paramref name="bands"/> "0.30,0.25,0.2" (or percentages "30%,25%"), or <paramref name="from"/>
    /// with <paramref name="to"/> (a fraction, or "bound") and <paramref name="step"/>. Problems name the option as
    /// <c>sweep.bands</c>, <c>sweep.from</c>, <c>sweep.to</c> or <c>sweep.step</c>.
    /// </summary>
    public static SweepBands Parse(string? bands, double? from, string? to, double? step, List<InputProblem> problems)
    {
        var spec = new SweepBands { From = from, Step = step ?? 0.05 };
        if (bands is not null)
        {
            var list = new List<double>();
            foreach (var item in bands.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                bool percent = item.EndsWith('%');
                if (double.TryParse(percent ? item[..^1] : item, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) list.Add(percent ? v / 100 : v);
                else problems.Add(new InputProblem("options", "sweep.bands", item, "Each band is a number: a fraction of the area mean (0.2) or a percentage (20%)."));
            }
            spec = spec with { Bands = list };
            // A to or a step shapes a range; with a list it would be left out without a word.
            if (to is not null) problems.Add(new InputProblem("options", "sweep.to", to, "A list of bands takes no 'to': it ends a range that starts at 'from'. Give the bands or the range."));
            if (step is not null) problems.Add(new InputProblem("options", "sweep.step", step.Value.ToString(CultureInfo.InvariantCulture), "A list of bands takes no 'step': it spaces a range that starts at 'from'. Give the bands or the range."));
        }
        if (to is not null && bands is null && !string.Equals(to.Trim(), "bound", StringComparison.OrdinalIgnoreCase))
        {
            if (double.TryParse(to.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out double t)) spec = spec with { To = to.Trim().EndsWith('%') ? t / 100 : t };
            else problems.Add(new InputProblem("options", "sweep.to", to, "Give the tightest band as a fraction (0.1), a percentage (10%) or 'bound'."));
        }
        return spec;
    }

    /// <summary>Every problem with the spec (empty when it can be run).</summary>
    public List<InputProblem> Validate()
    {
        var problems = new List<InputProblem>();
        void Add(string field, double? value, string message) =>
            problems.Add(new InputProblem("options", field, value?.ToString(CultureInfo.InvariantCulture), message));
        if ((Bands is null) == (From is null))
            Add("sweep.bands", null, "Give either the bands (e.g. 0.3,0.25,0.2) or a range: from (e.g. 0.3) down to a band or to the bound, by a step.");
        foreach (var b in Bands ?? [])
            if (!(b is > 0 and <= 100)) Add("sweep.bands", b, "Each band is a fraction of the area mean, more than 0, e.g. 0.2 (±20%).");
        if (Bands is { Count: 0 }) Add("sweep.bands", null, "Give at least one band, e.g. 0.3,0.25,0.2.");
        if (Bands is { Count: > MaxBands }) Add("sweep.bands", Bands.Count, $"A sweep holds at most {MaxBands} bands.");
        if (From is { } f && !(f is > 0 and <= 100)) Add("sweep.from", f, "Give the widest band as a fraction of the area mean, more than 0, e.g. 0.3 (±30%).");
        if (!(Step is > 0 and <= 100)) Add("sweep.step", Step, "Give the step as a fraction more than 0, e.g. 0.05 (5 points).");
        if (To is { } t && !(t >= 0 && (From is null || t <= From))) Add("sweep.to", t, "Give the tightest band as a fraction from 0 to the widest, or 'bound' to go down to the proven bound.");
        if (From is { } from && To is { } to && Step > 0 && (from - to) / Step + 1 > MaxBands)
            Add("sweep.step", Step, $"The range holds more than {MaxBands} bands. Use a larger step or a narrower range.");
        return problems;
    }

    /// <summary>The bands to solve given the proven <paramref name="bound"/>: the list, or the range (down to the bound,
    /// then the bound itself, rounded up to 0.1 percentage point, when it is positive).</summary>
    public IReadOnlyList<double> Resolve(double bound)
    {
        if (Bands is not null) return Bands;
        double floor = To ?? Math.Ceiling((bound * 1000) - 1e-9) / 1000;
        var bands = new List<double>();
        for (int k = 0; bands.Count < MaxBands; k++)
        {
            double band = Math.Round(From!.Value - (k * Step), 10);
            if (band < floor - 1e-9 || band <= 0) break;
            bands.Add(band);
        }
        if (To is null && floor > 0 && (bands.Count == 0 || bands[^1] > floor + 1e-9) && bands.Count < MaxBands) bands.Add(floor);
        return bands;
    }

    /// <summary>The spec as a report lists it.</summary>
    public override string ToString() => Bands is not null
        ? string.Join(",", Bands.Select(b => b.ToString(CultureInfo.InvariantCulture)))
        : string.Create(CultureInfo.InvariantCulture, $"{From} to {(To is { } t ? t.ToString(CultureInfo.InvariantCulture) : "bound")} by {Step}");
}
