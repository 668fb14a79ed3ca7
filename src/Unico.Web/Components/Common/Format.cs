using System.Globalization;
using MudBlazor;

namespace Unico.Web.Components.Common;

/// <summary>How numbers, times and states read on the pages.</summary>
public static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", C);

    /// <summary>Cycles in engineering notation.</summary>
    public static string Cycles(double cycles) => cycles <= 0 ? "-" : cycles.ToString("0.000e+0", C);

    /// <summary>Energy with a unit (pJ to J).</summary>
    public static string Energy(double pj) => pj switch
    {
        <= 0 => "-",
        < 1e3 => (pj).ToString("0.##", C) + " pJ",
        < 1e6 => (pj / 1e3).ToString("0.##", C) + " nJ",
        < 1e9 => (pj / 1e6).ToString("0.##", C) + " uJ",
        < 1e12 => (pj / 1e9).ToString("0.##", C) + " mJ",
        _ => (pj / 1e12).ToString("0.###", C) + " J",
    };

    /// <summary>Area in mm^2.</summary>
    public static string Area(double mm2) => mm2 <= 0 ? "-" : mm2.ToString("0.000", C) + " mm²";

    /// <summary>A fraction as a percentage.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", C) + " %";

    /// <summary>A number with a few significant digits.</summary>
    public static string Number(double? value, string format = "0.####") => value is { } v ? v.ToString(format, C) : "-";

    /// <summary>Seconds as 12 years, 3 days, 1 h 02 min, 3 min 04 s, 5.2 s.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s) || s < 0) return "-";
        // Beyond two days hours stop reading well, and a budget's estimate can exceed what TimeSpan holds.
        if (s >= 365.25 * 86_400) return double.IsInfinity(s) ? "forever" : Units.Plural((long)Math.Min(s / (365.25 * 86_400), long.MaxValue), "year");
        if (s >= 2 * 86_400) return Units.Plural((long)(s / 86_400), "day");
        var t = TimeSpan.FromSeconds(s);
        if (t.TotalHours >= 1) return $"{(int)t.TotalHours} h {t.Minutes:00} min";
        if (t.TotalMinutes >= 1) return $"{t.Minutes} min {t.Seconds:00} s";
        return s.ToString("0.0", C) + " s";
    }

    /// <summary>A UTC time in the reader's terms (UTC, ISO-like).</summary>
    public static string Time(DateTime? utc) => utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", C) : "-";

    /// <summary>Chip colour of a run status.</summary>
    public static Color StatusColor(string status) => status switch
    {
        "queued" => Color.Default,
        "running" => Color.Info,
        "succeeded" => Color.Success,
        "failed" => Color.Error,
        "cancelled" => Color.Warning,
        _ => Color.Default,
    };
}
