using System.Globalization;

namespace Unico.Web.Components.Common;

/// <summary>A unit of a quantity: its symbol and how many base units (pJ, seconds) it holds.</summary>
/// <param name="Symbol">As shown after a number (mJ, ms).</param>
/// <param name="Size">Base units per one of this unit (pJ per mJ: 1e9; seconds per ms: 1e-3).</param>
public sealed record Unit(string Symbol, double Size)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A base value in this unit.</summary>
    public double Of(double baseValue) => baseValue / Size;

    /// <summary>A base value in this unit, four significant digits, with the symbol.</summary>
    public string Format(double baseValue) => Units.Significant(Of(baseValue)) + " " + Symbol;

    /// <summary>A base value in this unit, four significant digits, without the symbol (a column or axis names it).</summary>
    public string Number(double baseValue) => Units.Significant(Of(baseValue));

    /// <inheritdoc/>
    public override string ToString() => Symbol.ToString(C);
}

/// <summary>
/// One unit per column and per axis: a table column of energies is shown in the unit that suits
/// most of its values (every row in the same unit, named in the header), a latency in the time the
/// run's clock gives, with the cycles behind it.
/// </summary>
public static class Units
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Energy units, smallest first (base: pJ).</summary>
    public static IReadOnlyList<Unit> Energies { get; } =
        [new("pJ", 1), new("nJ", 1e3), new("µJ", 1e6), new("mJ", 1e9), new("J", 1e12)];

    /// <summary>Time units, smallest first (base: seconds).</summary>
    public static IReadOnlyList<Unit> Times { get; } =
        [new("ns", 1e-9), new("µs", 1e-6), new("ms", 1e-3), new("s", 1)];

    /// <summary>The energy unit for a set of values in pJ (the unit in which their median reads 1 to 999).</summary>
    public static Unit EnergyFor(IEnumerable<double> pj) => For(Energies, pj, Energies[3]);

    /// <summary>The time unit for a set of durations in seconds.</summary>
    public static Unit TimeFor(IEnumerable<double> seconds) => For(Times, seconds, Times[2]);

    /// <summary>The time unit for latencies in cycles at a clock.</summary>
    public static Unit LatencyFor(IEnumerable<double> cycles, double clockGhz) => TimeFor(cycles.Select(c => Seconds(c, clockGhz)));

    /// <summary>Cycles at a clock (GHz) as seconds.</summary>
    public static double Seconds(double cycles, double clockGhz) => clockGhz > 0 ? cycles / (clockGhz * 1e9) : double.NaN;

    /// <summary>A latency as time at the run's clock, e.g. "27.69 ms"; "-" when there is none.</summary>
    public static string Latency(double cycles, double clockGhz) =>
        cycles <= 0 ? "-" : TimeFor([Seconds(cycles, clockGhz)]).Format(Seconds(cycles, clockGhz));

    /// <summary>The cycles behind a latency, for a hover text: "2.769e+7 cycles at 1 GHz".</summary>
    public static string CyclesNote(double cycles, double clockGhz) =>
        cycles <= 0 ? "" : $"{cycles.ToString("0.000e+0", C)} cycles at {clockGhz.ToString("0.###", C)} GHz";

    /// <summary>An energy in the unit that suits it alone (a single value; columns use <see cref="EnergyFor"/>).</summary>
    public static string Energy(double pj) => pj <= 0 ? "-" : EnergyFor([pj]).Format(pj);

    /// <summary>Four significant digits, no exponent for the usual range, thousands separated.</summary>
    public static string Significant(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "-";
        var abs = Math.Abs(value);
        if (abs == 0) return "0";
        if (abs >= 1e6 || abs < 1e-3) return value.ToString("0.###e+0", C);
        var decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(abs)), 0, 6);
        return value.ToString("#,##0." + new string('#', decimals), C).TrimEnd('.');
    }

    /// <summary>"1 layer", "3 layers".</summary>
    public static string Plural(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", C)} {(count == 1 ? singular : plural ?? singular + "s")}";

    private static Unit For(IReadOnlyList<Unit> units, IEnumerable<double> values, Unit fallback)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).Order().ToList();
        if (positive.Count == 0) return fallback;
        var median = positive[positive.Count / 2];
        var chosen = units[0];
        foreach (var u in units)
        {
            if (median >= u.Size) chosen = u;
        }
        return chosen;
    }
}
